import { ASPECT_RATIOS, DURATIONS, RESOLUTIONS } from '@seedance-kit/core';
import { errorResponseSchema, IDEMPOTENCY_KEY_HEADER, PROTOCOL_HEADER } from '@seedance-kit/core/protocol';
import { type SegmindEmulator, startSegmindEmulator } from '@seedance-kit/emulator';
import fc from 'fast-check';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createSeedanceHandler, type SeedanceHandler } from './handler';
import { signJobToken } from './job-token';
import { TEST_API_KEY, TEST_SECRET } from './test-harness';

/*
 * Hostile traffic thrown straight at the web handler (no sockets, for speed), with a real emulator upstream so that
 * "nothing reached Segmind" is what the emulator recorded. Every generator builds requests that are invalid by
 * construction; the few shapes that could turn valid (a GET of /config, a header set that happens to be right, a
 * mutated token that decodes to the same bytes) are excluded with `fc.pre`, so a 2xx is always a bug.
 */

const ORIGIN = 'http://signer.test';
const BASE_PATH = '/api/seedance';
const USER = 'alice';
/** Runs per property: about 4 800 requests in all, a few seconds. */
const RUNS = { anonymous: 600, paths: 800, headers: 800, bodies: 1_200, tokens: 1_200, preflight: 200 };

let emulator: SegmindEmulator;
let handler: SeedanceHandler;
let realToken: string;
const reported: unknown[] = [];
const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => unhandled.push(reason);
const prototypeKeys = Object.getOwnPropertyNames(Object.prototype).join();

beforeAll(async () => {
  process.on('unhandledRejection', onUnhandled);
  // Jobs stay queued for the whole run, so nothing here ever finishes upstream.
  emulator = await startSegmindEmulator({ apiKey: TEST_API_KEY, latency: { queuedMs: 600_000, processingMs: 0 } });
  handler = createSeedanceHandler({
    apiKey: TEST_API_KEY,
    secret: TEST_SECRET,
    authorize: (request) => {
      const id = request.headers.get('x-test-user');
      return id ? { id } : null;
    },
    upstream: { baseUrl: emulator.url, timeoutMs: 2_000 },
    limits: { requestsPerMinute: Number.POSITIVE_INFINITY, concurrentJobs: Number.POSITIVE_INFINITY },
    onError: (error) => reported.push(error),
  });
  const created = await handler(
    new Request(`${ORIGIN}${BASE_PATH}/generations`, {
      method: 'POST',
      headers: {
        'x-test-user': USER,
        'content-type': 'application/json',
        [PROTOCOL_HEADER]: '1',
        [IDEMPOTENCY_KEY_HEADER]: 'property-test-setup',
      },
      body: JSON.stringify({ input: { prompt: 'A real job whose token the properties mutate' } }),
    }),
  );
  expect(created.status).toBe(202);
  realToken = ((await created.json()) as { job: { id: string } }).job.id;
  emulator.clearRequests();
});

afterEach(() => {
  // Whatever a property threw at the handler: nothing was submitted upstream, nothing was reported as a server-side
  // error, no promise was left rejected, and no body reached Object.prototype.
  const submitted = emulator.requests().filter((request) => request.route === 'submit');
  emulator.clearRequests();
  expect(submitted).toEqual([]);
  expect(reported.splice(0)).toEqual([]);
  expect(unhandled.splice(0)).toEqual([]);
  expect(Object.getOwnPropertyNames(Object.prototype).join()).toBe(prototypeKeys);
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
});

afterAll(async () => {
  process.off('unhandledRejection', onUnhandled);
  await emulator?.stop();
});

