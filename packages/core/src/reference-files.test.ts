import { describe, expect, it } from 'vitest';
import { checkReferenceFile, uploadKindOf } from './reference-files';

const config = {
  maxUploadBytes: { image: 1000, video: 5000, audio: 100 },
  maxReferences: { images: 2, videos: 1, audios: 1 },
};
const none = { image: 0, video: 0, audio: 0 };

describe('reference files', () => {
  it('finds the kind from the MIME type', () => {
    expect(uploadKindOf('image/PNG')).toBe('image');
    expect(uploadKindOf('video/quicktime')).toBe('video');
    expect(uploadKindOf('audio/mp3')).toBe('audio');
    expect(uploadKindOf('application/pdf')).toBeUndefined();
  });

  it('checks type, size and counts as the server would, saying what to do', () => {
    expect(checkReferenceFile({ size: 10, type: 'image/png' }, 'image', config, none)).toBeUndefined();
    expect(checkReferenceFile({ size: 10, type: 'image/gif', name: 'a.gif' }, 'image', config, none)).toMatchObject({
      code: 'UNSUPPORTED_MEDIA_TYPE',
      message: expect.stringContaining('image/jpeg, image/png, image/webp'),
    });
    expect(checkReferenceFile({ size: 2000, type: 'image/png' }, 'image', config, none)?.code).toBe(
      'PAYLOAD_TOO_LARGE',
    );
    expect(checkReferenceFile({ size: 0, type: 'image/png' }, 'image', config, none)?.code).toBe('VALIDATION_FAILED');
    expect(
      checkReferenceFile({ size: 10, type: 'video/mp4' }, 'video', config, { ...none, video: 1 })?.message,
    ).toContain('at most 1 reference video');
    expect(
      checkReferenceFile(
        { size: 10, type: 'image/png' },
        'image',
        { ...config, maxReferences: { images: 20, videos: 3, audios: 3 } },
        { image: 9, video: 3, audio: 0 },
      )?.message,
    ).toContain('12 reference files in all');
  });
});
