// The baseline: the least a backend can do to poll Segmind for a browser. GET /status forwards to the upstream's
// status URL with the key and relays the answer; no auth, no token, no validation, no caching.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

const { UPSTREAM_URL, API_KEY, REQUEST_ID } = process.env;

const server = createServer(async (request, response) => {
  if (request.method !== 'GET' || request.url !== '/status') return void response.writeHead(404).end();
  try {
    const upstream = await fetch(`${UPSTREAM_URL}/v2/requests/${REQUEST_ID}/status`, {
      headers: { 'x-api-key': API_KEY ?? '' },
    });
    const body = await upstream.text();
    response.writeHead(upstream.status, { 'content-type': 'application/json' }).end(body);
  } catch {
    response.writeHead(502).end();
  }
});
server.listen(0, '127.0.0.1', () => process.send?.({ type: 'ready', port: (server.address() as AddressInfo).port }));
