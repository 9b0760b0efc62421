import { readFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import type { GenerationJob, SeedanceError } from '@seedance-kit/core';
import { createIdempotencyKey } from '@seedance-kit/core/internal';
import { signerConfigSchema } from '@seedance-kit/core/protocol';
import { startSegmindEmulator } from '@seedance-kit/emulator';
import { afterEach, describe, expect, it } from 'vitest';
import type { SeedanceHandlerOptions } from './options';
import {
  type HarnessOptions,
  type SignerHarness,
  signExpiredTestToken,
  startSignerHarness,
  TEST_API_KEY,
} from './test-harness';

/* Attacks the issue "signer hardening" found, each over real HTTP against the emulator. */

let harness: SignerHarness | undefined;

async function start(overrides: Partial<SeedanceHandlerOptions> = {}, options: HarnessOptions = {}) {
  harness = await startSignerHarness(overrides, { latency: { queuedMs: 30, processingMs: 60 }, ...options });
  return harness;
}

afterEach(async () => {
  for (const body of harness?.bodies ?? []) expect(body.toLowerCase()).not.toContain(TEST_API_KEY.toLowerCase());
  await harness?.close();
  harness = undefined;
});

const jpeg = new Uint8Array(
  readFileSync(new URL('../../emulator/media/seedance-16x9-last-frame.jpg', import.meta.url)),
);
const submits = (signer: SignerHarness) => signer.emulator.requests().filter((request) => request.route === 'submit');

async function post(signer: SignerHarness, input: object, user = 'alice', idempotencyKey = createIdempotencyKey()) {
  const response = await fetch(`${signer.url}/api/seedance/generations`, {
    method: 'POST',
    headers: {
      'x-test-user': user,
      'content-type': 'application/json',
      'x-seedance-protocol': '1',
      'idempotency-key': idempotencyKey,
    },
    body: JSON.stringify({ input }),
  });
  return { status: response.status, body: (await response.json()) as { job?: GenerationJob; error?: SeedanceError } };
}

async function upload(signer: SignerHarness, body: Uint8Array, user = 'alice', contentType = 'image/jpeg') {
  const response = await fetch(`${signer.url}/api/seedance/uploads`, {
    method: 'POST',
    headers: {
      'x-test-user': user,
      'x-seedance-protocol': '1',
      'x-seedance-upload-kind': 'image',
      'content-type': contentType,
    },
    body: body as unknown as BodyInit,
  });
  return { status: response.status, body: (await response.json()) as { error?: SeedanceError } };
}

async function finished(signer: SignerHarness, job: GenerationJob, user = 'alice'): Promise<GenerationJob> {
  const transport = signer.transportFor(user);
  let current = job;
  const deadline = Date.now() + 10_000;
  while (!['succeeded', 'failed', 'expired', 'canceled'].includes(current.status) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 30));
    current = await transport.getJob(job.id);
  }
  return current;
}

describe('reference and frame URLs', () => {
  it.each([
    'http://169.254.169.254/latest/meta-data/iam',
    'http://127.0.0.1:6379/',
    'http://localhost/a.png',
    'http://LOCALHOST./a.png',
    'http://[::1]/a.png',
    'http://[::ffff:127.0.0.1]/a.png',
    'http://[::ffff:a9fe:a9fe]/a.png',
    'http://[fd00::1]/a.png',
    'http://[fe80::1]/a.png',
    'http://[::127.0.0.1]/a.png',
    'http://[64:ff9b::a9fe:a9fe]/a.png',
    'http://[2002:a9fe:a9fe::1]/a.png',
    'http://224.0.0.1/a.png',
    'http://router.home.arpa/a.png',
    'http://10.0.0.8/a.png',
    'http://172.20.1.1/a.png',
    'http://192.168.1.1/a.png',
    'http://100.64.0.1/a.png',
    'http://0.0.0.0/a.png',
    'http://metadata.google.internal/computeMetadata/v1/',
    'http://printer.local/a.png',
    'http://intranet/a.png',
    'http://0x7f000001/a.png',
    'http://2130706433/a.png',
    'http://0177.0.0.1/a.png',
    'http://127.1/a.png',
    'https://user:pass@cdn.example.com/a.png',
    'https://cdn.example.com:8443/a.png',
  ])('refuses %s with a field issue, and nothing reaches the upstream', async (url) => {
    const signer = await start();
    for (const input of [
      { prompt: 'A frame', first_frame_url: url },
      { prompt: 'A reference', reference_images: ['https://cdn.example.com/ok.png', url] },
    ]) {
      const { status, body } = await post(signer, input);
      expect(status).toBe(400);
      expect(body.error).toMatchObject({ code: 'VALIDATION_FAILED' });
      expect(body.error?.issues?.length).toBe(1);
    }
    expect(submits(signer)).toHaveLength(0);
  });

  it('accepts public hosts, and the signer’s own upload host whatever its address', async () => {
    const signer = await start();
    const stored = await upload(signer, jpeg);
    expect(stored.status).toBe(201);
    const assetUrl = (stored.body as { asset: { url: string } }).asset.url;
    expect(new URL(assetUrl).hostname).toBe('127.0.0.1');
    const { status } = await post(signer, {
      prompt: 'A public and an uploaded reference',
      reference_images: ['https://cdn.example.com/a.png', assetUrl],
    });
    expect(status).toBe(202);
  });

  it('takes only the listed hosts (and its own) when policy.referenceHosts is set', async () => {
    const signer = await start({ policy: { referenceHosts: ['media.example.org'] } });
    const refused = await post(signer, { prompt: 'Off list', first_frame_url: 'https://cdn.example.com/a.png' });
    expect(refused.status).toBe(400);
    expect(refused.body.error?.message).toMatch(/not one of the hosts this site takes media from/);
    const listed = await post(signer, { prompt: 'On list', first_frame_url: 'https://media.example.org/a.png' });
    expect(listed.status).toBe(202);
  });
});

