import { SeedanceError } from '@seedance-kit/core';
import type { SeedanceUser } from '../authorize';
import type { HandlerContext } from '../context';
import type { Poller } from '../polling';
import { storeKeys } from '../store/keys';
import type { GenerationRoutes } from './generations';

const FORWARDED_REQUEST_HEADERS = ['range', 'if-range', 'if-none-match', 'if-modified-since'];
const FORWARDED_RESPONSE_HEADERS = ['content-length', 'content-range', 'accept-ranges', 'etag', 'last-modified'];

/** The last frame's type is taken from the CDN only when it is one of these images; anything else is not relayed. */
const LAST_FRAME_TYPES = ['image/jpeg', 'image/png', 'image/webp'];

/**
 * Streams a finished job's video or last frame from the upstream CDN: only from allowed hosts (no SSRF), with
 * `Range` passed through, the body piped (never held whole), and the key never sent.
 */
export function createMediaRoute(context: HandlerContext, poller: Poller, generations: GenerationRoutes) {
  const { settings } = context;

  return async function media(
    token: string,
    which: 'video' | 'last-frame',
    request: Request,
    user: SeedanceUser,
  ): Promise<Response> {
    const claims = await generations.claimsFor(token, user);
    // The media routes agree with the job route: a job it reports expired or canceled has no media, and asking for it
    // costs no upstream call.
    if (settings.now() >= claims.expiresAt) {
      throw new SeedanceError('EXPIRED', 'This generation has expired, and its video with it. Generate it again.');
    }
    if ((await settings.store.get(storeKeys.canceled(claims.requestId))) !== undefined) {
      throw new SeedanceError('NOT_FOUND', 'This generation was canceled, so it has no video.');
    }
    const result = await poller.result(claims.requestId, request.signal);
    if ('status' in result) {
      if (result.status === 'NOT_FOUND') {
        throw new SeedanceError('EXPIRED', 'This video is no longer available from the video service.');
      }
      throw new SeedanceError(
        'NOT_FOUND',
        result.status === 'FAILED'
          ? 'This generation failed, so it has no video.'
          : 'This generation has not finished yet.',
      );
    }
    const source = which === 'video' ? result.videoUrl : result.lastFrameUrl;
    if (!source) throw new SeedanceError('NOT_FOUND', 'This generation has no last frame: set return_last_frame.');
    const url = new URL(source);
    const allowed =
      (url.protocol === 'https:' || url.protocol === 'http:') &&
      (settings.mediaHosts.includes(url.host) || settings.mediaHosts.includes(url.hostname));
    if (!allowed) {
      throw new SeedanceError(
        'MISCONFIGURED',
        'The video service pointed at a media host this server does not allow. The site owner must add it to upstream.mediaHosts.',
      );
    }
    const headers = new Headers();
    for (const name of FORWARDED_REQUEST_HEADERS) {
      const value = request.headers.get(name);
      if (value) headers.set(name, value);
    }
    let upstream: Response;
    try {
      // The CDN needs no key and must never see it: only the headers above go out. Redirects could leave the allow-list.
      upstream = await (settings.upstreamFetch ?? globalThis.fetch)(url, {
        method: request.method === 'HEAD' ? 'HEAD' : 'GET',
        headers,
        signal: request.signal,
        redirect: 'error',
      });
    } catch (error) {
      throw new SeedanceError('UPSTREAM_UNAVAILABLE', 'The video could not be fetched. Try again shortly.', {
        cause: error,
      });
    }
    if (upstream.status === 404 || upstream.status === 410) {
      await upstream.body?.cancel();
      throw new SeedanceError('EXPIRED', 'This video is no longer available from the video service.');
    }
    if (!upstream.ok && upstream.status !== 304 && upstream.status !== 416) {
      await upstream.body?.cancel();
      throw new SeedanceError('UPSTREAM_UNAVAILABLE', `The video could not be fetched (HTTP ${upstream.status}).`);
    }
    const responseHeaders = new Headers({
      'cache-control': 'private, max-age=3600',
      // The type is the route's, never the CDN's word: a CDN that says text/html cannot make this origin serve a page.
      'content-type': which === 'video' ? 'video/mp4' : lastFrameType(upstream.headers.get('content-type')),
      'x-content-type-options': 'nosniff',
    });
    for (const name of FORWARDED_RESPONSE_HEADERS) {
      const value = upstream.headers.get(name);
      if (value) responseHeaders.set(name, value);
    }
    if (which === 'video' && new URL(request.url).searchParams.get('download') === '1') {
      responseHeaders.set('content-disposition', `attachment; filename="seedance-${claims.createdAt}.mp4"`);
    }
    const body =
      upstream.body && reportingCuts(upstream.body, (error) => settings.onError(cutError(which, error), request));
    return new Response(body, { status: upstream.status, headers: responseHeaders });
  };
}

function lastFrameType(upstreamType: string | null): string {
  const type = (upstreamType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  return LAST_FRAME_TYPES.includes(type) ? type : 'image/jpeg';
}

/**
 * Passes the CDN's body through chunk by chunk (never whole) and reports a transfer the CDN cut short, then fails the
 * response's body too, so the adapter cuts the client's transfer instead of ending it as if complete.
 */
function reportingCuts(body: ReadableStream<Uint8Array>, report: (error: unknown) => void): ReadableStream<Uint8Array> {
  const reader = body.getReader();
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        let chunk: ReadableStreamReadResult<Uint8Array>;
        try {
          chunk = await reader.read();
        } catch (error) {
          report(error);
          controller.error(error);
          return;
        }
        if (chunk.done) controller.close();
        else controller.enqueue(chunk.value);
      },
      cancel(reason) {
        return reader.cancel(reason).catch(() => undefined);
      },
    },
    { highWaterMark: 0 },
  );
}

function cutError(which: 'video' | 'last-frame', cause: unknown): SeedanceError {
  return new SeedanceError(
    'UPSTREAM_UNAVAILABLE',
    `The CDN stopped sending the ${which === 'video' ? 'video' : 'last frame'} mid-body; the client got a cut transfer.`,
    { cause },
  );
}
