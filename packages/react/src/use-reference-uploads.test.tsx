import type { SeedanceError } from '@seedance-kit/core';
import { createMockTransport, type MockTransport } from '@seedance-kit/core/testing';
import { act } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createSignerConfigFixture } from './testing/job-fixtures';
import { renderWithProviders } from './testing/render-with-providers';
import { type UseReferenceUploadsResult, useReferenceUploads } from './use-reference-uploads';

interface Latest {
  current?: UseReferenceUploadsResult;
}

function Uploads({ latest, onError }: { latest: Latest; onError?: (error: SeedanceError) => void }) {
  const uploads = useReferenceUploads({ onError: (_upload, error) => onError?.(error) });
  latest.current = uploads;
  return (
    <ul aria-label="Uploads">
      {uploads.uploads.map((upload) => (
        <li key={upload.id} data-state={upload.status}>
          {upload.fileName} {upload.loaded}/{upload.total}
        </li>
      ))}
    </ul>
  );
}

const file = (name: string, type: string, size: number) => new File([new Uint8Array(size)], name, { type });
const advance = (milliseconds: number) => act(() => vi.advanceTimersByTimeAsync(milliseconds));
const config = createSignerConfigFixture({
  maxReferences: { images: 2, videos: 1, audios: 1 },
  maxUploadBytes: { image: 1000, video: 5000, audio: 1000 },
});

describe('useReferenceUploads', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('uploads with per-file and total progress that never goes backwards, and lists the URLs by field', async () => {
    const latest: Latest = {};
    const { transport } = renderWithProviders(<Uploads latest={latest} />, {
      transport: { config, uploadMs: 400, uploadSteps: 4 },
    });
    await advance(0);
    act(() => {
      latest.current?.add([file('a.png', 'image/png', 800), file('b.mp4', 'video/mp4', 4000)]);
    });
    await advance(0);
    expect(latest.current?.isUploading).toBe(true);
    const seen: number[] = [];
    for (let step = 0; step < 4; step++) {
      await advance(100);
      seen.push(latest.current?.progress.loaded ?? 0);
    }
    expect(seen).toEqual([1200, 2400, 3600, 4800]);
    expect(latest.current?.progress.fraction).toBe(1);
    expect(latest.current?.uploads.map((upload) => upload.status)).toEqual(['uploaded', 'uploaded']);
    expect(latest.current?.references).toEqual({
      reference_images: ['https://mock.seedance.test/assets/mock-asset-1.png'],
      reference_videos: ['https://mock.seedance.test/assets/mock-asset-2.mp4'],
      reference_audios: [],
    });
    expect(transport.calls.filter((call) => call.method === 'upload')).toHaveLength(2);
  });

  it('refuses files against the server limits before any byte is sent', async () => {
    const latest: Latest = {};
    const onError = vi.fn();
    const { transport } = renderWithProviders(<Uploads latest={latest} onError={onError} />, { transport: { config } });
    act(() => {
      latest.current?.add([
        file('big.png', 'image/png', 2000),
        file('doc.pdf', 'application/pdf', 10),
        file('one.mp4', 'video/mp4', 10),
        file('two.mp4', 'video/mp4', 10),
      ]);
    });
    await advance(0);
    const errors = latest.current?.uploads.map((upload) => upload.error?.code);
    expect(errors).toEqual(['PAYLOAD_TOO_LARGE', 'UNSUPPORTED_MEDIA_TYPE', undefined, 'VALIDATION_FAILED']);
    expect(onError).toHaveBeenCalledTimes(3);
    expect(transport.calls.filter((call) => call.method === 'upload').map((call) => call.upload?.fileName)).toEqual([
      'one.mp4',
    ]);
  });

  it('cancels one upload, then retries it from the start', async () => {
    const latest: Latest = {};
    renderWithProviders(<Uploads latest={latest} />, { transport: { config, uploadMs: 400 } });
    await advance(0);
    let id = '';
    act(() => {
      id = latest.current?.add([file('a.png', 'image/png', 400)])[0]?.id ?? '';
    });
    await advance(200);
    expect(latest.current?.uploads[0]).toMatchObject({ status: 'uploading', loaded: 200 });
    act(() => latest.current?.cancel(id));
    await advance(400);
    expect(latest.current?.uploads[0]?.status).toBe('canceled');
    expect(latest.current?.progress.total).toBe(0);
    act(() => latest.current?.retry(id));
    await advance(400);
    expect(latest.current?.uploads[0]).toMatchObject({ status: 'uploaded', loaded: 400 });
  });

  it("shows the server's refusal, and retry sends the file again", async () => {
    const latest: Latest = {};
    const { transport } = renderWithProviders(<Uploads latest={latest} />, {
      transport: { config, scenario: 'upload-failure' },
    });
    // The server's limits first, in an act of their own: React 18 renders (and so runs the effect that starts the
    // upload) only when an act ends, where React 19 also renders between the timers of one act.
    await advance(0);
    act(() => {
      latest.current?.add([file('a.png', 'image/png', 10)]);
    });
    await advance(400);
    expect(latest.current?.uploads[0]?.error?.code).toBe('UNSUPPORTED_MEDIA_TYPE');
    act(() => latest.current?.retry(latest.current.uploads[0]?.id ?? ''));
    await advance(400);
    expect(transport.calls.filter((call) => call.method === 'upload')).toHaveLength(2);
  });

  it('says clearly when the transport cannot upload', () => {
    const latest: Latest = {};
    const { upload: _upload, ...withoutUpload } = createMockTransport();
    renderWithProviders(<Uploads latest={latest} />, { transport: withoutUpload as MockTransport });
    expect(latest.current?.isSupported).toBe(false);
    expect(() => latest.current?.add([file('a.png', 'image/png', 10)])).toThrow(/needs a transport that can upload/);
  });
});
