import { createServer, request as httpRequest, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A flaky network between the signer and the emulator: a loopback proxy that forwards every call, rewrites the
 * emulator's origin to its own in JSON answers (so the CDN URLs of results come through it too), and can misbehave
 * on CDN answers the way a real CDN does.
 */
export interface FlakyUpstream {
  /** The proxy's origin: give it to the signer as `upstream.baseUrl` (its host then is the media host too). */
  url: string;
  /**
   * What the next CDN answers do: `cutAfterBytes` sends the headers and that many bytes of the body, then resets the
   * connection; `contentType` replaces the CDN's `Content-Type`. Applies until changed.
   */
  cdn: { cutAfterBytes?: number; contentType?: string };
  /** Stops the proxy. */
  stop(): Promise<void>;
}

/** Starts a {@link FlakyUpstream} in front of `target` (the emulator's origin). */
export async function startFlakyUpstream(target: string): Promise<FlakyUpstream> {
  const targetUrl = new URL(target);
  const cdn: FlakyUpstream['cdn'] = {};
  let origin = '';
  const server = createServer((incoming, outgoing) => {
    const upstream = httpRequest(
      {
        host: targetUrl.hostname,
        port: targetUrl.port,
        method: incoming.method,
        path: incoming.url,
        headers: { ...incoming.headers, host: targetUrl.host },
      },
      (answer: IncomingMessage) => {
        const headers = { ...answer.headers };
        const isCdn = (incoming.url ?? '').startsWith('/cdn/');
        if (!isCdn && String(headers['content-type'] ?? '').includes('json')) {
          const chunks: Buffer[] = [];
          answer.on('data', (chunk: Buffer) => chunks.push(chunk));
          answer.on('end', () => {
            const body = Buffer.concat(chunks).toString().split(target).join(origin);
            delete headers['content-length'];
            outgoing.writeHead(answer.statusCode ?? 502, headers).end(body);
          });
          return;
        }
        if (isCdn && cdn.contentType !== undefined) headers['content-type'] = cdn.contentType;
        outgoing.writeHead(answer.statusCode ?? 502, headers);
        const cutAfter = isCdn ? cdn.cutAfterBytes : undefined;
        if (cutAfter === undefined) {
          answer.pipe(outgoing);
          return;
        }
        let sent = 0;
        answer.on('data', (chunk: Buffer) => {
          const room = cutAfter - sent;
          if (room <= 0) return;
          outgoing.write(chunk.subarray(0, room));
          sent += Math.min(room, chunk.byteLength);
          if (sent >= cutAfter) {
            answer.destroy();
            // Let the bytes already written leave, then reset the connection mid-body.
            setTimeout(() => outgoing.socket?.resetAndDestroy(), 20);
          }
        });
      },
    );
    upstream.on('error', () => outgoing.destroy());
    incoming.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: origin,
    cdn,
    async stop() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
