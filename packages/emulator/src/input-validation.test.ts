import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SEGMIND_MODEL } from './constants';
import type { SegmindEmulator } from './emulator';
import { call, pollUntil, startTestEmulator, submitJob, withEmulator } from './test-helpers';

const SUBMIT = `/v2/${SEGMIND_MODEL}`;
const image = (index: number) => `https://example.com/image-${index}.png`;
const video = (index: number) => `https://example.com/video-${index}.mp4`;
const audio = (index: number) => `https://example.com/audio-${index}.mp3`;
const many = (count: number, make: (index: number) => string) =>
  Array.from({ length: count }, (_, index) => make(index));

let emulator: SegmindEmulator;
let strict: SegmindEmulator;

beforeAll(async () => {
  emulator = await startTestEmulator();
  strict = await startTestEmulator({ validation: 'strict' });
});
afterAll(async () => {
  await emulator.stop();
  await strict.stop();
});

/** Inputs Segmind's parameter table allows; each must be accepted. */
const valid: [string, Record<string, unknown>][] = [
  ['a prompt alone', { prompt: 'a red fox' }],
  ...['16:9', '9:16', '1:1', '4:3', '3:4', '21:9', 'adaptive'].map((ratio): [string, Record<string, unknown>] => [
    `aspect_ratio ${ratio}`,
    { prompt: 'p', aspect_ratio: ratio },
  ]),
  ...[4, 5, 6, 8, 10, 12, 15, -1].map((seconds): [string, Record<string, unknown>] => [
    `duration ${seconds}`,
    { prompt: 'p', duration: seconds },
  ]),
  ['resolution 480p', { prompt: 'p', resolution: '480p' }],
  ['resolution 720p', { prompt: 'p', resolution: '720p' }],
  ['first frame', { prompt: 'p', first_frame_url: image(1) }],
  ['first and last frame', { prompt: 'p', first_frame_url: image(1), last_frame_url: image(2) }],
  ['first frame with an empty reference_images', { prompt: 'p', first_frame_url: image(1), reference_images: [] }],
  ['first frame with reference videos', { prompt: 'p', first_frame_url: image(1), reference_videos: [video(1)] }],
  ['9 images', { prompt: 'p', reference_images: many(9, image) }],
  ['3 videos', { prompt: 'p', reference_videos: many(3, video) }],
  ['audios with an image', { prompt: 'p', reference_images: [image(1)], reference_audios: many(3, audio) }],
  ['audios with a video', { prompt: 'p', reference_videos: [video(1)], reference_audios: [audio(1)] }],
  ['12 references in all', { prompt: 'p', reference_images: many(9, image), reference_videos: many(3, video) }],
  ['http URLs', { prompt: 'p', reference_images: ['http://localhost:4010/cdn/assets/a.png'] }],
  ['seed -1', { prompt: 'p', seed: -1 }],
  ['seed 0', { prompt: 'p', seed: 0 }],
  ['seed 2147483647', { prompt: 'p', seed: 2_147_483_647 }],
  ['booleans', { prompt: 'p', generate_audio: true, return_last_frame: false }],
  ['an unknown field (ignored)', { prompt: 'p', negative_prompt: 'blur' }],
];

