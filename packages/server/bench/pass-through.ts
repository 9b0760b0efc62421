// The baseline: the least a backend can do to poll Segmind for a browser, on bare node:http both ways. GET /status
// forwards to the upstream's status URL with the key (a keep-alive http.Agent, as any production proxy would use) and
// relays the answer; no auth, no token, no validation, no caching, no web Request/Response.
import { Agent, createServer, request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { answerCpuQuestions } from './cpu-usage';

const { UPSTREAM_URL, API_KEY, REQUEST_ID } = process.env;
const upstream = new URL(`${UPSTREAM_URL}/v2/requests/${REQUEST_ID}/status`);
const agent = new Agent({ keepAlive: true, maxSockets: 64 });

const server = createServer((request, response) => {
  if (request.method !== 'GET' || request.url !== '/status') return void response.writeHead(404).end();
  const outgoing = httpRequest(
    upstream,
    { agent, headers: { 'x-api-key': API_KEY ?? '', accept: 'application/json' } },
    (answer) => {
      const chunks: Buffer[] = [];
      answer.on('data', (chunk: Buffer) => chunks.push(chunk));
      answer.on('end', () =>
        response.writeHead(answer.statusCode ?? 502, { 'content-type': 'application/json' }).end(Buffer.concat(chunks)),
      );
      answer.on('error', () => response.writeHead(502).end());
    },
  );
  outgoing.on('error', () => response.writeHead(502).end());
  outgoing.end();
});
answerCpuQuestions();
server.listen(0, '127.0.0.1', () => process.send?.({ type: 'ready', port: (server.address() as AddressInfo).port }));