describe('upstream text', () => {
  it('is scrubbed before it is cut, in any letter case, of any SG_-shaped token', async () => {
    const signer = await start();
    // Another deployment's key, and one with no digits (which the filter of ids that runs later would not take).
    const message = `${'x'.repeat(282)}${TEST_API_KEY} ${TEST_API_KEY.toLowerCase()} SG_anotherKey9876543210 sg_lettersonlykey`;
    for (const shifted of [message, message.slice(250)]) {
      signer.emulator.faults.inject({ route: 'submit', kind: { status: 422, message: shifted } });
      const { status, body } = await post(signer, { prompt: 'A kite' });
      expect(status).toBe(422);
      const text = body.error?.message.toLowerCase() ?? '';
      expect(text).toContain('refused these parameters');
      expect(text).not.toMatch(/sg_[0-9a-z]{4}/);
    }
    signer.emulator.faults.inject({
      route: 'submit',
      kind: { type: 'fail-job', message: `bad key ${TEST_API_KEY.toUpperCase()}` },
    });
    const failed = await finished(signer, (await post(signer, { prompt: 'A failing job' })).body.job!);
    expect(failed.status).toBe('failed');
    expect(failed.error?.message.toLowerCase()).not.toMatch(/sg_[0-9a-z]{4}/);
  });

  it('loses no prefix of a key of any shape to a cut, in any letter case', async () => {
    // A key with no SG_ shape and no digits: nothing but the scrub of the configured key can take it out (the id
    // and SG_-token filters after it would hide a scrub that ran too late or missed a case).
    const apiKey = 'segmind-key-abcdefghijklmnopqrstuvwxyz';
    const emulator = await startSegmindEmulator({ apiKey, latency: { queuedMs: 30, processingMs: 60 } });
    try {
      const signer = await start({ apiKey, limits: { requestsPerMinute: 1_000 } }, { emulator });
      // The key straddles every cut a message could meet on its way (the old code cut at 300 before scrubbing).
      for (const at of [200, 230, 240, 260, 290, 295]) {
        for (const key of [apiKey, apiKey.toUpperCase(), apiKey.toLowerCase().replace('key', 'KEY')]) {
          const message = `Bad value${' '.repeat(at - 9)}${key} was refused`;
          signer.emulator.faults.inject({ route: 'submit', kind: { status: 422, message } });
          const { status, body } = await post(signer, { prompt: 'A kite' });
          expect(status).toBe(422);
          const text = body.error?.message.toLowerCase() ?? '';
          expect(text).toContain('refused these parameters');
          expect(text, `key at ${at}`).not.toContain(apiKey.slice(0, 8));
        }
      }
    } finally {
      await harness?.close();
      harness = undefined;
      await emulator.stop();
    }
  });
});

describe('the media routes agree with the job route', () => {
  it('refuse an expired job, and a canceled one, without an upstream call', async () => {
    const signer = await start();
    const job = await finished(signer, (await post(signer, { prompt: 'A finished job' })).body.job!);
    expect(job.status).toBe('succeeded');
    // The token's payload starts with the upstream request id (it is signed, not secret).
    const requestId = (JSON.parse(Buffer.from(job.id.split('.')[1] ?? '', 'base64url').toString()) as string[])[0];
    const expiredToken = await signExpiredTestToken(String(requestId), 'alice');
    const canceled = (await post(signer, { prompt: 'A job canceled before it ends' })).body.job!;
    await fetch(`${signer.url}/api/seedance/generations/${encodeURIComponent(canceled.id)}`, {
      method: 'DELETE',
      headers: { 'x-test-user': 'alice', 'x-seedance-protocol': '1' },
    });
    signer.emulator.clearRequests();
    for (const [token, status, code] of [
      [expiredToken, 410, 'EXPIRED'],
      [canceled.id, 404, 'NOT_FOUND'],
    ] as const) {
      for (const route of ['video', 'last-frame']) {
        const response = await fetch(`${signer.url}/api/seedance/generations/${encodeURIComponent(token)}/${route}`, {
          headers: { 'x-test-user': 'alice' },
        });
        expect(response.status).toBe(status);
        expect(await response.json()).toMatchObject({ error: { code } });
      }
    }
    expect(signer.emulator.requests()).toEqual([]);
  });
});

