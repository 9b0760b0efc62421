import { fork } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import type { SeedanceError, UploadedAsset } from '@seedance-kit/core';
import { startSegmindEmulator } from '@seedance-kit/emulator';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSeedanceHandler } from '../handler';
import { makeMp3, makeMp4, makeMp4Head } from '../media-fixtures';
import { type SignerHarness, startSignerHarness, TEST_API_KEY, TEST_SECRET } from '../test-harness';

let harness: SignerHarness;

beforeEach(async () => {
  harness = await startSignerHarness();
});

afterEach(async () => {
  for (const body of harness.bodies) expect(body).not.toContain(TEST_API_KEY);
  await harness.close();
});

const jpeg = new Uint8Array(
  readFileSync(new URL('../../../emulator/media/seedance-16x9-last-frame.jpg', import.meta.url)),
);
const mp4 = new Uint8Array(readFileSync(new URL('../../../emulator/media/seedance-9x16.mp4', import.meta.url)));

const uploadHeaders = (kind: string, contentType: string, extra: Record<string, string> = {}) => ({
  'x-test-user': 'alice',
  'x-seedance-protocol': '1',
  'x-seedance-upload-kind': kind,
  'content-type': contentType,
  ...extra,
});

async function postUpload(body: BodyInit, headers: Record<string, string>) {
  const response = await fetch(`${harness.url}/api/seedance/uploads`, {
    method: 'POST',
    headers,
    body,
    duplex: 'half',
  } as RequestInit);
  return { status: response.status, body: (await response.json()) as { asset?: UploadedAsset; error?: SeedanceError } };
}

const uploads = () => harness.emulator.requests().filter((request) => request.route === 'upload');

