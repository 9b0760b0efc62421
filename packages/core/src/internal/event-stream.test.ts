import { describe, expect, it } from 'vitest';
import { createEventStreamParser, type ServerSentEvent } from './event-stream';

function parse(chunks: string[]): ServerSentEvent[] {
  const events: ServerSentEvent[] = [];
  const feed = createEventStreamParser((event) => events.push(event));
  for (const chunk of chunks) feed(chunk);
  return events;
}

// What the signer sends (retry, heartbeat comments, job events with ids), with every line ending the format allows.
const stream = [
  'retry: 2000\r\n\r\n',
  ': heartbeat\n\n',
  'id: 1\r\nevent: job\r\ndata: {"status":"queued"}\r\n\r\n',
  'id:2\revent:job\rdata:{"status":\rdata: "running"}\r\r',
  'data: no type\n\n',
  'event: job\ndata\ndata:  two spaces\nunknown: field\n\n',
  'id: 3\u0000\nevent: job\ndata: x\n\n',
  'event: job\ndata: never ended',
].join('');

const expected: ServerSentEvent[] = [
  { event: 'job', data: '{"status":"queued"}', id: '1' },
  { event: 'job', data: '{"status":\n"running"}', id: '2' },
  { event: 'message', data: 'no type', id: '2' },
  { event: 'job', data: '\n two spaces', id: '2' },
  // An id holding NUL is ignored, as the format says: the last good one stays.
  { event: 'job', data: 'x', id: '2' },
];

describe('createEventStreamParser', () => {
  it('dispatches each event at its blank line, with CRLF, LF and CR line ends, and none unfinished', () => {
    expect(parse([stream])).toEqual(expected);
  });

  it('gives the same events however the stream is split into chunks', () => {
    // Every split into two chunks (including inside each CRLF), and one character at a time.
    for (let at = 0; at <= stream.length; at++) {
      expect(parse([stream.slice(0, at), stream.slice(at)]), `split at ${at}`).toEqual(expected);
    }
    expect(parse([...stream])).toEqual(expected);
  });

  it('dispatches an event whose blank line is a lone CR at the end of a chunk, before any more arrives', () => {
    const events: ServerSentEvent[] = [];
    const feed = createEventStreamParser((event) => events.push(event));
    feed('event: job\rdata: done\r\r');
    expect(events).toEqual([{ event: 'job', data: 'done', id: undefined }]);
    feed('\ndata: next\n\n');
    expect(events).toHaveLength(2);
  });

  it('skips a stream of comments and blank lines', () => {
    expect(parse([': one\n\n\n: two\r\n\r\n'])).toEqual([]);
  });
});