describe('the signer under random and hostile requests', () => {
  it('refuses every anonymous request, whatever its method, path, headers and body', async () => {
    await fc.assert(
      fc.asyncProperty(methodArbitrary, pathArbitrary, headersArbitrary, garbageBodyArbitrary, async (...parts) => {
        const request = buildRequest(...parts);
        fc.pre(request !== undefined);
        await expectRefused(request);
      }),
      { numRuns: RUNS.anonymous },
    );
  });

  it('answers a signed-in user 4xx on any path and method that is not a route it serves', async () => {
    await fc.assert(
      fc.asyncProperty(methodArbitrary, pathArbitrary, headersArbitrary, garbageBodyArbitrary, async (...parts) => {
        const request = buildRequest(parts[0], parts[1], { ...parts[2], 'x-test-user': USER }, parts[3]);
        fc.pre(request !== undefined);
        const { pathname } = new URL(request.url);
        // The readable routes without a token (the config, the caller's own history); URL normalisation
        // (`/x/../config`, `%2e%2e`) can land on them.
        fc.pre(
          !(
            (request.method === 'GET' || request.method === 'HEAD') &&
            (pathname === `${BASE_PATH}/config` || pathname === `${BASE_PATH}/generations`)
          ),
        );
        await expectRefused(request);
      }),
      { numRuns: RUNS.paths },
    );
  });

  it('refuses a valid submit body whose protocol, content-type or idempotency header is wrong or missing', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.option(protocolValueArbitrary, { nil: undefined }),
        fc.option(contentTypeArbitrary, { nil: undefined }),
        fc.option(idempotencyKeyArbitrary, { nil: undefined }),
        headersArbitrary,
        validInputArbitrary,
        async (protocol, contentType, idempotencyKey, extra, input) => {
          const headers: Record<string, string> = { ...extra, 'x-test-user': USER };
          if (protocol !== undefined) headers[PROTOCOL_HEADER] = protocol;
          if (contentType !== undefined) headers['content-type'] = contentType;
          if (idempotencyKey !== undefined) headers[IDEMPOTENCY_KEY_HEADER] = idempotencyKey;
          const request = buildRequest('POST', `${BASE_PATH}/generations`, headers, JSON.stringify({ input }));
          fc.pre(request !== undefined);
          // Judged on the headers as the handler will read them (the Headers class trims values).
          fc.pre(!submitHeadersAreValid(request.headers));
          await expectRefused(request);
        },
      ),
      { numRuns: RUNS.headers },
    );
  });

  it('refuses every hostile submit body with the right headers, before anything reaches the upstream', async () => {
    await fc.assert(
      fc.asyncProperty(invalidBodyArbitrary, fc.uuid(), async (body, idempotencyKey) => {
        const request = buildRequest(
          'POST',
          `${BASE_PATH}/generations`,
          {
            'x-test-user': USER,
            'content-type': 'application/json',
            [PROTOCOL_HEADER]: '1',
            [IDEMPOTENCY_KEY_HEADER]: idempotencyKey,
          },
          body,
        );
        fc.pre(request !== undefined);
        await expectRefused(request);
      }),
      { numRuns: RUNS.bodies },
    );
  });

  it('refuses random, tampered and forged job tokens on every job route', async () => {
    const tokens = fc.oneof(
      { arbitrary: randomTokenArbitrary, weight: 2 },
      { arbitrary: mutatedTokenArbitrary(() => realToken), weight: 5 },
      { arbitrary: reencodedTokenArbitrary(() => realToken), weight: 3 },
      { arbitrary: fc.nat().map((index) => signedElsewhere[index % signedElsewhere.length] ?? ''), weight: 1 },
    );
    await fc.assert(
      fc.asyncProperty(
        tokens,
        fc.constantFrom('GET', 'HEAD', 'DELETE'),
        fc.constantFrom('', '/video', '/last-frame', '/video?download=1'),
        fc.boolean(),
        fc.boolean(),
        async (token, method, suffix, encode, withProtocol) => {
          const headers: Record<string, string> = { 'x-test-user': USER };
          if (withProtocol) headers[PROTOCOL_HEADER] = '1';
          const segment = encode ? encodeURIComponent(token) : token;
          const request = buildRequest(method, `${BASE_PATH}/generations/${segment}${suffix}`, headers, undefined);
          fc.pre(request !== undefined);
          // Judged on the token the URL names once parsed (a raw `#`, tab or `%2E` can turn a mutation back).
          fc.pre(!sameTokenAs(namedToken(request), realToken));
          await expectRefused(request);
        },
      ),
      { numRuns: RUNS.tokens },
    );
  });

  it('still judges ownership of a token it has already verified', async () => {
    const read = (userId: string) =>
      handler(new Request(`${ORIGIN}${BASE_PATH}/generations/${realToken}`, { headers: { 'x-test-user': userId } }));
    expect((await read(USER)).status).toBe(200);
    expect((await read('mallory')).status).toBe(403);
    expect((await read('mallory')).status).toBe(403);
    expect((await read(USER)).status).toBe(200);
  });

  it('answers preflights from origins it was not given without granting CORS', async () => {
    await fc.assert(
      fc.asyncProperty(pathArbitrary, headersArbitrary, fc.webUrl(), async (path, headers, origin) => {
        const request = buildRequest('OPTIONS', path, { ...headers, origin: new URL(origin).origin }, undefined);
        fc.pre(request !== undefined);
        const response = await handler(request);
        expect(response.status).toBe(204);
        expect(response.headers.get('access-control-allow-origin')).toBeNull();
        expect(await response.text()).toBe('');
      }),
      { numRuns: RUNS.preflight },
    );
  });
});