describe('POST /uploads through the signer and the emulator', () => {
  it.each([
    ['image', 'image/jpeg', jpeg, undefined],
    ['video', 'video/mp4', mp4, 5],
    ['audio', 'audio/mpeg', makeMp3({ bytes: 48_000 }), 3],
  ] as const)('stores a %s the CDN serves back byte for byte', async (kind, contentType, bytes, seconds) => {
    const { status, body } = await postUpload(
      bytes,
      uploadHeaders(kind, contentType, { 'x-seedance-filename': encodeURIComponent('mon fichier é.bin') }),
    );
    expect(status).toBe(201);
    expect(body.asset).toMatchObject({ kind, contentType, bytes: bytes.byteLength });
    if (seconds === undefined) expect(body.asset?.durationSeconds).toBeUndefined();
    else expect(body.asset?.durationSeconds).toBeCloseTo(seconds, 1);
    expect(body.asset?.url).toMatch(new RegExp(`^${harness.emulator.url}/cdn/assets/`));

    const served = await fetch(body.asset!.url);
    expect(served.headers.get('content-type')).toBe(contentType);
    expect(new Uint8Array(await served.arrayBuffer())).toEqual(bytes);
    // The key went to the upload host, and nothing of the file name did.
    expect(uploads()).toHaveLength(1);
    expect(uploads()[0]?.headers['x-api-key']).toBeDefined();
    expect(JSON.stringify(uploads()[0]?.body)).not.toContain('fichier');
  });

  it('is what createSignerTransport.upload speaks, and the asset URL is accepted as a reference', async () => {
    const alice = harness.transportFor('alice');
    const asset = await alice.upload!(new Blob([jpeg], { type: 'image/jpeg' }), {
      kind: 'image',
      fileName: 'frame.jpg',
    });
    expect(asset).toMatchObject({ kind: 'image', contentType: 'image/jpeg', bytes: jpeg.byteLength });
    const job = await alice.submit(
      { prompt: 'The frame, animated', first_frame_url: asset.url },
      { idempotencyKey: 'upload-then-submit-1' },
    );
    expect(job.status).toBe('queued');
  });

  it.each([
    [
      'wrong kind',
      uploadHeaders('document', 'image/jpeg'),
      jpeg,
      400,
      'VALIDATION_FAILED',
      /x-seedance-upload-kind: image, video, audio/,
    ],
    [
      'no CSRF header',
      { ...uploadHeaders('image', 'image/jpeg'), 'x-seedance-protocol': '' },
      jpeg,
      400,
      'VALIDATION_FAILED',
      /x-seedance-protocol: 2/,
    ],
    [
      'a type the kind does not take',
      uploadHeaders('image', 'image/gif'),
      jpeg,
      415,
      'UNSUPPORTED_MEDIA_TYPE',
      /must be image\/jpeg, image\/png, image\/webp/,
    ],
    [
      'bytes that are not the declared type',
      uploadHeaders('image', 'image/png'),
      jpeg,
      415,
      'UNSUPPORTED_MEDIA_TYPE',
      /declared as image\/png but its bytes are a JPEG image/,
    ],
    [
      'a 1 s video',
      uploadHeaders('video', 'video/mp4'),
      makeMp4({ seconds: 1 }),
      400,
      'VALIDATION_FAILED',
      /1 s long; reference videos must be 2-15 s/,
    ],
    [
      'a 20 s video',
      uploadHeaders('video', 'video/quicktime'),
      makeMp4({ seconds: 20 }),
      400,
      'VALIDATION_FAILED',
      /20 s long/,
    ],
    [
      'a 20 s MP3',
      uploadHeaders('audio', 'audio/mpeg'),
      makeMp3({ bytes: 320_000 }),
      400,
      'VALIDATION_FAILED',
      /about 20 s long/,
    ],
    ['an empty file', uploadHeaders('image', 'image/jpeg'), new Uint8Array(0), 400, 'VALIDATION_FAILED', /empty/],
  ] as const)('refuses %s and forwards nothing', async (_name, headers, bytes, status, code, message) => {
    const response = await postUpload(bytes, headers);
    expect(response.status).toBe(status);
    expect(response.body.error).toMatchObject({ code, message: expect.stringMatching(message) });
    expect(uploads()).toHaveLength(0);
  });

  it('refuses a body without Content-Length', async () => {
    const chunked = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(jpeg);
        controller.close();
      },
    });
    const response = await postUpload(chunked, uploadHeaders('image', 'image/jpeg'));
    expect(response.status).toBe(400);
    expect(response.body.error?.message).toMatch(/needs a Content-Length header/);
    expect(uploads()).toHaveLength(0);
  });

  it("refuses a file over the policy's size for its kind before reading it", async () => {
    const small = await startSignerHarness({ policy: { maxUploadBytes: { image: 10_000 } } });
    try {
      const response = await fetch(`${small.url}/api/seedance/uploads`, {
        method: 'POST',
        headers: uploadHeaders('image', 'image/jpeg'),
        body: jpeg,
      });
      expect(response.status).toBe(413);
      expect(await response.json()).toMatchObject({
        error: { code: 'PAYLOAD_TOO_LARGE', message: expect.stringMatching(/up to 10 KB/) },
      });
      expect(small.emulator.requests()).toHaveLength(0);
    } finally {
      await small.close();
    }
  });

  it.each([
    [406, 'INSUFFICIENT_CREDITS', 402],
    [500, 'UPSTREAM_UNAVAILABLE', 502],
    [400, 'UPSTREAM_REJECTED', 422],
  ] as const)('maps upstream %i on upload to %s, without retrying', async (upstreamStatus, code, status) => {
    harness.emulator.faults.inject({ route: 'upload', kind: { status: upstreamStatus }, times: 3 });
    const response = await postUpload(jpeg, uploadHeaders('image', 'image/jpeg'));
    expect(response.status).toBe(status);
    expect(response.body.error?.code).toBe(code);
    expect(uploads()).toHaveLength(1);
  });

  it('accepts the documented {urls} answer too', async () => {
    const docsShape = await startSegmindEmulator({ apiKey: TEST_API_KEY, uploadResponseKey: 'urls' });
    const signer = await startSignerHarness({ upstream: { baseUrl: docsShape.url } });
    try {
      const response = await fetch(`${signer.url}/api/seedance/uploads`, {
        method: 'POST',
        headers: uploadHeaders('image', 'image/jpeg'),
        body: jpeg,
      });
      expect(response.status).toBe(201);
      expect(((await response.json()) as { asset: UploadedAsset }).asset.url).toMatch(
        /^http:\/\/127\.0\.0\.1:\d+\/cdn\/assets\//,
      );
    } finally {
      await signer.close();
      await docsShape.stop();
    }
  });

  it('answers the CORS preflight for the upload headers', async () => {
    const cors = await startSignerHarness({ allowedOrigins: ['https://app.example.com'] });
    try {
      const response = await fetch(`${cors.url}/api/seedance/uploads`, {
        method: 'OPTIONS',
        headers: { origin: 'https://app.example.com' },
      });
      expect(response.headers.get('access-control-allow-headers')).toMatch(
        /x-seedance-upload-kind, x-seedance-filename/,
      );
    } finally {
      await cors.close();
    }
  });
});

