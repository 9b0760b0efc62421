import type { IncomingMessage } from 'node:http';
import type { Readable } from 'node:stream';

/**
 * What a route decided to answer, written later by the server so the extra response latency, the request record
 * and the log line are handled in one place. A stream body is opened lazily, only once the answer is really sent.
 */
export type Reply =
  | { kind: 'answer'; status: number; headers: Record<string, string>; body?: string | Uint8Array | (() => Readable) }
  | { kind: 'hang' }
  | { kind: 'reset' };

/** The largest body the emulator reads; Segmind documents no limit, this only keeps a runaway client in check. */
export const MAX_BODY_BYTES = 128 * 1024 * 1024;

/** A JSON answer. */
export function jsonReply(status: number, body: unknown, headers: Record<string, string> = {}): Reply {
  return {
    kind: 'answer',
    status,
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  };
}

/** An HTML answer, as nginx-style gateways send for 405, 502 and 504. */
export function htmlReply(status: number, title: string, detail?: string): Reply {
  const paragraph = detail === undefined ? '' : `<p>${escapeHtml(detail)}</p>`;
  const body = `<html>\r\n<head><title>${title}</title></head>\r\n<body>\r\n<center><h1>${title}</h1></center>\r\n${paragraph}<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n`;
  return { kind: 'answer', status, headers: { 'content-type': 'text/html; charset=utf-8' }, body };
}

/** Reads a whole request body, or `undefined` when it is larger than {@link MAX_BODY_BYTES}. */
export async function readBody(request: IncomingMessage): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of request) {
    const buffer = chunk as Buffer;
    total += buffer.length;
    // Keep draining so the client gets the 413 instead of a reset, but stop keeping bytes.
    if (total <= MAX_BODY_BYTES) chunks.push(buffer);
  }
  return total > MAX_BODY_BYTES ? undefined : Buffer.concat(chunks);
}

/** Parses JSON, telling "no valid JSON" apart from a valid `null`. */
export function parseJson(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false };
  }
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);
}
