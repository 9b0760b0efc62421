import { createHash, timingSafeEqual } from 'node:crypto';
import { followDue } from '../../../../server/seedance';

/**
 * The cron entry of the job follower: advances every job that is due and answers what it did. Vercel Cron calls it
 * (vercel.json) with `Authorization: Bearer ${CRON_SECRET}`; anything else is refused, so nobody else can make the
 * signer spend the Segmind budget. Any scheduler that can send that header (a GitHub Action, a system cron with curl)
 * works the same.
 */
export async function GET(request: Request): Promise<Response> {
  const secret = process.env.CRON_SECRET;
  if (secret === undefined || secret.trim() === '') {
    return refuse(
      'CRON_SECRET is not set on the server: set it (16+ random characters) and send it as a Bearer token.',
    );
  }
  if (!sameSecret(request.headers.get('authorization') ?? '', `Bearer ${secret}`)) {
    return refuse('Send Authorization: Bearer <CRON_SECRET> to run the job follower.');
  }
  const started = Date.now();
  const { advanced, remaining } = await followDue();
  return Response.json(
    { advanced, remaining, tookMs: Date.now() - started },
    { headers: { 'cache-control': 'no-store' } },
  );
}

function refuse(message: string): Response {
  return Response.json(
    { error: { code: 'UNAUTHORIZED', message } },
    { status: 401, headers: { 'cache-control': 'no-store', 'www-authenticate': 'Bearer' } },
  );
}

/** Compares digests, so the time taken says nothing about how much of the secret a guess got right. */
function sameSecret(given: string, expected: string): boolean {
  const digest = (value: string) => createHash('sha256').update(value).digest();
  return timingSafeEqual(digest(given), digest(expected));
}
