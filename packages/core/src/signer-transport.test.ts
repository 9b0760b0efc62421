import { afterEach, describe, expect, it, vi } from 'vitest';
import { SeedanceError } from './errors';
import type { GenerationJob } from './protocol';
import { createSignerTransport } from './signer-transport';

const job: GenerationJob = {
  id: 'v1.token.signature',
  status: 'succeeded',
  createdAt: '2026-11-24T00:00:00.000Z',
  updatedAt: '2026-11-24T00:01:30.000Z',
  input: { aspectRatio: '16:9', duration: 5, resolution: '720p', generateAudio: false },
  result: {
    videoUrl: '/api/seedance/generations/v1.token.signature/video',
    downloadUrl: '/api/seedance/generations/v1.token.signature/video?download=1',
    contentType: 'video/mp4',
  },
};

/** A fetch that records requests and answers from a script: the transport's own `fetch` option, no globals. */
function scriptedFetch(answer: (request: Request) => Response | Promise<Response>) {
  const requests: Request[] = [];
  const fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
    // Relative URLs resolve against a stand-in page origin, as a browser would.
    const request = new Request(new URL(String(input), 'http://page.test'), init);
    requests.push(request);
    return answer(request);
  };
  return { fetch: fetch as typeof globalThis.fetch, requests };
}

const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