/** The properties every refusal has: 4xx, the protocol's error body, and nothing of the key. */
async function expectRefused(request: Request): Promise<void> {
  const response = await handler(request);
  const text = await response.text();
  const where = `${request.method} ${request.url.slice(0, 200)} → ${response.status} ${text.slice(0, 300)}`;
  expect(response.status, where).toBeGreaterThanOrEqual(400);
  expect(response.status, where).toBeLessThan(500);
  expect(errorResponseSchema.safeParse(JSON.parse(text)).success, where).toBe(true);
  expect(text).not.toContain(TEST_API_KEY);
  for (const [, value] of response.headers) expect(value).not.toContain(TEST_API_KEY);
}

/** A web Request, or `undefined` for the rare generated shape the Request class itself refuses. */
function buildRequest(
  method: string,
  path: string,
  headers: Record<string, string>,
  body: string | Uint8Array | undefined,
): Request | undefined {
  const bodyAllowed = !['GET', 'HEAD'].includes(method.toUpperCase());
  try {
    return new Request(`${ORIGIN}${path}`, {
      method,
      headers,
      ...(bodyAllowed && body !== undefined ? { body: body as BodyInit } : {}),
    });
  } catch {
    return undefined;
  }
}

/** What docs/protocol.md says a submit needs, judged independently of the handler's own checks. */
function submitHeadersAreValid(headers: Headers): boolean {
  const mediaType = (headers.get('content-type') ?? '').split(';')[0]?.trim().toLowerCase();
  const key = headers.get(IDEMPOTENCY_KEY_HEADER) ?? '';
  return (
    (headers.get(PROTOCOL_HEADER) === '1' || headers.get(PROTOCOL_HEADER) === '2') &&
    mediaType === 'application/json' &&
    key.length >= 8 &&
    key.length <= 200 &&
    /^[A-Za-z0-9_.:-]+$/.test(key)
  );
}