describe('a Content-Length that lies', () => {
  // Over HTTP/1.1 through Node's server a body cannot outrun its Content-Length (the parser stops there), but a
  // web-standard runtime or a proxy in front of the handler can hand it a stream longer than the header says. Call
  // the handler with such a Request directly, in front of a real emulator.
  it('refuses more bytes than declared and never completes the upstream upload', async () => {
    const emulator = await startSegmindEmulator({ apiKey: TEST_API_KEY });
    try {
      const handler = createSeedanceHandler({
        apiKey: TEST_API_KEY,
        secret: TEST_SECRET,
        authorize: () => ({ id: 'alice' }),
        upstream: { baseUrl: emulator.url },
        onError: () => {},
      });
      const declared = 2 * 1024 * 1024;
      const head = makeMp4Head(5, declared);
      const block = new Uint8Array(256 * 1024);
      let sent = 0;
      const body = new ReadableStream<Uint8Array>({
        pull(controller) {
          // Twice what was declared: the excess must be cut off, not forwarded.
          if (sent >= 2 * declared) return controller.close();
          const chunk = sent === 0 ? head : block;
          sent += chunk.byteLength;
          controller.enqueue(chunk);
        },
      });
      const response = await handler(
        new Request('http://signer.test/api/seedance/uploads', {
          method: 'POST',
          headers: { ...uploadHeaders('video', 'video/mp4'), 'content-length': String(declared) },
          body,
          duplex: 'half',
        } as RequestInit),
      );
      expect(response.status).toBe(413);
      expect(await response.json()).toMatchObject({
        error: { code: 'PAYLOAD_TOO_LARGE', message: expect.stringMatching(/more than the 2097152 bytes/) },
      });
      expect(sent).toBeLessThan(2 * declared);
      // The upstream saw a body cut short of its Content-Length: it stored nothing.
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(emulator.requests().filter((request) => request.status === 200)).toHaveLength(0);
    } finally {
      await emulator.stop();
    }
  });

  it('refuses a body that ends before its Content-Length', async () => {
    const response = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const outgoing = httpRequest(`${harness.url}/api/seedance/uploads`, {
        method: 'POST',
        headers: { ...uploadHeaders('image', 'image/jpeg'), 'content-length': String(jpeg.byteLength + 1000) },
      });
      outgoing.on('response', (incoming) => {
        let text = '';
        incoming.on('data', (chunk: Buffer) => {
          text += chunk.toString();
        });
        incoming.on('end', () => resolve({ status: incoming.statusCode ?? 0, body: text }));
      });
      outgoing.on('error', reject);
      // Send the file, then go quiet: the signer is still waiting for 1000 bytes when the client gives up.
      outgoing.write(jpeg);
      setTimeout(() => outgoing.destroy(), 200);
    }).catch((error: unknown) => ({ status: 0, body: String(error) }));
    // The client hung up, so it may not see the answer; what matters is that nothing was stored upstream.
    expect([0, 400]).toContain(response.status);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(
      harness.emulator.requests().filter((request) => request.route === 'upload' && request.status === 200),
    ).toHaveLength(0);
  });
});