describe('the media routes send the CDN nothing of the site or the user', () => {
  it('fetch media without the key, passing on only Range and conditional headers', async () => {
    const signer = await start();
    const job = await finished(signer, (await post(signer, { prompt: 'A job whose media is read' })).body.job!);
    expect(job.status).toBe('succeeded');
    signer.emulator.clearRequests();
    const response = await fetch(job.result!.videoUrl, {
      headers: {
        'x-test-user': 'alice',
        range: 'bytes=0-99',
        cookie: 'session=secret-session',
        authorization: 'Bearer user-token',
        'if-none-match': '"v1"',
      },
    });
    expect(response.status).toBe(206);
    await response.arrayBuffer();
    const cdn = signer.emulator.requests().filter((request) => request.route === 'cdn');
    expect(cdn).toHaveLength(1);
    const sent = cdn[0]!.headers;
    expect(sent.range).toBe('bytes=0-99');
    expect(sent['if-none-match']).toBe('"v1"');
    for (const name of ['x-api-key', 'authorization', 'cookie', 'x-test-user'])
      expect(sent[name], name).toBeUndefined();
  });
});

describe('the media routes fetch only from the allowed hosts', () => {
  it('refuse a result whose media sits on another host, without fetching it', async () => {
    const signer = await start({ upstream: { mediaHosts: ['cdn.example.org'] } }, {});
    // The harness points upstream.baseUrl at the emulator; only mediaHosts changes, so its CDN is not allowed.
    const job = await finished(signer, (await post(signer, { prompt: 'A job on a foreign CDN' })).body.job!);
    expect(job.status).toBe('succeeded');
    signer.emulator.clearRequests();
    const response = await fetch(job.result!.videoUrl, { headers: { 'x-test-user': 'alice' } });
    expect(response.status).toBe(500);
    expect(await response.json()).toMatchObject({ error: { code: 'MISCONFIGURED' } });
    expect(signer.emulator.requests().filter((request) => request.route === 'cdn')).toEqual([]);
  });
});

describe('background work', () => {
  it('survives a completion hook, a waitUntil and an onError that all throw', async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    try {
      const signer = await start({
        onGenerationComplete: () => {
          throw new Error('the hook broke');
        },
        waitUntil: () => {
          throw new Error('waitUntil broke');
        },
        onError: () => {
          throw new Error('the reporter broke');
        },
      });
      const job = await finished(signer, (await post(signer, { prompt: 'A job whose hook throws' })).body.job!);
      expect(job.status).toBe('succeeded');
      await signer.transportFor('alice').getJob(job.id);
      await new Promise((resolve) => setTimeout(resolve, 100));
      const config = await fetch(`${signer.url}/api/seedance/config`, { headers: { 'x-test-user': 'alice' } });
      expect(config.status).toBe(200);
      expect(unhandled).toEqual([]);
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  });
});

describe('store keys', () => {
  it('never collide when a user id contains ":"', async () => {
    const signer = await start();
    const input = { prompt: 'The same input from two users' };
    const first = await post(signer, input, 'a:b', 'cccccccc-1');
    const second = await post(signer, input, 'a', 'b:cccccccc-1');
    expect(first.status).toBe(202);
    expect(second.status).toBe(202);
    expect(second.body.job?.id).not.toBe(first.body.job?.id);
    expect(submits(signer)).toHaveLength(2);
  });
});

