// The signer's event stream is read over fetch (so the caller's auth headers go along, which EventSource cannot do),
// which leaves parsing the text/event-stream format to us. This is the part of the WHATWG parsing rules a client
// of one known event needs, in a few hundred bytes rather than a dependency of several kB on every page.

/** One dispatched event of a `text/event-stream`. */
export interface ServerSentEvent {
  /** The `event:` field, or `message` when the event named none. */
  event: string;
  /** The `data:` lines, joined with newlines. */
  data: string;
  /** The last `id:` the stream sent, up to and including this event (what `Last-Event-ID` resends). */
  id: string | undefined;
}

/**
 * A parser of `text/event-stream` text as it arrives: call the returned function with each decoded chunk, in order,
 * split anywhere (even inside a CRLF). Lines end with CRLF, LF or CR; a blank line dispatches the event gathered so
 * far; comments (`:` lines, the signer's heartbeats), `retry:` and unknown fields are skipped. Decode with a
 * `TextDecoder`, which already drops the byte order mark.
 */
export function createEventStreamParser(onEvent: (event: ServerSentEvent) => void): (chunk: string) => void {
  let buffer = '';
  let type = '';
  let data: string | undefined;
  let id: string | undefined;
  let afterCarriageReturn = false;
  return (chunk) => {
    if (chunk === '') return;
    // A CR that ended the last chunk ended its line at once; an LF that follows it is the rest of a CRLF.
    const text = afterCarriageReturn && chunk[0] === '\n' ? chunk.slice(1) : chunk;
    afterCarriageReturn = chunk.endsWith('\r');
    const lines = (buffer + text).split(/\r\n?|\n/);
    buffer = lines.pop() ?? '';
    for (const line of lines) {
      if (line === '') {
        if (data !== undefined) onEvent({ event: type || 'message', data, id });
        type = '';
        data = undefined;
        continue;
      }
      const colon = line.indexOf(':');
      if (colon === 0) continue;
      const field = colon === -1 ? line : line.slice(0, colon);
      const value = colon === -1 ? '' : line.slice(line[colon + 1] === ' ' ? colon + 2 : colon + 1);
      if (field === 'event') type = value;
      else if (field === 'data') data = data === undefined ? value : `${data}\n${value}`;
      else if (field === 'id' && !value.includes('\0')) id = value;
    }
  };
}
