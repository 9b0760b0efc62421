// The streaming figure: a 200 MB video through a signer to a slow client, and the signer's memory meanwhile.
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { createServer, get, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { API_KEY, SECRET, startChild, submit } from './children';

/** Size of the streamed video. */
export const VIDEO_BYTES = 200 * 1024 * 1024;
const STREAM_SECONDS = 15;

interface MemoryReply {
  rss: number;
  heapUsed: number;
  arrayBuffers: number;
  peakRss: number;
  peakHeapUsed: number;
  peakArrayBuffers: number;
  errors: number;
}

/**
 * Streams a 200 MB video through a fresh signer to a client that reads at ~13 MB/s, and follows the signer's RSS.
 * The upstream is a stub in this process: it answers one job's status and result with a video URL on itself, and
 * generates the body on the fly from one reused 64 KiB chunk, with backpressure, so it never holds the file.
 */
export async function streamRun() {
  const chunk = Buffer.alloc(64 * 1024, 0x2a);
  const progress = { sent: 0, received: 0 };
  const stub = createServer((request, response) => {
    const origin = `http://${request.headers.host}`;
    const json = (body: unknown) =>
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    if (request.method === 'POST' && request.url === '/v2/seedance-2.0-fast') {
      request.resume();
      return json({
        request_id: 'stream-job',
        status: 'QUEUED',
        status_url: `${origin}/v2/requests/stream-job/status`,
        response_url: `${origin}/v2/requests/stream-job`,
      });
    }
    if (request.url === '/v2/requests/stream-job/status') return json({ status: 'COMPLETED' });
    if (request.url === '/v2/requests/stream-job') {
      return json({
        status: 'COMPLETED',
        video: { url: `${origin}/cdn/video.mp4`, content_type: 'video/mp4', file_size: VIDEO_BYTES },
      });
    }
    if (request.url === '/cdn/video.mp4') return serveVideo(request, response, chunk, progress);
    response.writeHead(404).end();
  });
  stub.listen(0, '127.0.0.1');
  await once(stub, 'listening');
  const stubUrl = `http://127.0.0.1:${(stub.address() as AddressInfo).port}`;
  const signer = await startChild('signer-process.ts', {
    SIGNER_OPTIONS: JSON.stringify({
      apiKey: API_KEY,
      secret: SECRET,
      upstreamBaseUrl: stubUrl,
      mediaHosts: [new URL(stubUrl).host],
      pollIntervalMs: 2_000,
    }),
  });
  const signerUrl = `http://127.0.0.1:${(signer.ready as { port: number }).port}`;
  const token = await submit(signerUrl);
  const job = (await (await fetch(`${signerUrl}/api/seedance/generations/${token}`)).json()) as {
    job: { status: string; result?: { videoUrl: string } };
  };
  if (job.job.status !== 'succeeded' || !job.job.result) throw new Error(`stream job is ${job.job.status}`);
  const videoUrl = `${signerUrl}${job.job.result.videoUrl}`;
  // Warm the media path (fetch, stream adapters) on a 1 MB range, so the baseline is taken after start-up costs.
  await (await fetch(videoUrl, { headers: { range: 'bytes=0-1048575' } })).arrayBuffer();

  const pid = signer.process.pid ?? 0;
  const baseline = await signer.ask<MemoryReply>('reset', 'memory');
  const baselineRss = baseline.rss;
  let procPeakRss = procStatus(pid).VmRSS;
  // How far the upstream got ahead of the client: what sits in the signer and the two sockets' kernel buffers.
  progress.sent = 0;
  let maxLead = 0;
  const sampler = setInterval(() => {
    procPeakRss = Math.max(procPeakRss, procStatus(pid).VmRSS);
    maxLead = Math.max(maxLead, progress.sent - progress.received);
  }, 50);
  const started = performance.now();
  const received = await slowDownload(videoUrl, VIDEO_BYTES / (STREAM_SECONDS * 1000), progress);
  const seconds = (performance.now() - started) / 1000;
  clearInterval(sampler);
  const peak = await signer.ask<MemoryReply>('memory', 'memory');
  const { peakRss, errors } = peak;
  const { VmHWM: vmHwm } = procStatus(pid);
  signer.process.kill();
  stub.close();
  if (received !== VIDEO_BYTES) throw new Error(`the slow client got ${received} of ${VIDEO_BYTES} bytes`);
  if (errors > 0) throw new Error(`the signer reported ${errors} errors while streaming`);
  return {
    baselineRss,
    peakRss,
    procPeakRss,
    vmHwm,
    seconds,
    heapGrowth: peak.peakHeapUsed - baseline.heapUsed,
    arrayBuffersGrowth: peak.peakArrayBuffers - baseline.arrayBuffers,
    maxLead,
  };
}

function serveVideo(
  request: IncomingMessage,
  response: ServerResponse,
  chunk: Buffer,
  progress: { sent: number },
): void {
  const range = /^bytes=(\d+)-(\d+)$/.exec(request.headers.range ?? '');
  const start = range ? Number(range[1]) : 0;
  const end = range ? Math.min(Number(range[2]), VIDEO_BYTES - 1) : VIDEO_BYTES - 1;
  const length = end - start + 1;
  response.writeHead(range ? 206 : 200, {
    'content-type': 'video/mp4',
    'content-length': String(length),
    'accept-ranges': 'bytes',
    ...(range ? { 'content-range': `bytes ${start}-${end}/${VIDEO_BYTES}` } : {}),
  });
  let sent = 0;
  const pump = () => {
    while (sent < length) {
      const size = Math.min(chunk.length, length - sent);
      sent += size;
      progress.sent += size;
      if (!response.write(size === chunk.length ? chunk : chunk.subarray(0, size))) {
        response.once('drain', pump);
        return;
      }
    }
    response.end();
  };
  response.on('close', () => {
    sent = length;
  });
  pump();
}

/** Reads a response no faster than `bytesPerMs`, pausing the socket (so backpressure reaches the signer). */
async function slowDownload(url: string, bytesPerMs: number, progress: { received: number }): Promise<number> {
  const response = await new Promise<IncomingMessage>((resolve, reject) => get(url, resolve).on('error', reject));
  if (response.statusCode !== 200) throw new Error(`video answered ${response.statusCode}`);
  const started = performance.now();
  let received = 0;
  response.on('data', (data: Buffer) => {
    received += data.length;
    progress.received = received;
    const aheadMs = received / bytesPerMs - (performance.now() - started);
    if (aheadMs > 10) {
      response.pause();
      setTimeout(() => response.resume(), aheadMs);
    }
  });
  await once(response, 'end');
  return received;
}

/** VmRSS and VmHWM of a process, in bytes. */
function procStatus(pid: number): { VmRSS: number; VmHWM: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kilobytes = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? 0) * 1024;
  return { VmRSS: kilobytes('VmRSS'), VmHWM: kilobytes('VmHWM') };
}
