import { createSignerTransport, type SeedanceTransport } from '@seedance-kit/core';
import { createIdempotencyKey } from '@seedance-kit/core/internal';
import { PROTOCOL_VERSION } from '@seedance-kit/core/protocol';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { waitForTerminal } from '../test-harness';

/** A signer served by some framework on loopback, in front of the emulator. */
export interface MountedSigner {
  /** The server's origin; the signer answers under `${url}/api/seedance`. */
  url: string;
  /** Stops the server and the emulator. */
  close(): Promise<void>;
}

/**
 * The behaviour every adapter must keep, run against a real server of the adapter's kind: the handler sees the
 * full path, authorizes, streams request bodies (so the handler's size cap applies to the stream) and streams the
 * video with `Range`. `start` runs once for the file; the caller wraps this in a `describe`.
 */
export function itBehavesLikeTheSigner(start: () => Promise<MountedSigner>): void {
  let signer: MountedSigner;
  let base: string;
  const as = (userId: string): SeedanceTransport =>
    createSignerTransport({ baseUrl: base, headers: { 'x-test-user': userId } });
  const post = (body: BodyInit, headers: Record<string, string> = {}) =>
    fetch(`${base}/generations`, {
      method: 'POST',
      headers: {
        'x-test-user': 'alice',
        'content-type': 'application/json',
        'x-seedance-protocol': String(PROTOCOL_VERSION),
        'idempotency-key': createIdempotencyKey(),
        ...headers,
      },
      body,
      duplex: 'half',
    } as RequestInit);

  beforeAll(async () => {
    signer = await start();
    base = `${signer.url}/api/seedance`;
  }, 60_000);

  afterAll(async () => {
    await signer?.close();
  });

  it('serves GET /config at the full mount path', async () => {
    const response = await fetch(`${base}/config`, { headers: { 'x-test-user': 'alice' } });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ protocolVersion: PROTOCOL_VERSION });
  });

  it('answers 401 to a caller that is not signed in', async () => {
    const response = await fetch(`${base}/config`);
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ error: { code: 'UNAUTHENTICATED' } });
  });

  it('runs a generation to succeeded and streams the video with Range', async () => {
    const alice = as('alice');
    let job = await alice.submit(
      { prompt: 'A paper boat on a rain puddle' },
      { idempotencyKey: createIdempotencyKey() },
    );
    job = await waitForTerminal(alice, job);
    expect(job.status).toBe('succeeded');
    const videoUrl = job.result!.videoUrl;
    expect(videoUrl).toBe(`${base}/generations/${encodeURIComponent(job.id)}/video`);

    const partial = await fetch(videoUrl, { headers: { 'x-test-user': 'alice', range: 'bytes=0-99' } });
    expect(partial.status).toBe(206);
    expect(partial.headers.get('content-type')).toBe('video/mp4');
    expect(partial.headers.get('content-range')).toMatch(/^bytes 0-99\/\d+$/);
    const bytes = new Uint8Array(await partial.arrayBuffer());
    expect(bytes.byteLength).toBe(100);
    expect(new TextDecoder().decode(bytes.slice(4, 8))).toBe('ftyp');
  });

  it('streams a JSON body sent in chunks without Content-Length to the handler', async () => {
    const body = JSON.stringify({ input: { prompt: 'A heron standing in fog, slow dolly in' } });
    const response = await post(chunked(body, 8));
    expect(response.status).toBe(202);
    expect(await response.json()).toMatchObject({ job: { status: 'queued' } });
  });

  it('refuses a body over the 64 KiB cap with 413, whether declared or streamed', async () => {
    const huge = JSON.stringify({ input: { prompt: 'x'.repeat(80 * 1024) } });
    const declared = await post(huge);
    expect(declared.status).toBe(413);
    expect(await declared.json()).toMatchObject({ error: { code: 'PAYLOAD_TOO_LARGE' } });

    // No Content-Length: only the handler's count of streamed bytes can catch it, so the adapter must pass the
    // stream through rather than a body something else buffered.
    const streamed = await post(chunked(`${huge}${' '.repeat(256 * 1024)}`, 16 * 1024));
    expect(streamed.status).toBe(413);
    expect(await streamed.json()).toMatchObject({ error: { code: 'PAYLOAD_TOO_LARGE' } });
  });
}

/** A request body that `fetch` sends with `Transfer-Encoding: chunked`, in pieces of `size` bytes. */
function chunked(text: string, size: number): ReadableStream<Uint8Array> {
  const bytes = new TextEncoder().encode(text);
  let offset = 0;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      if (offset >= bytes.byteLength) {
        controller.close();
        return;
      }
      controller.enqueue(bytes.slice(offset, offset + size));
      offset += size;
    },
  });
}
