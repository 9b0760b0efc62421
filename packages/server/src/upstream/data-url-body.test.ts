import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { Base64Encoder, createDataUrlBody, dataUrlBodyLength } from './data-url-body';

function readerOf(chunks: Uint8Array[]): ReadableStreamDefaultReader<Uint8Array> {
  return new ReadableStream<Uint8Array>({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(chunk);
      controller.close();
    },
  }).getReader();
}

function splitRandomly(bytes: Uint8Array): Uint8Array[] {
  const chunks: Uint8Array[] = [];
  for (let offset = 0; offset < bytes.length; ) {
    const size = Math.min(bytes.length - offset, Math.floor(Math.random() * 7));
    chunks.push(bytes.subarray(offset, offset + size));
    offset += size;
  }
  return chunks;
}

describe('Base64Encoder', () => {
  it('encodes any chunking exactly as standard base64 of the whole', () => {
    for (let length = 0; length < 40; length++) {
      const bytes = new Uint8Array(randomBytes(length));
      const encoder = new Base64Encoder();
      const parts = [...splitRandomly(bytes).map((chunk) => encoder.encode(chunk)), encoder.flush()];
      const text = parts.map((part) => new TextDecoder().decode(part)).join('');
      expect(text).toBe(Buffer.from(bytes).toString('base64'));
    }
  });
});

describe('createDataUrlBody', () => {
  const collect = async (stream: ReadableStream<Uint8Array>) =>
    new TextDecoder().decode(await new Response(stream).arrayBuffer());

  it('streams the exact JSON body it announces the length of', async () => {
    const bytes = new Uint8Array(randomBytes(1001));
    const chunks = splitRandomly(bytes.subarray(10));
    const body = createDataUrlBody({
      contentType: 'image/png',
      head: bytes.subarray(0, 10),
      rest: readerOf(chunks),
      expectedBytes: bytes.length,
    });
    const text = await collect(body.stream);
    expect(text).toBe(
      JSON.stringify({ data_urls: [`data:image/png;base64,${Buffer.from(bytes).toString('base64')}`] }),
    );
    expect(new TextEncoder().encode(text).length).toBe(body.contentLength);
    expect(body.contentLength).toBe(dataUrlBodyLength('image/png', 1001));
  });

  it('fails, without encoding the extra bytes, when the client sends more than declared', async () => {
    const body = createDataUrlBody({
      contentType: 'image/png',
      head: new Uint8Array(4),
      rest: readerOf([new Uint8Array(4), new Uint8Array(4)]),
      expectedBytes: 10,
    });
    await expect(collect(body.stream)).rejects.toMatchObject({ code: 'PAYLOAD_TOO_LARGE' });
    expect(body.failure()?.message).toMatch(/more than the 10 bytes its Content-Length declared/);
  });

  it('fails when the client sends fewer bytes than declared', async () => {
    const body = createDataUrlBody({
      contentType: 'image/png',
      head: new Uint8Array(4),
      rest: readerOf([new Uint8Array(4)]),
      expectedBytes: 10,
    });
    await expect(collect(body.stream)).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(body.failure()?.message).toMatch(/ended after 8 of the 10 bytes/);
  });
});