/** Inputs the table forbids, with a pattern the 422 error must match (it names the field). */
const invalid: [string, unknown, RegExp][] = [
  ['no prompt', {}, /prompt is required/],
  ['an empty prompt', { prompt: '' }, /prompt must not be empty/],
  ['a blank prompt', { prompt: '   ' }, /prompt must not be empty/],
  ['a number prompt', { prompt: 42 }, /prompt must be a string/],
  ['a null prompt', { prompt: null }, /prompt must be a string/],
  ['a JSON array body', [{ prompt: 'p' }], /JSON object/],
  ['a JSON string body', '"prompt"', /JSON object/],
  ['aspect_ratio 2:1', { prompt: 'p', aspect_ratio: '2:1' }, /aspect_ratio must be one of/],
  ['aspect_ratio as a number', { prompt: 'p', aspect_ratio: 1.77 }, /aspect_ratio/],
  ['duration 7', { prompt: 'p', duration: 7 }, /duration must be one of/],
  ['duration 16', { prompt: 'p', duration: 16 }, /duration/],
  ['duration 0', { prompt: 'p', duration: 0 }, /duration/],
  ['duration 5.5', { prompt: 'p', duration: 5.5 }, /duration/],
  ['duration as a string', { prompt: 'p', duration: '5' }, /duration/],
  ['resolution 1080p', { prompt: 'p', resolution: '1080p' }, /resolution must be one of 480p, 720p/],
  [
    'first_frame_url with reference_images',
    { prompt: 'p', first_frame_url: image(1), reference_images: [image(2)] },
    /cannot be used together/,
  ],
  ['last_frame_url alone', { prompt: 'p', last_frame_url: image(1) }, /last_frame_url requires first_frame_url/],
  [
    'first_frame_url not a URL',
    { prompt: 'p', first_frame_url: 'frame.png' },
    /first_frame_url must be an http\(s\) URL/,
  ],
  ['first_frame_url a data URL', { prompt: 'p', first_frame_url: 'data:image/png;base64,AAAA' }, /first_frame_url/],
  ['first_frame_url ftp', { prompt: 'p', first_frame_url: 'ftp://example.com/a.png' }, /first_frame_url/],
  ['10 images', { prompt: 'p', reference_images: many(10, image) }, /reference_images allows at most 9/],
  ['4 videos', { prompt: 'p', reference_videos: many(4, video) }, /reference_videos allows at most 3/],
  [
    '4 audios',
    { prompt: 'p', reference_images: [image(1)], reference_audios: many(4, audio) },
    /reference_audios allows at most 3/,
  ],
  [
    '13 references in all',
    { prompt: 'p', reference_images: many(9, image), reference_videos: many(3, video), reference_audios: [audio(1)] },
    /at most 12 reference files/,
  ],
  [
    'audios alone',
    { prompt: 'p', reference_audios: [audio(1)] },
    /reference_audios needs at least one reference image or reference video/,
  ],
  [
    'audios with a first frame only',
    { prompt: 'p', first_frame_url: image(1), reference_audios: [audio(1)] },
    /reference_audios needs/,
  ],
  ['reference_images not an array', { prompt: 'p', reference_images: image(1) }, /reference_images must be an array/],
  [
    'a reference that is not a URL',
    { prompt: 'p', reference_videos: ['clip.mp4'] },
    /reference_videos\[0\] must be an http\(s\) URL/,
  ],
  ['a reference that is a number', { prompt: 'p', reference_images: [image(1), 7] }, /reference_images\[1\]/],
  ['seed -2', { prompt: 'p', seed: -2 }, /seed must be an integer from -1 to 2147483647/],
  ['seed 2147483648', { prompt: 'p', seed: 2_147_483_648 }, /seed/],
  ['seed 1.5', { prompt: 'p', seed: 1.5 }, /seed/],
  ['seed as a string', { prompt: 'p', seed: '42' }, /seed/],
  ['generate_audio as a string', { prompt: 'p', generate_audio: 'true' }, /generate_audio must be a boolean/],
  ['return_last_frame as a number', { prompt: 'p', return_last_frame: 1 }, /return_last_frame must be a boolean/],
  ['generate_audio null', { prompt: 'p', generate_audio: null }, /generate_audio must be a boolean, got null/],
];

/** The fields whose values come from a fixed set: Segmind refuses a value outside it at submit. */
const ENUM_FIELDS = /^(aspect_ratio|duration|resolution) /;
const isEnumCase = ([name]: (typeof invalid)[number]) => ENUM_FIELDS.test(name);
const isBodyCase = ([name]: (typeof invalid)[number]) => name.startsWith('a JSON');