describe('createSignerTransport', () => {
  it('submits with the protocol, JSON and idempotency headers and only the input in the body', async () => {
    const { fetch, requests } = scriptedFetch(() =>
      json({ job: { ...job, status: 'queued', result: undefined } }, 202),
    );
    const transport = createSignerTransport({
      baseUrl: 'https://app.example.com/api/seedance/',
      fetch,
      headers: { authorization: 'Bearer s' },
    });
    const submitted = await transport.submit({ prompt: 'waves' }, { idempotencyKey: 'key-12345678' });
    expect(submitted.status).toBe('queued');
    const [request] = requests;
    expect(request?.method).toBe('POST');
    expect(request?.url).toBe('https://app.example.com/api/seedance/generations');
    expect(request?.headers.get('x-seedance-protocol')).toBe('2');
    expect(request?.headers.get('idempotency-key')).toBe('key-12345678');
    expect(request?.headers.get('content-type')).toBe('application/json');
    expect(request?.headers.get('authorization')).toBe('Bearer s');
    expect(await request?.json()).toEqual({ input: { prompt: 'waves' } });
  });

  it('cancels with DELETE ?intent=cancel and the protocol header, and reports honestly that the upstream kept going', async () => {
    const { fetch, requests } = scriptedFetch(() =>
      json({ job: { ...job, status: 'canceled', result: undefined, remoteCancel: false } }),
    );
    const canceled = await createSignerTransport({ baseUrl: 'https://app.example.com/api/seedance', fetch }).cancel(
      'v1.a/b',
    );
    expect(canceled).toMatchObject({ status: 'canceled', remoteCancel: false });
    const [request] = requests;
    expect(request?.method).toBe('DELETE');
    // `intent=cancel`: a cancel that crosses the job's completion must not make the signer forget the paid video.
    expect(request?.url).toBe('https://app.example.com/api/seedance/generations/v1.a%2Fb?intent=cancel');
    expect(request?.headers.get('x-seedance-protocol')).toBe('2');
  });

  it('deletes a finished job with the same DELETE, and reports a job that was canceled instead', async () => {
    const finished = scriptedFetch(() => json({ deleted: true }));
    const transport = createSignerTransport({
      baseUrl: 'https://signer.example.com/api/seedance',
      fetch: finished.fetch,
    });
    expect(await transport.deleteGeneration?.('v1.a/b')).toEqual({ deleted: true });
    expect(finished.requests[0]?.method).toBe('DELETE');
    expect(finished.requests[0]?.url).toBe('https://signer.example.com/api/seedance/generations/v1.a%2Fb');
    expect(finished.requests[0]?.headers.get('x-seedance-protocol')).toBe('2');
    // cancel() meeting a signer that forgot the job anyway (one older than `intent=cancel`) says so, instead of a
    // shape it cannot read.
    await expect(transport.cancel('v1.a/b')).rejects.toMatchObject({
      code: 'NOT_FOUND',
      message: expect.stringMatching(/had already finished .* removed it from the history/),
    });

    const running = scriptedFetch(() => json({ job: { ...job, status: 'canceled', remoteCancel: false } }));
    const canceled = await createSignerTransport({
      baseUrl: 'https://signer.example.com/api/seedance',
      fetch: running.fetch,
    }).deleteGeneration?.(job.id);
    expect(canceled).toMatchObject({ deleted: false, job: { status: 'canceled', remoteCancel: false } });
    // The job's media URLs are made absolute like every other answer's.
    expect(canceled?.deleted === false && canceled.job.result?.videoUrl).toMatch(/^https:\/\/signer\.example\.com\//);

    const refused = scriptedFetch(() =>
      json(
        { error: { code: 'FORBIDDEN', message: 'This generation belongs to another user.', retryable: false } },
        403,
      ),
    );
    await expect(createSignerTransport({ fetch: refused.fetch }).deleteGeneration?.(job.id)).rejects.toMatchObject({
      code: 'FORBIDDEN',
      status: 403,
    });
    const foreign = scriptedFetch(() => json({ deleted: 'yes' }));
    await expect(createSignerTransport({ fetch: foreign.fetch }).deleteGeneration?.(job.id)).rejects.toMatchObject({
      code: 'INTERNAL',
      message: expect.stringMatching(/shape this client does not understand/),
    });
  });

  it('makes media URLs absolute when the signer is on another origin, and leaves them alone on the same origin', async () => {
    const { fetch } = scriptedFetch(() => json({ job }));
    const crossOrigin = await createSignerTransport({
      baseUrl: 'https://signer.example.com/api/seedance',
      fetch,
    }).getJob(job.id);
    expect(crossOrigin.result?.videoUrl).toBe(
      'https://signer.example.com/api/seedance/generations/v1.token.signature/video',
    );
    const sameOrigin = scriptedFetch(() => json({ job }));
    const relative = await createSignerTransport({ fetch: sameOrigin.fetch }).getJob(job.id);
    expect(relative.result?.videoUrl).toBe(job.result?.videoUrl);
    expect(sameOrigin.requests[0]?.url).toMatch(/\/api\/seedance\/generations\/v1\.token\.signature$/);
  });

  it('rebuilds protocol errors with their code, status and field issues', async () => {
    const { fetch } = scriptedFetch(() =>
      json(
        {
          error: {
            code: 'VALIDATION_FAILED',
            message: 'The generation input is not valid.',
            retryable: false,
            issues: [{ path: ['input', 'duration'], message: 'duration must be one of …' }],
          },
        },
        400,
      ),
    );
    const error = await createSignerTransport({ baseUrl: 'http://signer.test', fetch })
      .submit({ prompt: 'x' }, { idempotencyKey: 'key-12345678' })
      .catch((caught: unknown) => caught);
    expect(SeedanceError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ code: 'VALIDATION_FAILED', status: 400, issues: [{ path: ['input', 'duration'] }] });
  });

  it.each([
    [new Response('<html>Bad Gateway</html>', { status: 502 }), 'UPSTREAM_UNAVAILABLE', true],
    [new Response('Not Found', { status: 404 }), 'MISCONFIGURED', false],
    [json({ job: { id: 'x' } }), 'INTERNAL', false],
  ])('explains answers that are not the protocol (%#)', async (response, code, retryable) => {
    const { fetch } = scriptedFetch(() => response);
    await expect(createSignerTransport({ baseUrl: 'http://signer.test', fetch }).getJob('x')).rejects.toMatchObject({
      code,
      retryable,
    });
  });

  it('reports an unreachable server as a retryable network error, and an abort as a cancellation', async () => {
    const down = scriptedFetch(() => Promise.reject(new TypeError('fetch failed')));
    await expect(
      createSignerTransport({ baseUrl: 'http://signer.test', fetch: down.fetch }).getJob('x'),
    ).rejects.toMatchObject({
      code: 'NETWORK_ERROR',
      retryable: true,
    });
    const controller = new AbortController();
    controller.abort();
    const aborted = scriptedFetch(() => Promise.reject(new DOMException('aborted', 'AbortError')));
    await expect(
      createSignerTransport({ baseUrl: 'http://signer.test', fetch: aborted.fetch }).getJob('x', {
        signal: controller.signal,
      }),
    ).rejects.toMatchObject({ code: 'CANCELED', name: 'SeedanceCanceledError' });
  });

  it('refuses anything that looks like a Segmind key, saying where it belongs', async () => {
    expect(() => createSignerTransport({ apiKey: 'x' } as never)).toThrow(/must never reach the browser/);
    expect(() => createSignerTransport({ headers: { 'x-key': 'SG_0123456789abcdef' } })).toThrow(/x-key header/);
    expect(() => createSignerTransport({ baseUrl: '/api?key=SG_0123456789abcdef' })).toThrow(/in baseUrl/);
    const { fetch, requests } = scriptedFetch(() => json({ job }));
    const sneaky = createSignerTransport({ fetch, headers: () => ({ authorization: 'SG_0123456789abcdef' }) });
    await expect(sneaky.getJob('x')).rejects.toMatchObject({ code: 'MISCONFIGURED' });
    expect(requests).toHaveLength(0);
  });
});