describe('memory', () => {
  // Measured on a signer in a child process, so the RSS is the signer's alone: not the test's client, and not the
  // upstream. The emulator keeps every upload in memory (and buffers each request body whole), so the signer is
  // pointed instead at a stub upstream here that decodes the base64 as it arrives, hashes and counts the bytes,
  // and keeps none of them. The child samples its RSS right after full collections (see test-signer-process.ts);
  // without them it shows 30-45 MB more of dead buffers V8 frees lazily. This is the test that caught fetch holding
  // the whole body when the upload was allowed to follow redirects (see segmind-client.ts).
  it('streams a 50 MB video upstream without holding it', { timeout: 120_000 }, async () => {
    const stub = await startCountingUpstream();
    const signer = await forkTestSigner(harness.emulator.url, stub.url);
    try {
      const total = 50 * 1024 * 1024;
      const block = new Uint8Array(randomBytes(64 * 1024));
      const sentHash = createHash('sha256');
      // One smaller upload first, so what any upload needs once (compiled code, connections, the allocator's and the
      // collector's working sizes) is not counted: the question is whether memory grows with the file.
      const warmUp = await sendGenerated(`${signer.url}/api/seedance/uploads`, 8 * 1024 * 1024, block, () => {});
      expect(warmUp.status).toBe(201);
      await signer.ask('reset');

      let written = 0;
      let lead = 0;
      const sampler = setInterval(() => {
        lead = Math.max(lead, written - stub.progress());
      }, 5);
      const response = await sendGenerated(`${signer.url}/api/seedance/uploads`, total, block, (chunk) => {
        written += chunk.byteLength;
        sentHash.update(chunk);
      });
      clearInterval(sampler);
      const { baseline, peak } = await signer.ask('report');

      expect(response.status).toBe(201);
      expect(JSON.parse(response.body)).toMatchObject({ asset: { bytes: total, durationSeconds: 5 } });
      expect(stub.received).toMatchObject({
        contentLength: String(Math.ceil(total / 3) * 4 + '{"data_urls":["data:video/mp4;base64,"]}'.length),
        chunked: false,
        bytes: total,
        sha256: sentHash.digest('hex'),
        complete: true,
      });
      const growthMb = (peak - baseline) / (1024 * 1024);
      console.info(
        `signer RSS grew by ${growthMb.toFixed(1)} MB while streaming a 50 MB upload; the client was at most ${(lead / 1048576).toFixed(1)} MB ahead of the upstream`,
      );
      // Buffered, 50 MB would cost 50 MB of bytes plus ~70 MB of base64; streamed it stays near the socket buffers.
      // Measured 10-21 MB alone and 22-28 MB under the parallel suite: 40 MB keeps that margin and still fails a buffer.
      expect(growthMb).toBeLessThan(40);
      // Backpressure end to end: the client can only run a few socket buffers ahead of the upstream.
      expect(lead).toBeLessThan(16 * 1024 * 1024);
    } finally {
      signer.stop();
      await stub.close();
    }
  });
});

