import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';
import type { GenerationWebhookPayload } from './delivery';

/** A Standard Webhooks secret for tests. */
export const TEST_WEBHOOK_SECRET = `whsec_${Buffer.from('a-webhook-secret-for-the-tests-32b').toString('base64')}`;

/** One delivery the receiver got. */
export interface ReceivedWebhook {
  id: string;
  /** Whether the signature verified with the test secret. */
  valid: boolean;
  payload: GenerationWebhookPayload | undefined;
}

/** A webhook receiver on loopback that verifies each delivery's signature, as a host's endpoint would. */
export interface WebhookReceiver {
  url: string;
  received: ReceivedWebhook[];
  /** The `webhook-id` of every attempt, answered or not, in order. */
  attempts: string[];
  /** Requests that reached the redirect target (`/elsewhere`): a sender that follows redirects lands there. */
  redirected: number;
  /** Answers the next `count` deliveries with HTTP 503. */
  failNext(count: number): void;
  /** Answers the next `count` deliveries with a 307 to `/elsewhere` on this receiver. */
  redirectNext(count: number): void;
  stop(): Promise<void>;
}

/** Starts a {@link WebhookReceiver}. */
export async function startWebhookReceiver(): Promise<WebhookReceiver> {
  const verifier = new Webhook(TEST_WEBHOOK_SECRET);
  const received: ReceivedWebhook[] = [];
  const attempts: string[] = [];
  let failures = 0;
  let redirects = 0;
  const receiver = { redirected: 0 };
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      if (request.url === '/elsewhere') {
        receiver.redirected += 1;
        response.writeHead(204).end();
        return;
      }
      attempts.push(String(request.headers['webhook-id'] ?? ''));
      if (redirects > 0) {
        redirects -= 1;
        response.writeHead(307, { location: '/elsewhere' }).end();
        return;
      }
      if (failures > 0) {
        failures -= 1;
        response.writeHead(503).end();
        return;
      }
      const body = Buffer.concat(chunks).toString('utf8');
      const headers = {
        'webhook-id': String(request.headers['webhook-id'] ?? ''),
        'webhook-timestamp': String(request.headers['webhook-timestamp'] ?? ''),
        'webhook-signature': String(request.headers['webhook-signature'] ?? ''),
      };
      let valid = true;
      let payload: GenerationWebhookPayload | undefined;
      try {
        payload = verifier.verify(body, headers) as GenerationWebhookPayload;
      } catch {
        valid = false;
      }
      received.push({ id: headers['webhook-id'], valid, payload });
      response.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/seedance`,
    received,
    attempts,
    get redirected() {
      return receiver.redirected;
    },
    failNext(count) {
      failures = count;
    },
    redirectNext(count) {
      redirects = count;
    },
    async stop() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