/** The job token a request's URL names, as the path parser will see it. */
function namedToken(request: Request): string {
  const segment = /\/generations\/([^/]+)/.exec(new URL(request.url).pathname)?.[1] ?? '';
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/**
 * Whether a generated token means the real one: the same payload text (the signed part) and a signature with the
 * same bytes. Base64 leaves two spare bits in the signature's last character, so a few spellings decode the same.
 */
function sameTokenAs(token: string, real: string): boolean {
  const parts = token.split('.');
  const [version, payload, signature] = real.split('.');
  if (parts.length !== 3 || parts[0] !== version || parts[1] !== payload) return false;
  const decode = (text: string) => {
    if (!/^[A-Za-z0-9_-]*$/.test(text)) return undefined;
    try {
      return atob(text.replace(/-/g, '+').replace(/_/g, '/'));
    } catch {
      return undefined;
    }
  };
  const bytes = decode(parts[2] ?? '');
  return bytes !== undefined && bytes === decode(signature ?? '');
}

// Arbitraries: small shapes first, then the hostile ones.

const headerValueCharacter = fc.oneof(
  fc.integer({ min: 0x20, max: 0x7e }),
  fc.integer({ min: 0x80, max: 0xff }),
  fc.constant(0x09),
);
/** Anything a Headers object accepts as a value: Latin-1, no CR/LF/NUL. */
const headerValueArbitrary = fc.oneof(
  {
    arbitrary: fc.string({ unit: headerValueCharacter.map((code) => String.fromCharCode(code)), maxLength: 60 }),
    weight: 8,
  },
  { arbitrary: fc.constantFrom('x'.repeat(16 * 1024), 'é'.repeat(64 * 1024), `${'a'.repeat(1024)};`), weight: 1 },
);
const headerNameArbitrary = fc.oneof(
  fc.constantFrom(
    'content-type',
    'content-length',
    'transfer-encoding',
    'authorization',
    'cookie',
    'range',
    'if-range',
    'origin',
    'x-forwarded-for',
    'x-forwarded-host',
    'accept',
    PROTOCOL_HEADER,
    IDEMPOTENCY_KEY_HEADER,
    '__proto__',
    'constructor',
  ),
  fc
    .string({
      unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz0123456789-_!#$%&*+.^`|~'),
      minLength: 1,
      maxLength: 30,
    })
    // The test authorize() reads x-test-user: leave it to each property.
    .filter((name) => name !== 'x-test-user'),
);
const headersArbitrary: fc.Arbitrary<Record<string, string>> = fc
  .array(fc.tuple(headerNameArbitrary, headerValueArbitrary), { maxLength: 6 })
  .map((entries) => {
    const headers: Record<string, string> = {};
    // defineProperty, so a "__proto__" header name becomes a header rather than a prototype.
    for (const [name, value] of entries) {
      Object.defineProperty(headers, name, { value, enumerable: true, configurable: true, writable: true });
    }
    return headers;
  });

const methodArbitrary = fc
  .oneof(
    fc.constantFrom('GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'get', 'post', 'delete'),
    fc.constantFrom('PROPFIND', 'MKCOL', 'QUERY', 'M-SEARCH', 'PURGE', 'LINK', 'gEt', 'X'),
    fc.string({ unit: fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefz-_!~'), minLength: 1, maxLength: 12 }),
  )
  // OPTIONS is a preflight (its own property); CONNECT, TRACE and TRACK cannot be built as a Request.
  .filter((method) => !['OPTIONS', 'CONNECT', 'TRACE', 'TRACK'].includes(method.toUpperCase()));

const pathSegmentArbitrary = fc.oneof(
  fc.constantFrom(
    'generations',
    'config',
    'video',
    'last-frame',
    'uploads',
    '..',
    '.',
    '%2e%2e',
    '%2E',
    '%2F',
    '%2f..%2f',
    '%00',
    '%',
    '%zz',
    '%E0%A4%A',
    '%C0%AF',
    '',
    ';',
    'v1.',
    '..%5c..%5c',
    '\\',
    '?download=1',
    '#x',
    '日本語',
    '🎬',
    '\u202e',
    'a'.repeat(8_000),
  ),
  fc.string({ unit: 'grapheme', maxLength: 20 }),
  fc.string({ unit: 'binary', maxLength: 10 }),
);
const pathArbitrary = fc.oneof(
  // The routes it serves, with random tokens.
  {
    arbitrary: fc
      .tuple(
        fc.constantFrom('/config', '/generations', '/generations/', '/uploads'),
        fc.constantFrom('', '/video', '/last-frame', '/video?download=1'),
        fc.string({ maxLength: 40 }),
      )
      .map(([route, suffix, token]) =>
        route === '/generations/'
          ? `${BASE_PATH}${route}${encodeURIComponent(token)}${suffix}`
          : `${BASE_PATH}${route}`,
      ),
    weight: 6,
  },
  {
    arbitrary: fc.array(pathSegmentArbitrary, { maxLength: 5 }).map((segments) => `${BASE_PATH}/${segments.join('/')}`),
    weight: 8,
  },
  {
    arbitrary: fc.constantFrom(
      BASE_PATH,
      `${BASE_PATH}x`,
      '/',
      '/api',
      '/api/seedance%2Fconfig',
      '//api/seedance/config',
    ),
    weight: 1,
  },
  {
    arbitrary: fc
      .constantFrom('', '/video', '/last-frame', '/x/y')
      .map((suffix) => `${BASE_PATH}/generations/${'v1.'.repeat(900)}${suffix}`),
    weight: 1,
  },
);

/** A body that is never a valid submit: bytes that are not JSON, or JSON that is not `{ input: GenerationInput }`. */
const garbageBodyArbitrary: fc.Arbitrary<string | Uint8Array | undefined> = fc.oneof(
  fc.constant(undefined),
  fc.uint8Array({ maxLength: 200 }).map((bytes) => Uint8Array.from([0xff, ...bytes])),
  fc.jsonValue({ maxDepth: 4 }).map((value) => JSON.stringify([value])),
  fc.string({ unit: 'binary', maxLength: 50 }).map((text) => `\u0000${text}`),
);

const promptArbitrary = fc
  .oneof(fc.string({ unit: 'grapheme', minLength: 1, maxLength: 80 }), fc.lorem({ maxCount: 8 }))
  .map((text) => `${text}x`);
const httpUrlArbitrary = fc.webUrl({ validSchemes: ['https', 'http'] });

/** A GenerationInput the schema accepts (in reference mode or with no media), for the header property. */
const validInputArbitrary = fc.record(
  {
    prompt: promptArbitrary,
    aspect_ratio: fc.constantFrom(...ASPECT_RATIOS),
    duration: fc.constantFrom(...DURATIONS, -1),
    resolution: fc.constantFrom(...RESOLUTIONS),
    reference_images: fc.array(httpUrlArbitrary, { minLength: 1, maxLength: 3 }),
    generate_audio: fc.boolean(),
    seed: fc.integer({ min: -1, max: 2_147_483_647 }),
    return_last_frame: fc.boolean(),
  },
  { requiredKeys: ['prompt'] },
);

const INPUT_FIELDS = [
  'prompt',
  'aspect_ratio',
  'duration',
  'resolution',
  'first_frame_url',
  'last_frame_url',
  'reference_images',
  'reference_videos',
  'reference_audios',
  'generate_audio',
  'seed',
  'return_last_frame',
];
const PROTOTYPE_KEYS = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'valueOf'] as const;
const hostileValueArbitrary = fc.oneof(
  fc.constantFrom(null, true, false, 0, -0, 1.5, -1e308, 1e308, Number.MAX_SAFE_INTEGER + 2, '', ' ', '\u0000'),
  fc.constant({ polluted: 'yes' }),
  fc.constant({ prototype: { polluted: 'yes' } }),
  fc.string({ unit: 'grapheme', maxLength: 30 }),
  fc.array(fc.jsonValue({ maxDepth: 2 }), { maxLength: 4 }),
  fc.jsonValue({ maxDepth: 3 }),
);

const notIn =
  <T>(values: readonly unknown[]) =>
  (value: T) =>
    !values.includes(value);

type Corruption = (input: Record<string, unknown>) => void;
const setField =
  (field: string) =>
  (value: unknown): Corruption =>
  (input) => {
    input[field] = value;
  };
const removeField =
  (...fields: string[]): Corruption =>
  (input) => {
    for (const field of fields) delete input[field];
  };
const both =
  (...corruptions: Corruption[]): Corruption =>
  (input) => {
    for (const corrupt of corruptions) corrupt(input);
  };

/** One change that makes a valid input invalid, per the rules in docs/protocol.md. */
const corruptionArbitrary: fc.Arbitrary<Corruption> = fc.oneof(
  fc.constant(removeField('prompt')),
  hostileValueArbitrary.filter((value) => typeof value !== 'string' || value.trim() === '').map(setField('prompt')),
  fc.constantFrom('', '   ', '\t\n ').map(setField('prompt')),
  hostileValueArbitrary.filter(notIn(ASPECT_RATIOS)).map(setField('aspect_ratio')),
  fc.constantFrom('16:10', '16/9', ' 16:9', 'ADAPTIVE', '9:16 ').map(setField('aspect_ratio')),
  fc
    .oneof(hostileValueArbitrary, fc.integer(), fc.double(), fc.constantFrom('5', 5.5, 0, 1, 3, 7, 16, -2, 2 ** 53))
    .filter(notIn([...DURATIONS, -1]))
    .map(setField('duration')),
  fc
    .oneof(hostileValueArbitrary, fc.constantFrom('1080p', '720P', '720', '4k'))
    .filter(notIn(RESOLUTIONS))
    .map(setField('resolution')),
  fc
    .oneof(
      fc.double({ min: 2_147_483_648, max: 1e300, noNaN: true }),
      fc.integer({ max: -2 }),
      fc.double({ noInteger: true }),
      fc.constantFrom('7', 1e308, -1e308, 2 ** 53, null, [7], { seed: 7 }),
    )
    .map(setField('seed')),
  fc
    .tuple(
      fc.constantFrom('generate_audio', 'return_last_frame'),
      fc
        .oneof(hostileValueArbitrary, fc.constantFrom('true', 'false', 1, 0))
        .filter((value) => typeof value !== 'boolean'),
    )
    .map(([field, value]) => setField(field)(value)),
  fc
    .tuple(
      fc.constantFrom('first_frame_url', 'last_frame_url', 'reference_images', 'reference_videos', 'reference_audios'),
      fc.oneof(
        // Neither a URL nor a list of URLs (an empty list would be valid).
        hostileValueArbitrary.filter((value) => typeof value !== 'string' && !Array.isArray(value)),
        fc.constantFrom('not a url', 'javascript:alert(1)', 'ftp://x.test/a.png', 'file:///etc/passwd', '//x.test/a'),
        fc.constantFrom([null], [1], ['not a url'], [['https://x.test/a.png']], [{ url: 'https://x.test/a.png' }]),
      ),
    )
    .map(([field, value]) => setField(field)(value)),
  // Frames mode cannot be mixed with references.
  httpUrlArbitrary.map((url) => both(setField('first_frame_url')(url), setField('reference_images')([url]))),
  // A last frame needs a first frame.
  httpUrlArbitrary.map((url) => both(removeField('first_frame_url'), setField('last_frame_url')(url))),
  // Audio references need an image or video reference.
  httpUrlArbitrary.map((url) =>
    both(removeField('reference_images', 'reference_videos', 'first_frame_url'), setField('reference_audios')([url])),
  ),
  fc
    .constantFrom(10, 50, 5_000)
    .map((count) =>
      setField('reference_images')(Array.from({ length: count }, (_, index) => `https://cdn.test/${index}.png`)),
    ),
  // An unknown field (the input schema is strict), prototype keys included.
  fc
    .tuple(
      fc
        .oneof(
          fc.constantFrom(...PROTOTYPE_KEYS, 'model', 'apiKey', 'api_key', 'x-api-key', 'webhook', 'Prompt', 'prompt '),
          fc.string({ minLength: 1, maxLength: 20 }),
        )
        .filter(notIn(INPUT_FIELDS)),
      hostileValueArbitrary,
    )
    .map(
      ([key, value]): Corruption =>
        (input) =>
          void defineOwn(input, key, value),
    ),
);

/** A valid input with exactly one corruption: each one alone breaks a rule, so none can undo another. */
const invalidInputObjectArbitrary = fc.tuple(validInputArbitrary, corruptionArbitrary).map(([valid, corrupt]) => {
  const input: Record<string, unknown> = { ...valid };
  corrupt(input);
  return input;
});

const invalidBodyArbitrary: fc.Arbitrary<string | Uint8Array> = fc.oneof(
  // { input } with one to three invalid fields.
  { arbitrary: invalidInputObjectArbitrary.map((input) => JSON.stringify({ input })), weight: 10 },
  // A valid input next to an unknown top-level key (the request schema is strict), prototype keys included.
  {
    arbitrary: fc
      .tuple(
        validInputArbitrary,
        fc.oneof(fc.constantFrom(...PROTOTYPE_KEYS, 'inputs', 'Input', 'model'), fc.string({ maxLength: 10 })),
        hostileValueArbitrary,
      )
      .filter(([, key]) => key !== 'input')
      .map(([input, key, value]) => JSON.stringify(defineOwn({ input }, key, value))),
    weight: 4,
  },
  // The right key with the wrong kind of value, or no input at all.
  {
    arbitrary: hostileValueArbitrary
      .filter((value) => value === null || typeof value !== 'object' || Array.isArray(value) || 'polluted' in value)
      .map((value) => JSON.stringify({ input: value })),
    weight: 2,
  },
  { arbitrary: fc.constantFrom('{}', '[]', 'null', '0', '"input"', 'true', '{"input":{}}'), weight: 1 },
  // Any JSON that is not an object at the top.
  {
    arbitrary: fc
      .jsonValue({ maxDepth: 4 })
      .filter((value) => !isPlainObject(value))
      .map((value) => JSON.stringify(value) ?? 'null'),
    weight: 2,
  },
  // A valid body cut short: a strict prefix of an object's JSON is never JSON.
  {
    arbitrary: validInputArbitrary.chain((input) => {
      const text = JSON.stringify({ input });
      return fc.integer({ min: 0, max: text.length - 1 }).map((end) => text.slice(0, end));
    }),
    weight: 3,
  },
  // Bytes that are not JSON: 0xFF decodes to U+FFFD, which no JSON text starts with.
  { arbitrary: fc.uint8Array({ maxLength: 300 }).map((bytes) => Uint8Array.from([0xff, ...bytes])), weight: 2 },
  {
    arbitrary: fc.constantFrom(
      // Numbers JSON.parse turns into Infinity or rounds away from an integer.
      '{"input":{"prompt":"x","seed":1e400}}',
      '{"input":{"prompt":"x","duration":5.0000000000000001e1}}',
      '{"input":{"prompt":"x","seed":-1e400}}',
      // A duplicate key whose last value is the invalid one.
      '{"input":{"prompt":"ok","prompt":123}}',
      '{"input":{"prompt":"ok"},"input":[]}',
      // Escaped keys: "seed" and "__proto__" spelled with \\u escapes.
      '{"input":{"prompt":"ok","\\u0073eed":"x"}}',
      '{"input":{"prompt":"ok","\\u005f_proto__":{"polluted":"yes"}}}',
      '{"__proto__":{"polluted":"yes"},"input":{"prompt":"ok"}}',
      '{"input":{"prompt":"ok","constructor":{"prototype":{"polluted":"yes"}}}}',
      '{"input":{"__proto__":{"prompt":"inherited"}}}',
      // Deep nesting, in the body and inside an input field.
      `${'['.repeat(5_000)}${']'.repeat(5_000)}`,
      `{"input":{"prompt":"ok","seed":${'['.repeat(5_000)}${']'.repeat(5_000)}}}`,
      `{"input":${'{"a":'.repeat(2_000)}1${'}'.repeat(2_000)}}`,
      // Over the 64 KiB cap, valid or not.
      JSON.stringify({ input: { prompt: 'x'.repeat(70 * 1024) } }),
      JSON.stringify({ input: { prompt: '🎬'.repeat(20 * 1024) } }),
      `{"input":{"prompt":"ok"}}${' '.repeat(70 * 1024)}`,
      // Not JSON at all.
      '',
      'input=prompt',
      '<input prompt="x"/>',
      "{'input':{'prompt':'x'}}",
      '{"input":{"prompt":"x",}}',
      '{"input":{"prompt":"x"}}garbage',
      '\u0000{"input":{"prompt":"x"}}',
      'NaN',
    ),
    weight: 3,
  },
);

const protocolValueArbitrary = fc.oneof(
  { arbitrary: fc.constant('1'), weight: 3 },
  { arbitrary: fc.constantFrom('3', '0', '01', '1.0', ' 1 ', '1, 2', 'true', 'v1', '', '١'), weight: 2 },
  { arbitrary: headerValueArbitrary, weight: 1 },
);
const contentTypeArbitrary = fc.oneof(
  { arbitrary: fc.constantFrom('application/json', 'application/json; charset=utf-8', 'APPLICATION/JSON'), weight: 3 },
  {
    arbitrary: fc.constantFrom(
      'text/plain',
      'text/json',
      'application/jsonp',
      'application/json-patch+json',
      'application/ld+json',
      'application/x-www-form-urlencoded',
      'multipart/form-data; boundary=x',
      'application/json, text/plain',
      'json',
      '',
      '*/*',
    ),
    weight: 3,
  },
  { arbitrary: headerValueArbitrary, weight: 1 },
);
const idempotencyKeyArbitrary = fc.oneof(
  { arbitrary: fc.uuid(), weight: 3 },
  {
    arbitrary: fc.oneof(
      fc.string({ maxLength: 7 }),
      fc.string({ unit: fc.constantFrom(...'abc123-_.:'), minLength: 201, maxLength: 400 }),
      fc.constantFrom(
        'has space in it',
        '../../../etc/passwd',
        'key/with/slash',
        'ключ-ключ-ключ',
        'a'.repeat(100_000),
      ),
    ),
    weight: 3,
  },
  { arbitrary: headerValueArbitrary, weight: 1 },
);

const base64UrlAlphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const randomTokenArbitrary = fc.oneof(
  fc.string({ maxLength: 100 }),
  fc.string({ unit: 'binary', maxLength: 60 }),
  fc.base64String({ maxLength: 200 }),
  fc
    .tuple(
      fc.string({ unit: fc.constantFrom(...base64UrlAlphabet), maxLength: 120 }),
      fc.string({ unit: fc.constantFrom(...base64UrlAlphabet), minLength: 43, maxLength: 43 }),
    )
    .map(([payload, signature]) => `v1.${payload}.${signature}`),
  fc.constantFrom('', '.', '..', 'v1', 'v1..', 'v2.a.b', 'null', 'undefined', '__proto__', `v1.${'A'.repeat(3_000)}.x`),
);

/** Small edits of the real token: every one changes what it says or breaks its form. */
function mutatedTokenArbitrary(real: () => string): fc.Arbitrary<string> {
  const anyCharacter = fc.oneof(
    fc.constantFrom(...base64UrlAlphabet, '.', '=', '+', '/', '%', ' ', '\u0000', 'é', '🎬'),
    fc.string({ minLength: 1, maxLength: 1 }),
  );
  return fc.oneof(
    fc.tuple(fc.nat(), anyCharacter).map(([index, character]) => {
      const token = real();
      const at = index % token.length;
      return `${token.slice(0, at)}${character}${token.slice(at + 1)}`;
    }),
    fc.tuple(fc.nat(), anyCharacter).map(([index, character]) => {
      const token = real();
      const at = index % (token.length + 1);
      return `${token.slice(0, at)}${character}${token.slice(at)}`;
    }),
    fc.nat().map((index) => {
      const token = real();
      const at = index % token.length;
      return `${token.slice(0, at)}${token.slice(at + 1)}`;
    }),
    // Another spelling of the signature's last character: some decode to the same bytes and are skipped.
    fc.constantFrom(...base64UrlAlphabet).map((character) => `${real().slice(0, -1)}${character}`),
    fc.nat().map((length) => real().slice(0, length % real().length)),
    fc.nat().map((length) => real().slice(1 + (length % real().length))),
    fc.string({ maxLength: 20 }).map((extra) => `${real()}.${extra}`),
    fc.string({ maxLength: 20 }).map((extra) => `${extra}.${real()}`),
    fc
      .constantFrom(
        (token: string) => token.split('.').slice(1).join('.'),
        (token: string) => token.split('.').reverse().join('.'),
        (token: string) => token.replace('v1.', 'v2.'),
        (token: string) => token.replace('v1.', 'V1.'),
        (token: string) => token.toUpperCase(),
        (token: string) => token.toLowerCase(),
        (token: string) => `${token}=`,
        (token: string) => `${token} `,
        (token: string) => ` ${token}`,
        (token: string) => token.replace(/\./g, '%2E'),
        (token: string) => `${token}${token}`,
        (token: string) => `${token}.${token.split('.')[2]}`,
        (token: string) => token.repeat(40),
      )
      .map((mutate) => mutate(real())),
  );
}

/**
 * Tokens rebuilt from the real one's payload: claims edited (or not), then re-encoded in several spellings, with
 * the old signature or random bytes as the signature.
 */
function reencodedTokenArbitrary(real: () => string): fc.Arbitrary<string> {
  const edit = fc.oneof(
    fc.constant((claims: unknown[]) => claims),
    fc.string({ maxLength: 12 }).map((requestId) => (claims: unknown[]) => replaceAt(claims, 0, requestId)),
    fc
      .constantFrom('mallory', 'Alice', 'alice ', '', 'alice\u0000')
      .map((userId) => (claims: unknown[]) => replaceAt(claims, 1, userId)),
    fc.constant((claims: unknown[]) => replaceAt(claims, 3, 8.64e15)),
    fc.constant((claims: unknown[]) => replaceAt(claims, 3, '9999999999999')),
    fc.constant((claims: unknown[]) => [...claims, 'extra']),
    fc.constant((claims: unknown[]) => claims.slice(0, 2)),
    fc.constant((claims: unknown[]) => Object.fromEntries(claims.entries())),
  );
  const spelling = fc.constantFrom<(json: string) => string>(
    (json) => base64Url(utf8(json)),
    (json) => btoa(String.fromCharCode(...utf8(json))),
    (json) => `${base64Url(utf8(json))}==`,
    (json) => base64Url(utf8(` ${json}`)),
    (json) => encodeURIComponent(json),
  );
  const signature = fc.option(fc.uint8Array({ minLength: 32, maxLength: 32 }), { nil: undefined });
  return fc.tuple(edit, spelling, signature).map(([change, spell, noise]) => {
    const [version, payload, oldSignature] = real().split('.');
    const claims = JSON.parse(atob((payload ?? '').replace(/-/g, '+').replace(/_/g, '/'))) as unknown[];
    return `${version}.${spell(JSON.stringify(change(claims)))}.${noise ? base64Url(noise) : oldSignature}`;
  });
}

/** Properly signed tokens that are still not alice's: another deployment's secret, or this one's for other users. */
const signedElsewhere: string[] = [];
beforeAll(async () => {
  const claims = (userId: string, index: number) => ({
    requestId: `request-${index}`,
    userId,
    createdAt: Date.now(),
    expiresAt: Date.now() + 3_600_000,
    input: { aspectRatio: '16:9' as const, duration: 5 as const, resolution: '720p' as const, generateAudio: false },
    slotId: `slot-${index}`,
  });
  for (let index = 0; index < 8; index++) {
    signedElsewhere.push(await signJobToken(claims(USER, index), ['another-deployment-secret-of-32-characters!']));
    signedElsewhere.push(await signJobToken(claims(`user-${index}`, index), [TEST_SECRET]));
  }
});

function replaceAt(values: unknown[], index: number, value: unknown): unknown[] {
  const copy = [...values];
  copy[index] = value;
  return copy;
}

function defineOwn<T extends object>(target: T, key: string, value: unknown): T {
  Object.defineProperty(target, key, { value, enumerable: true, configurable: true, writable: true });
  return target;
}

function isPlainObject(value: unknown): boolean {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function utf8(text: string): Uint8Array {
  return new TextEncoder().encode(text);
}

function base64Url(bytes: Uint8Array): string {
  return btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');
}
