import { describe, expect, it } from 'vitest';
import { INPUT_DEFAULTS, INPUT_LIMITS } from './generation-input';
import { generationInputSchema } from './generation-input-schema';

const image = (n: number) => `https://cdn.example.com/image-${n}.png`;
const video = (n: number) => `https://cdn.example.com/video-${n}.mp4`;
const audio = (n: number) => `https://cdn.example.com/audio-${n}.mp3`;
const many = (make: (n: number) => string, count: number) => Array.from({ length: count }, (_, n) => make(n + 1));

function issuesOf(input: unknown): { path: string; message: string }[] {
  const result = generationInputSchema.safeParse(input);
  if (result.success) return [];
  return result.error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message }));
}

describe('generationInputSchema', () => {
  it('needs only a prompt and fills every default', () => {
    expect(generationInputSchema.parse({ prompt: 'A red fox in snow' })).toEqual({
      prompt: 'A red fox in snow',
      ...INPUT_DEFAULTS,
    });
  });

  it.each([
    [
      'a text prompt with every parameter',
      {
        prompt: 'p',
        aspect_ratio: '9:16',
        duration: 15,
        resolution: '480p',
        generate_audio: true,
        seed: 7,
        return_last_frame: true,
      },
    ],
    ['auto duration', { prompt: 'p', duration: -1 }],
    ['adaptive aspect ratio', { prompt: 'p', aspect_ratio: 'adaptive' }],
    ['a first frame alone', { prompt: 'p', first_frame_url: image(1) }],
    ['first and last frames', { prompt: 'p', first_frame_url: image(1), last_frame_url: image(2) }],
    ['9 reference images', { prompt: 'p', reference_images: many(image, 9) }],
    ['3 reference videos', { prompt: 'p', reference_videos: many(video, 3) }],
    ['audio with an image', { prompt: 'p', reference_images: [image(1)], reference_audios: many(audio, 3) }],
    ['audio with a video', { prompt: 'p', reference_videos: [video(1)], reference_audios: [audio(1)] }],
    ['12 references in all', { prompt: 'p', reference_images: many(image, 9), reference_videos: many(video, 3) }],
    ['the smallest seed (random)', { prompt: 'p', seed: -1 }],
    ['the largest seed', { prompt: 'p', seed: INPUT_LIMITS.maxSeed }],
    ['http URLs', { prompt: 'p', first_frame_url: 'http://localhost:4010/cdn/a.png' }],
  ])('accepts %s', (_name, input) => {
    expect(issuesOf(input)).toEqual([]);
  });

  it.each([
    ['a missing prompt', {}, 'prompt', /prompt is required/],
    ['a blank prompt', { prompt: '   ' }, 'prompt', /prompt is required/],
    ['a prompt that is not text', { prompt: 42 }, 'prompt', /prompt is required/],
    ['an unknown aspect ratio', { prompt: 'p', aspect_ratio: '2:1' }, 'aspect_ratio', /one of 16:9, 9:16/],
    ['a duration outside the set', { prompt: 'p', duration: 7 }, 'duration', /4, 5, 6, 8, 10, 12, 15/],
    ['a duration given as text', { prompt: 'p', duration: '5' }, 'duration', /duration must be/],
    ['1080p', { prompt: 'p', resolution: '1080p' }, 'resolution', /480p or 720p/],
    ['a seed below -1', { prompt: 'p', seed: -2 }, 'seed', /at least -1/],
    ['a seed above 2^31-1', { prompt: 'p', seed: INPUT_LIMITS.maxSeed + 1 }, 'seed', /at most 2147483647/],
    ['a fractional seed', { prompt: 'p', seed: 1.5 }, 'seed', /whole number/],
    ['generate_audio as text', { prompt: 'p', generate_audio: 'yes' }, 'generate_audio', /true or false/],
    ['return_last_frame as a number', { prompt: 'p', return_last_frame: 1 }, 'return_last_frame', /true or false/],
    ['a relative frame URL', { prompt: 'p', first_frame_url: '/a.png' }, 'first_frame_url', /absolute http\(s\) URL/],
    [
      'a data: URL',
      { prompt: 'p', reference_images: ['data:image/png;base64,AAAA'] },
      'reference_images.0',
      /upload local files first/,
    ],
    [
      'a file: URL',
      { prompt: 'p', first_frame_url: 'file:///etc/passwd' },
      'first_frame_url',
      /absolute http\(s\) URL/,
    ],
    [
      'a last frame without a first frame',
      { prompt: 'p', last_frame_url: image(1) },
      'last_frame_url',
      /needs a first_frame_url/,
    ],
    [
      'a first frame with reference images',
      { prompt: 'p', first_frame_url: image(1), reference_images: [image(2)] },
      'reference_images',
      /cannot be mixed/,
    ],
    [
      'a first frame with reference videos',
      { prompt: 'p', first_frame_url: image(1), reference_videos: [video(1)] },
      'reference_videos',
      /cannot be mixed/,
    ],
    ['10 reference images', { prompt: 'p', reference_images: many(image, 10) }, 'reference_images', /at most 9/],
    ['4 reference videos', { prompt: 'p', reference_videos: many(video, 4) }, 'reference_videos', /at most 3/],
    [
      '4 reference audios',
      { prompt: 'p', reference_images: [image(1)], reference_audios: many(audio, 4) },
      'reference_audios',
      /at most 3/,
    ],
    [
      'audio with no image or video',
      { prompt: 'p', reference_audios: [audio(1)] },
      'reference_audios',
      /at least one reference image or video/,
    ],
    [
      '13 references in all',
      { prompt: 'p', reference_images: many(image, 9), reference_videos: many(video, 3), reference_audios: [audio(1)] },
      'reference_images',
      /at most 12 reference files/,
    ],
    [
      'references that are not a list',
      { prompt: 'p', reference_images: image(1) },
      'reference_images',
      /must be a list/,
    ],
    [
      'an unknown field',
      { prompt: 'p', model: 'seedance-2.0-pro' },
      '',
      /^unknown field "model": the model takes prompt, aspect_ratio, duration, resolution, first_frame_url, last_frame_url, reference_images, reference_videos, reference_audios, generate_audio, seed and return_last_frame$/,
    ],
  ])('refuses %s, naming the field', (_name, input, path, message) => {
    const issues = issuesOf(input);
    expect(issues.length).toBeGreaterThan(0);
    expect(issues).toContainEqual({ path, message: expect.stringMatching(message) });
  });

  it('refuses input that is not an object', () => {
    expect(issuesOf(null)).not.toEqual([]);
    expect(issuesOf('a prompt')).not.toEqual([]);
  });

  it('trims the prompt it sends', () => {
    expect(generationInputSchema.parse({ prompt: '  waves  ' }).prompt).toBe('waves');
  });
});
