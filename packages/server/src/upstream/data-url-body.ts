import { SeedanceError } from '@seedance-kit/core';

/** What {@link createDataUrlBody} reads. */
export interface DataUrlBodySource {
  /** The MIME type written into the data URL (ASCII, already checked). */
  contentType: string;
  /** The bytes already read from the client (to sniff them), sent first. */
  head: Uint8Array;
  /** The rest of the client's body. */
  rest: ReadableStreamDefaultReader<Uint8Array>;
  /** How many bytes the client declared in `Content-Length`: exactly this many are sent, or the body fails. */
  expectedBytes: number;
}

/** Segmind's upload-asset body for one file, as a stream of known length. */
export interface DataUrlBody {
  /** `{"data_urls":["data:<mime>;base64,<...>"]}`, produced as the client's bytes arrive. */
  stream: ReadableStream<Uint8Array>;
  /** The exact byte length of `stream`. */
  contentLength: number;
  /** Why the stream failed, once it has: the client sent more or fewer bytes than declared, or went away. */
  failure(): SeedanceError | undefined;
}

/**
 * Builds the upload-asset JSON body as a stream: the prefix, then the file in standard base64 encoded chunk by
 * chunk as it arrives from the client (the 0-2 bytes that do not fill a 3-byte group are carried to the next
 * chunk), then the suffix. Memory stays flat whatever the file's size, and the length is known up front, so the
 * upstream gets a `Content-Length` instead of a chunked body. Byte counts are enforced while streaming: a client
 * that sends more than it declared is cut off before the extra bytes are encoded, so they are never forwarded.
 */
export function createDataUrlBody({ contentType, head, rest, expectedBytes }: DataUrlBodySource): DataUrlBody {
  const encoder = new TextEncoder();
  const prefix = encoder.encode(`{"data_urls":["data:${contentType};base64,`);
  const suffix = encoder.encode('"]}');
  const base64 = new Base64Encoder();
  let received = head.byteLength;
  let started = false;
  let failure: SeedanceError | undefined;

  const fail = (controller: ReadableStreamDefaultController<Uint8Array>, error: SeedanceError) => {
    failure = error;
    controller.error(error);
  };

  const stream = new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (!started) {
        started = true;
        controller.enqueue(concat(prefix, base64.encode(head)));
        return;
      }
      // Loop until something is enqueued: a pull that enqueues nothing would not be called again.
      for (;;) {
        let chunk: ReadableStreamReadResult<Uint8Array>;
        try {
          chunk = await rest.read();
        } catch (error) {
          fail(
            controller,
            new SeedanceError(
              'VALIDATION_FAILED',
              'The upload was interrupted before the whole file arrived. Try again.',
              {
                cause: error,
                retryable: true,
              },
            ),
          );
          return;
        }
        if (chunk.done) {
          if (received !== expectedBytes) {
            fail(controller, shortBody(received, expectedBytes));
            return;
          }
          controller.enqueue(concat(base64.flush(), suffix));
          controller.close();
          return;
        }
        received += chunk.value.byteLength;
        if (received > expectedBytes) {
          fail(controller, longBody(expectedBytes));
          await rest.cancel().catch(() => undefined);
          return;
        }
        const encoded = base64.encode(chunk.value);
        if (encoded.byteLength > 0) {
          controller.enqueue(encoded);
          return;
        }
      }
    },
    async cancel(reason) {
      await rest.cancel(reason).catch(() => undefined);
    },
  });

  return {
    stream,
    contentLength: dataUrlBodyLength(contentType, expectedBytes),
    failure: () => failure,
  };
}

/** The byte length of `{"data_urls":["data:<mime>;base64,<base64 of n bytes>"]}`: prefix + 4 × ceil(n / 3) + suffix. */
export function dataUrlBodyLength(contentType: string, bytes: number): number {
  return `{"data_urls":["data:${contentType};base64,`.length + 4 * Math.ceil(bytes / 3) + '"]}'.length;
}

/** The error for a body that ended before its declared `Content-Length`. */
export function shortBody(received: number, expectedBytes: number): SeedanceError {
  return new SeedanceError(
    'VALIDATION_FAILED',
    `The upload ended after ${received} of the ${expectedBytes} bytes its Content-Length declared. Send the whole file with its exact size.`,
  );
}

/** The error for a body that went on past its declared `Content-Length`. */
export function longBody(expectedBytes: number): SeedanceError {
  return new SeedanceError(
    'PAYLOAD_TOO_LARGE',
    `The upload carried more than the ${expectedBytes} bytes its Content-Length declared, so it was refused. Send Content-Length equal to the file's size.`,
  );
}

const ALPHABET = new TextEncoder().encode('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/');
const PAD = 0x3d;

/**
 * Standard base64 (RFC 4648, with padding) over a byte stream, producing ASCII bytes: the concatenation of every
 * `encode` and the final `flush` equals the base64 of the concatenated input. Written out rather than via `Buffer`
 * so the handler runs on any web-standard runtime, and to skip an intermediate string per chunk.
 */
export class Base64Encoder {
  private readonly carry = new Uint8Array(2);
  private carried = 0;

  /** Encodes every whole 3-byte group available and keeps the 0-2 bytes left over for the next call. */
  encode(chunk: Uint8Array): Uint8Array {
    let input = chunk;
    let lead: Uint8Array | undefined;
    if (this.carried > 0) {
      const needed = 3 - this.carried;
      if (input.byteLength < needed) {
        this.carry.set(input, this.carried);
        this.carried += input.byteLength;
        return new Uint8Array(0);
      }
      lead = new Uint8Array(3);
      lead.set(this.carry.subarray(0, this.carried));
      lead.set(input.subarray(0, needed), this.carried);
      input = input.subarray(needed);
    }
    const whole = input.byteLength - (input.byteLength % 3);
    const output = new Uint8Array((lead ? 4 : 0) + (whole / 3) * 4);
    let position = 0;
    if (lead) position = encodeGroup(lead, 0, output, position);
    for (let index = 0; index < whole; index += 3) position = encodeGroup(input, index, output, position);
    this.carried = input.byteLength - whole;
    this.carry.set(input.subarray(whole));
    return output;
  }

  /** Encodes the 0-2 bytes left, with `=` padding. */
  flush(): Uint8Array {
    const carried = this.carried;
    this.carried = 0;
    if (carried === 0) return new Uint8Array(0);
    const first = this.carry[0] ?? 0;
    const second = carried === 2 ? (this.carry[1] ?? 0) : 0;
    return Uint8Array.of(
      ALPHABET[first >> 2] ?? PAD,
      ALPHABET[((first & 0x03) << 4) | (second >> 4)] ?? PAD,
      carried === 2 ? (ALPHABET[(second & 0x0f) << 2] ?? PAD) : PAD,
      PAD,
    );
  }
}

function encodeGroup(input: Uint8Array, index: number, output: Uint8Array, position: number): number {
  const triple = ((input[index] ?? 0) << 16) | ((input[index + 1] ?? 0) << 8) | (input[index + 2] ?? 0);
  output[position] = ALPHABET[triple >> 18] ?? PAD;
  output[position + 1] = ALPHABET[(triple >> 12) & 0x3f] ?? PAD;
  output[position + 2] = ALPHABET[(triple >> 6) & 0x3f] ?? PAD;
  output[position + 3] = ALPHABET[triple & 0x3f] ?? PAD;
  return position + 4;
}

function concat(first: Uint8Array, second: Uint8Array): Uint8Array {
  const joined = new Uint8Array(first.byteLength + second.byteLength);
  joined.set(first);
  joined.set(second, first.byteLength);
  return joined;
}