describe('createSignerTransport upload', () => {
  const asset = {
    url: 'https://cdn.example.com/assets/1.png',
    kind: 'image',
    contentType: 'image/png',
    bytes: 4,
  } as const;

  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it('posts the raw file with its type, kind, encoded name and the protocol header', async () => {
    const { fetch, requests } = scriptedFetch(() => json({ asset }, 201));
    const file = new File([Uint8Array.of(1, 2, 3, 4)], 'été 1.png', { type: 'image/png' });
    const progress: [number, number][] = [];
    const uploaded = await createSignerTransport({ baseUrl: 'https://app.example.com/api/seedance', fetch }).upload!(
      file,
      { kind: 'image', onProgress: (loaded, total) => progress.push([loaded, total]) },
    );
    expect(uploaded).toEqual(asset);
    const [request] = requests;
    expect(request?.method).toBe('POST');
    expect(request?.url).toBe('https://app.example.com/api/seedance/uploads');
    expect(request?.headers.get('content-type')).toBe('image/png');
    expect(request?.headers.get('x-seedance-upload-kind')).toBe('image');
    expect(request?.headers.get('x-seedance-filename')).toBe(encodeURIComponent('été 1.png'));
    expect(request?.headers.get('x-seedance-protocol')).toBe('2');
    expect(new Uint8Array(await request!.arrayBuffer())).toEqual(Uint8Array.of(1, 2, 3, 4));
    // fetch has no upload progress: the start and the end are reported.
    expect(progress).toEqual([
      [0, 4],
      [4, 4],
    ]);
  });

  it("rebuilds the server's refusal", async () => {
    const { fetch } = scriptedFetch(() =>
      json({ error: { code: 'UNSUPPORTED_MEDIA_TYPE', message: 'declared as image/png but…', retryable: false } }, 415),
    );
    const error = await createSignerTransport({ baseUrl: 'http://signer.test', fetch }).upload!(
      new Blob(['x'], { type: 'image/png' }),
      { kind: 'image' },
    ).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'UNSUPPORTED_MEDIA_TYPE', status: 415 });
  });

  it('uses XMLHttpRequest for real progress when it exists and progress is wanted', async () => {
    const sent: { method: string; url: string; headers: Record<string, string>; body: unknown }[] = [];
    class FakeXhr {
      status = 0;
      responseText = '';
      withCredentials = false;
      upload: { onprogress: ((event: { loaded: number; total: number; lengthComputable: boolean }) => void) | null } = {
        onprogress: null,
      };
      onload: (() => void) | null = null;
      onerror: (() => void) | null = null;
      onabort: (() => void) | null = null;
      onloadend: (() => void) | null = null;
      private request = { method: '', url: '', headers: {} as Record<string, string>, body: undefined as unknown };
      open(method: string, url: string) {
        this.request.method = method;
        this.request.url = url;
      }
      setRequestHeader(name: string, value: string) {
        this.request.headers[name] = value;
      }
      abort() {
        this.onabort?.();
      }
      send(body: unknown) {
        sent.push({ ...this.request, body });
        this.upload.onprogress?.({ loaded: 2, total: 4, lengthComputable: true });
        this.upload.onprogress?.({ loaded: 4, total: 4, lengthComputable: true });
        this.status = 201;
        this.responseText = JSON.stringify({ asset });
        this.onload?.();
        this.onloadend?.();
      }
    }
    vi.stubGlobal('XMLHttpRequest', FakeXhr);
    const progress: number[] = [];
    const file = new Blob([Uint8Array.of(1, 2, 3, 4)], { type: 'image/png' });
    const uploaded = await createSignerTransport({
      baseUrl: 'http://signer.test/api/seedance',
      headers: { authorization: 'Bearer s' },
    }).upload!(file, { kind: 'image', fileName: 'a.png', onProgress: (loaded) => progress.push(loaded) });
    expect(uploaded).toEqual(asset);
    expect(progress).toEqual([0, 2, 4]);
    expect(sent[0]).toMatchObject({
      method: 'POST',
      url: 'http://signer.test/api/seedance/uploads',
      headers: {
        authorization: 'Bearer s',
        'content-type': 'image/png',
        'x-seedance-upload-kind': 'image',
        'x-seedance-filename': 'a.png',
        'x-seedance-protocol': '2',
      },
      body: file,
    });
  });

  it('reports an aborted upload as a cancellation', async () => {
    const controller = new AbortController();
    controller.abort();
    const aborted = scriptedFetch(() => Promise.reject(new DOMException('aborted', 'AbortError')));
    await expect(
      createSignerTransport({ baseUrl: 'http://signer.test', fetch: aborted.fetch }).upload!(new Blob(['x']), {
        kind: 'audio',
        signal: controller.signal,
      }),
    ).rejects.toMatchObject({ code: 'CANCELED' });
  });
});