describe("'segmind' validation (the default): enums at submit, the rest as FAILED jobs", () => {
  it.each(valid)('accepts %s', async (_name, body) => {
    const response = await call(emulator, SUBMIT, { body });
    expect(response.status, await response.clone().text()).toBe(200);
  });

  it.each(invalid.filter(isEnumCase))('answers 400 at submit for %s', async (_name, body, message) => {
    const response = await call(emulator, SUBMIT, { body });
    expect(response.status).toBe(400);
    expect((await response.json()).error).toMatch(message);
  });

  it.each(invalid.filter(isBodyCase))('answers 400 at submit for %s', async (_name, body, message) => {
    const response = await call(emulator, SUBMIT, { body: body as string });
    expect(response.status).toBe(400);
    expect((await response.json()).error).toMatch(message);
  });

  it.each(invalid.filter((entry) => !isEnumCase(entry) && !isBodyCase(entry)))(
    'accepts %s, and the job ends FAILED (422) with a Segmind-style message',
    async (name, body, message) => {
      const { status_url, response_url } = await submitJob(emulator, body as object);
      const { response, body: failed } = await pollUntil(status_url, (_, answer) => answer.status === 'FAILED');
      expect(response.status).toBe(422);
      if (name.includes('prompt')) {
        expect(failed.error).toBe('Prompt is Mandatory and must be string');
      } else {
        expect(failed.error).toMatch(/^Validation error in /);
        expect(failed.error).toMatch(message);
      }
      const result = await (await call(emulator, response_url)).json();
      expect(result.metrics).not.toHaveProperty('cost');
    },
  );

  it('answers 406 "Parameter rejected" for an enum when enumRejectionStatus is 406', async () => {
    await withEmulator({ enumRejectionStatus: 406 }, async (rejecting) => {
      const response = await call(rejecting, SUBMIT, { body: { prompt: 'p', resolution: '1080p' } });
      expect(response.status).toBe(406);
      expect((await response.json()).error).toMatch(/^Parameter rejected: resolution must be one of 480p, 720p/);
    });
  });

  it('bills nothing for a job its bad input failed', async () => {
    await withEmulator({ credits: 0.31 }, async (tight) => {
      const { status_url } = await submitJob(tight, { prompt: 42 });
      await pollUntil(status_url, (_, answer) => answer.status === 'FAILED');
      const { status_url: second } = await submitJob(tight, { prompt: 'p' });
      const { body } = await pollUntil(second.replace(/\/status$/, ''), (_, answer) => answer.status === 'COMPLETED');
      expect(body.metrics).toMatchObject({ cost: 0.3024, remaining_credits: 0.0076 });
    });
  });

  it('accepts seeds up to maxSeed', async () => {
    await withEmulator({ maxSeed: 4_294_967_295 }, async (wide) => {
      const { response_url } = await submitJob(wide, { prompt: 'p', seed: 4_294_967_295 });
      const { body } = await pollUntil(response_url, (_, answer) => answer.status === 'COMPLETED');
      expect(body.seed).toBe('4294967295');
      const { status_url } = await submitJob(wide, { prompt: 'p', seed: 4_294_967_296 });
      const { body: failed } = await pollUntil(status_url, (_, answer) => answer.status === 'FAILED');
      expect(failed.error).toMatch(/seed must be an integer from -1 to 4294967295/);
    });
  });
});

describe("'strict' validation: every problem at submit", () => {
  it.each(valid)('accepts %s', async (_name, body) => {
    const response = await call(strict, SUBMIT, { body });
    expect(response.status, await response.clone().text()).toBe(200);
  });

  it.each(invalid)('answers 422 for %s', async (_name, body, message) => {
    const response = await call(strict, SUBMIT, { body: typeof body === 'string' ? body : JSON.stringify(body) });
    expect(response.status).toBe(422);
    const answer = await response.json();
    expect(Object.keys(answer)).toEqual(['error']);
    expect(answer.error).toMatch(message);
  });

  it('reports every problem of a body at once', async () => {
    const response = await call(strict, SUBMIT, { body: { duration: 3, resolution: '4k', seed: 'x' } });
    const { error } = await response.json();
    expect(error).toMatch(/prompt is required/);
    expect(error).toMatch(/duration/);
    expect(error).toMatch(/resolution/);
    expect(error).toMatch(/seed/);
  });

  it('refuses duration -1 when acceptAutoDuration is false', async () => {
    await withEmulator({ acceptAutoDuration: false, validation: 'strict' }, async (strict) => {
      const response = await call(strict, SUBMIT, { body: { prompt: 'p', duration: -1 } });
      expect(response.status).toBe(422);
      expect((await response.json()).error).toBe(
        'duration must be one of 4, 5, 6, 8, 10, 12, 15 (seconds), got number -1',
      );
      expect((await call(strict, SUBMIT, { body: { prompt: 'p', duration: 15 } })).status).toBe(200);
    });
  });

  it('bills nothing for a rejected body', async () => {
    await withEmulator({ credits: 0.31, validation: 'strict' }, async (tight) => {
      expect((await call(tight, SUBMIT, { body: { prompt: '' } })).status).toBe(422);
      expect((await call(tight, SUBMIT, { body: { prompt: 'p' } })).status).toBe(200);
    });
  });
});