/** Starts `test-signer-process.ts` in a child process (TypeScript through tsx, workspace sources). */
async function forkTestSigner(baseUrl: string, uploadBaseUrl: string) {
  const child = fork(fileURLToPath(new URL('../test-signer-process.ts', import.meta.url)), [baseUrl, uploadBaseUrl], {
    // --expose-gc: samples follow a full collection. A 4 MB nursery keeps V8's young generation, which grows with
    // the allocation rate and not with the file, from dominating the figure.
    execArgv: ['--import', 'tsx', '--conditions=@seedance-kit/source', '--expose-gc', '--max-semi-space-size=4'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const next = <T>(type: string) =>
    new Promise<T>((resolve, reject) => {
      const onMessage = (message: { type: string }) => {
        if (message.type !== type) return;
        child.off('message', onMessage);
        resolve(message as T);
      };
      child.on('message', onMessage);
      child.once('exit', (code) => reject(new Error(`the signer process exited (${code})`)));
    });
  const { url } = await next<{ url: string }>('listening');
  return {
    url,
    ask<Type extends 'reset' | 'report'>(type: Type) {
      const answer = next<{ baseline: number; peak: number }>(type);
      child.send({ type });
      return answer;
    },
    stop: () => child.kill(),
  };
}

/** POSTs an MP4 of `total` bytes (a 5 s header, then `block` repeated) with backpressure, never holding it whole. */
function sendGenerated(
  url: string,
  total: number,
  block: Uint8Array,
  onChunk: (chunk: Uint8Array) => void,
): Promise<{ status: number; body: string }> {
  const head = makeMp4Head(5, total);
  return new Promise((resolve, reject) => {
    const outgoing = httpRequest(url, {
      method: 'POST',
      headers: { ...uploadHeaders('video', 'video/mp4'), 'content-length': String(total) },
    });
    outgoing.on('response', (incoming) => {
      let text = '';
      incoming.on('data', (chunk: Buffer) => {
        text += chunk.toString();
      });
      incoming.on('end', () => resolve({ status: incoming.statusCode ?? 0, body: text }));
    });
    outgoing.on('error', reject);
    let sent = 0;
    const writeMore = () => {
      while (sent < total) {
        const chunk = sent === 0 ? head : block.subarray(0, Math.min(block.byteLength, total - sent));
        sent += chunk.byteLength;
        onChunk(chunk);
        if (!outgoing.write(chunk)) return void outgoing.once('drain', writeMore);
      }
      outgoing.end();
    };
    writeMore();
  });
}

interface CountingUpstream {
  url: string;
  progress(): number;
  received: { contentLength?: string; chunked: boolean; bytes: number; sha256: string; complete: boolean } | undefined;
  close(): Promise<void>;
}

/** An upload-asset stand-in that decodes and hashes the data URL as it streams in, and keeps nothing. */
async function startCountingUpstream(): Promise<CountingUpstream> {
  let progress = 0;
  const state: CountingUpstream = { url: '', received: undefined, close: async () => {}, progress: () => progress };
  const server: Server = createServer((incoming, outgoing) => {
    const hash = createHash('sha256');
    let bytes = 0;
    let text = '';
    let phase: 'prefix' | 'data' | 'suffix' = 'prefix';
    incoming.setEncoding('latin1');
    incoming.on('data', (chunk: string) => {
      text += chunk;
      if (phase === 'prefix') {
        const start = text.indexOf('base64,');
        if (start === -1) return;
        phase = 'data';
        text = text.slice(start + 'base64,'.length);
      }
      if (phase !== 'data') return;
      const end = text.indexOf('"');
      const data = end === -1 ? text : text.slice(0, end);
      // Decode whole 4-character groups only; the rest waits for the next chunk.
      const usable = end === -1 ? data.length - (data.length % 4) : data.length;
      const decoded = Buffer.from(data.slice(0, usable), 'base64');
      hash.update(decoded);
      bytes += decoded.byteLength;
      progress = bytes;
      if (end === -1) {
        text = text.slice(usable);
      } else {
        phase = 'suffix';
        text = text.slice(end);
      }
    });
    incoming.on('end', () => {
      state.received = {
        ...(incoming.headers['content-length'] === undefined
          ? {}
          : { contentLength: incoming.headers['content-length'] }),
        chunked: incoming.headers['transfer-encoding'] === 'chunked',
        bytes,
        sha256: hash.digest('hex'),
        complete: phase === 'suffix' && text === '"]}',
      };
      outgoing.setHeader('content-type', 'application/json');
      outgoing.end(JSON.stringify({ file_urls: [`${state.url}/cdn/assets/counted.mp4`] }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  state.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  state.close = () => new Promise<void>((resolve) => server.close(() => resolve()));
  return state;
}
