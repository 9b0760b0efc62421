import type { IncomingMessage } from 'node:http';
import { SEGMIND_MODEL } from './constants';
import type { SegmindEmulator } from './emulator';
import { parseEmulatorFault } from './faults';
import { jsonReply, parseJson, type Reply } from './http';

/** The path prefix of the control API, chosen so it can never collide with a Segmind path. */
export const CONTROL_PATH_PREFIX = '/__emulator';

/**
 * The control API for users in another process (the CLI, tests in other languages). It needs no key: the emulator is
 * a local test tool. Its own requests are not recorded and no fault applies to them.
 */
export function handleControl(
  emulator: Omit<SegmindEmulator, 'stop'>,
  request: IncomingMessage,
  path: string,
  body: Buffer,
): Reply {
  const method = request.method ?? 'GET';
  const route = path.slice(CONTROL_PATH_PREFIX.length).replace(/\/+$/, '');

  if (route === '/health' || route === '') {
    return method === 'GET' ? jsonReply(200, { ok: true, model: SEGMIND_MODEL, url: emulator.url }) : notAllowed();
  }
  if (route === '/faults') {
    if (method === 'GET') return jsonReply(200, { pending: emulator.faults.pending() });
    if (method === 'DELETE') {
      emulator.faults.clear();
      return jsonReply(200, { pending: [] });
    }
    if (method !== 'POST') return notAllowed();
    const parsed = parseJson(body.toString('utf8'));
    if (!parsed.ok)
      return jsonReply(400, { error: 'The body must be a JSON fault like {"route":"submit","kind":{"status":500}}' });
    try {
      emulator.faults.inject(parseEmulatorFault(parsed.value));
    } catch (error) {
      return jsonReply(400, { error: (error as Error).message });
    }
    return jsonReply(201, { pending: emulator.faults.pending() });
  }
  if (route === '/requests') {
    if (method === 'GET') return jsonReply(200, { requests: emulator.requests() });
    if (method === 'DELETE') {
      emulator.clearRequests();
      return jsonReply(200, { requests: [] });
    }
    return notAllowed();
  }
  const expire = /^\/requests\/([^/]+)\/expire$/.exec(route);
  if (expire !== null) {
    if (method !== 'POST') return notAllowed();
    const id = decodeURIComponent(expire[1] ?? '');
    try {
      emulator.expire(id);
    } catch (error) {
      return jsonReply(404, { error: (error as Error).message });
    }
    return jsonReply(200, { expired: id });
  }
  if (route === '/reset') {
    if (method !== 'POST') return notAllowed();
    emulator.reset();
    return jsonReply(200, { ok: true });
  }
  return jsonReply(404, {
    error: `Unknown control path ${path}. Use /__emulator/faults, /__emulator/requests, /__emulator/requests/:id/expire or /__emulator/reset`,
  });
}

function notAllowed(): Reply {
  return jsonReply(405, { error: 'Method not allowed on this control path' });
}
