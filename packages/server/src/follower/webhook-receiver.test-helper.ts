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
  /** Answers the next `count` deliveries with HTTP 503. */
  failNext(count: number): void;
  stop(): Promise<void>;
}

/** Starts a {@link WebhookReceiver}. */
export async function startWebhookReceiver(): Promise<WebhookReceiver> {
  const verifier = new Webhook(TEST_WEBHOOK_SECRET);
  const received: ReceivedWebhook[] = [];
  let failures = 0;
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
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
    failNext(count) {
      failures = count;
    },
    async stop() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
