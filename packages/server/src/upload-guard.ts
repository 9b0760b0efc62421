import { SeedanceError } from '@seedance-kit/core';

/** How an upload's transfer is bounded while it streams through. */
export interface UploadPace {
  /** Lowest average rate accepted once {@link UploadPace.graceMs} has passed, in bytes per second. */
  minBytesPerSecond: number;
  /** Time before the rate is judged, in ms: connections start slowly. */
  graceMs: number;
  /** Longest an upload may take in all, in ms, however fast it is. */
  maxMs: number;
}

/** Tags that make bytes a web page or a script whatever comes before them. Each needs a delimiter after it. */
const MARKUP_TAGS = ['<script', '<html', '<iframe', '<body', '<object', '<embed', '<!doctype'].map((tag) =>
  new TextEncoder().encode(tag),
);
const LONGEST_TAG = Math.max(...MARKUP_TAGS.map((tag) => tag.byteLength)) + 1;
const LESS_THAN = 0x3c;

/**
 * Whether `bytes` contain an HTML or script tag (`<script`, `<html`, `<iframe`, `<body`, `<object`, `<embed`,
 * `<!doctype`, in any case, followed by whitespace, `>` or `/`): a file that passes the magic-number check but
 * carries markup (a PNG signature followed by `<script>`) is a polyglot that a browser could be talked into running.
 * The delimiter keeps the chance of a false hit in a 50 MB compressed video near 1 in 100 000.
 */
export function containsMarkup(bytes: Uint8Array): boolean {
  for (let index = bytes.indexOf(LESS_THAN); index !== -1; index = bytes.indexOf(LESS_THAN, index + 1)) {
    for (const tag of MARKUP_TAGS) {
      if (index + tag.byteLength >= bytes.byteLength) continue;
      let matched = true;
      for (let offset = 1; offset < tag.byteLength; offset++) {
        // ASCII lower-casing: letters only differ by 0x20.
        const byte = bytes[index + offset] ?? 0;
        const lower = byte >= 0x41 && byte <= 0x5a ? byte | 0x20 : byte;
        if (lower !== tag[offset]) {
          matched = false;
          break;
        }
      }
      const next = bytes[index + tag.byteLength] ?? 0;
      if (
        matched &&
        (next === 0x3e || next === 0x2f || next === 0x20 || next === 0x09 || next === 0x0a || next === 0x0d)
      ) {
        return true;
      }
    }
  }
  return false;
}

/** The error for a file that carries markup. */
export function markupError(): SeedanceError {
  return new SeedanceError(
    'UNSUPPORTED_MEDIA_TYPE',
    'The file carries HTML or script markup besides its media, so it was refused. Upload a plain image, video or audio file (re-export it if needed).',
  );
}

/**
 * Wraps the reader of an upload's body: every chunk is scanned for markup (with an overlap, so a tag split across
 * chunks is found), and the transfer is cut when its average rate falls below the pace's minimum after the grace
 * time, or when it runs past the pace's cap. A stalled client cannot hold the upstream connection: the pending read
 * is failed by a timer. `failure()` says why the reader failed, once it has.
 */
export function guardUploadReader(
  reader: ReadableStreamDefaultReader<Uint8Array>,
  pace: UploadPace,
): { reader: ReadableStreamDefaultReader<Uint8Array>; failure(): SeedanceError | undefined; stop(): void } {
  const startedAt = Date.now();
  let received = 0;
  let tail = new Uint8Array(0);
  let failure: SeedanceError | undefined;
  let rejectPending: ((error: SeedanceError) => void) | undefined;
  const fail = (error: SeedanceError) => {
    failure ??= error;
    rejectPending?.(failure);
    reader.cancel(failure).catch(() => undefined);
  };
  const timer = setInterval(() => {
    const elapsedMs = Date.now() - startedAt;
    if (elapsedMs > pace.maxMs) {
      fail(
        new SeedanceError(
          'VALIDATION_FAILED',
          `The upload took longer than ${Math.round(pace.maxMs / 1000)} s, so it was stopped. Try again on a faster connection, or upload a smaller file.`,
          { retryable: true },
        ),
      );
    } else if (elapsedMs > pace.graceMs && (received / elapsedMs) * 1000 < pace.minBytesPerSecond) {
      fail(
        new SeedanceError(
          'VALIDATION_FAILED',
          `The upload arrived slower than ${Math.round(pace.minBytesPerSecond / 1024)} KB/s, so it was stopped. Try again on a faster connection.`,
          { retryable: true },
        ),
      );
    }
  }, 250);
  const stop = () => clearInterval(timer);
  const guarded = {
    async read(): Promise<ReadableStreamReadResult<Uint8Array>> {
      if (failure) throw failure;
      const result = await Promise.race([
        reader.read(),
        new Promise<never>((_, reject) => {
          rejectPending = reject;
        }),
      ]);
      rejectPending = undefined;
      if (result.done) {
        stop();
        return result;
      }
      received += result.value.byteLength;
      const window = new Uint8Array(tail.byteLength + result.value.byteLength);
      window.set(tail);
      window.set(result.value, tail.byteLength);
      if (containsMarkup(window)) {
        fail(markupError());
        throw failure;
      }
      tail = window.slice(Math.max(0, window.byteLength - LONGEST_TAG));
      return result;
    },
    cancel(reason?: unknown) {
      stop();
      return reader.cancel(reason);
    },
    releaseLock() {
      reader.releaseLock();
    },
    get closed() {
      return reader.closed;
    },
  };
  return {
    reader: guarded as ReadableStreamDefaultReader<Uint8Array>,
    failure: () => failure,
    stop,
  };
}