describe('uploads', () => {
  it('refuses a polyglot: an image signature followed by markup, in the first bytes or past the first megabyte', async () => {
    const signer = await start();
    const png = new Uint8Array([
      0x89,
      0x50,
      0x4e,
      0x47,
      0x0d,
      0x0a,
      0x1a,
      0x0a,
      ...new TextEncoder().encode('<script>alert(document.domain)</script>'),
    ]);
    const early = await upload(signer, png, 'alice', 'image/png');
    expect(early.status).toBe(415);
    expect(early.body.error?.message).toMatch(/HTML or script markup/);
    const late = new Uint8Array(jpeg.byteLength + 1_200_000 + 64);
    late.set(jpeg);
    late.set(new TextEncoder().encode('<html><body onload=alert(1)>'), jpeg.byteLength + 1_200_000);
    const tail = await upload(signer, late);
    expect(tail.status).toBe(415);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(
      signer.emulator.requests().filter((request) => request.route === 'upload' && request.status === 200),
    ).toHaveLength(0);
    expect((await upload(signer, jpeg)).status).toBe(201);
  });

  it('serves the upload limits in /config', async () => {
    const signer = await start({ limits: { uploadsPerMinute: 7, concurrentUploads: 2 } });
    const response = await fetch(`${signer.url}/api/seedance/config`, { headers: { 'x-test-user': 'alice' } });
    const config = signerConfigSchema.parse(await response.json());
    expect(config.uploadLimits).toEqual({ perMinute: 7, bytesPerDay: 1024 * 1024 * 1024, concurrent: 2 });
  });

  it('limits uploads per minute and bytes per day, per user', async () => {
    const signer = await start({ limits: { uploadsPerMinute: 2, uploadBytesPerDay: jpeg.byteLength * 3 } });
    expect((await upload(signer, jpeg)).status).toBe(201);
    expect((await upload(signer, jpeg)).status).toBe(201);
    const third = await upload(signer, jpeg);
    expect(third.status).toBe(429);
    expect(third.body.error).toMatchObject({ code: 'RATE_LIMITED', retryable: true });
    expect((await upload(signer, jpeg, 'bob')).status).toBe(201);
    const big = new Uint8Array(jpeg.byteLength * 3);
    big.set(jpeg);
    const overBudget = await upload(signer, big, 'bob');
    expect(overBudget.status).toBe(429);
    expect(overBudget.body.error).toMatchObject({ code: 'QUOTA_EXCEEDED', retryable: false });
    expect(overBudget.body.error?.message).toMatch(/of uploads for today are left/);
  });

  it('limits concurrent uploads before reading the body, and frees the slot when one ends', async () => {
    const signer = await start({ limits: { concurrentUploads: 1 } });
    const first = stalledUpload(signer, 200_000, jpeg.subarray(0, 100));
    await new Promise((resolve) => setTimeout(resolve, 100));
    // The second body never even starts: the answer comes from the headers alone.
    const second = stalledUpload(signer, 200_000, new Uint8Array(0));
    const refused = await second.answer;
    expect(refused.status).toBe(429);
    expect(JSON.parse(refused.body)).toMatchObject({ error: { code: 'QUOTA_EXCEEDED', retryable: true } });
    first.abort();
    await first.answer;
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect((await upload(signer, jpeg)).status).toBe(201);
  });

  it('stops an upload that runs past its time cap, or arrives slower than the minimum rate', {
    timeout: 30_000,
  }, async () => {
    const signer = await start({ limits: { uploadMaxMs: 1_000 } });
    const started = performance.now();
    const capped = await stalledUpload(signer, 200_000, jpeg.subarray(0, 1_000)).answer;
    expect(capped.status).toBe(400);
    expect(JSON.parse(capped.body).error.message).toMatch(/took longer than 1 s/);
    expect(performance.now() - started).toBeLessThan(5_000);
    await signer.close();

    const slow = await start({ limits: { uploadMinBytesPerSecond: 64 * 1024 } });
    const trickled = await stalledUpload(slow, 2_000_000, jpeg.subarray(0, 1_000)).answer;
    expect(trickled.status).toBe(400);
    expect(JSON.parse(trickled.body).error.message).toMatch(/slower than 64 KB\/s/);
  });
});

/** An upload over raw HTTP that sends `sent` and then nothing more, though it declared `declared` bytes. */
function stalledUpload(signer: SignerHarness, declared: number, sent: Uint8Array) {
  const outgoing = httpRequest(`${signer.url}/api/seedance/uploads`, {
    method: 'POST',
    headers: {
      'x-test-user': 'alice',
      'x-seedance-protocol': '1',
      'x-seedance-upload-kind': 'image',
      'content-type': 'image/jpeg',
      'content-length': String(declared),
    },
  });
  const answer = new Promise<{ status: number; body: string }>((resolve) => {
    outgoing.on('response', (incoming) => {
      let text = '';
      incoming.on('data', (chunk: Buffer) => {
        text += chunk.toString();
      });
      incoming.on('end', () => resolve({ status: incoming.statusCode ?? 0, body: text }));
      incoming.on('error', () => resolve({ status: incoming.statusCode ?? 0, body: text }));
    });
    outgoing.on('error', () => resolve({ status: 0, body: '' }));
  });
  outgoing.flushHeaders();
  if (sent.byteLength > 0) outgoing.write(sent);
  return { answer, abort: () => outgoing.destroy() };
}
