import { createReadStream } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import { Readable } from 'node:stream';
import type { EmulatorContext } from './context';
import { jsonReply, type Reply } from './http';
import { jobStatus } from './jobs';
import { clipFor, type MediaFile } from './media';
import { parseRangeHeader } from './range';

/**
 * `GET|HEAD /cdn/...`: the stand-in for Segmind's CDN. Needs no key. Generation files exist once their job has
 * COMPLETED and outlive the 1 h request record (SEGMIND.md: ~7 days); uploaded assets live until `reset()`.
 */
export function handleCdn(context: EmulatorContext, request: IncomingMessage, path: string): Reply {
  const generation = /^\/cdn\/generations\/([0-9a-f]{32}|[0-9a-f-]{36})(\.mp4|-last-frame\.jpg)$/.exec(path);
  if (generation !== null) {
    const [, id = '', suffix] = generation;
    const job = context.jobs.get(id);
    const now = Date.now();
    const available =
      job !== undefined && jobStatus(job, now) === 'COMPLETED' && now < job.submittedAt + context.settings.cdnExpiryMs;
    if (!available || (suffix !== '.mp4' && !job.input.returnLastFrame)) return missing();
    const clip = clipFor(context.media, job.input.aspectRatio);
    return serveFile(request, suffix === '.mp4' ? clip.video : clip.lastFrame);
  }

  const asset = /^\/cdn\/assets\/([0-9a-f-]{36})\.([a-z0-9]+)$/.exec(path);
  if (asset !== null) {
    const stored = context.assets.get(asset[1] ?? '');
    if (stored === undefined || stored.extension !== asset[2]) return missing();
    return serveBytes(request, stored.bytes, stored.contentType);
  }
  return missing();
}

function serveFile(request: IncomingMessage, file: MediaFile): Reply {
  return serveRange(request, file.size, file.contentType, (start, end) => createReadStream(file.path, { start, end }));
}

function serveBytes(request: IncomingMessage, bytes: Buffer, contentType: string): Reply {
  return serveRange(request, bytes.length, contentType, (start, end) =>
    Readable.from([bytes.subarray(start, end + 1)]),
  );
}

/** Answers a whole file (200), one range of it (206) or an unsatisfiable range (416); HEAD gets headers only. */
function serveRange(
  request: IncomingMessage,
  size: number,
  contentType: string,
  open: (start: number, end: number) => Readable,
): Reply {
  const headers: Record<string, string> = {
    'accept-ranges': 'bytes',
    'content-type': contentType,
    'cache-control': 'public, max-age=604800, immutable',
  };
  const range = parseRangeHeader(request.headers.range, size);
  if (range === 'unsatisfiable') {
    return { kind: 'answer', status: 416, headers: { ...headers, 'content-range': `bytes */${size}` }, body: '' };
  }
  const start = range?.start ?? 0;
  const end = range?.end ?? size - 1;
  const length = size === 0 ? 0 : end - start + 1;
  if (range !== undefined) headers['content-range'] = `bytes ${start}-${end}/${size}`;
  headers['content-length'] = String(length);
  const body = request.method === 'HEAD' || length === 0 ? undefined : () => open(start, end);
  return { kind: 'answer', status: range === undefined ? 200 : 206, headers, body };
}

function missing(): Reply {
  return jsonReply(404, { error: 'File not found' });
}
