/** What the browser could read of a video or an audio file before it is sent. */
export interface MediaInfo {
  /** Its length in seconds, when the browser could read it. */
  durationSeconds?: number | undefined;
  /** A small JPEG of a video's first frame (a data URL), when it could be drawn. */
  posterUrl?: string | undefined;
}

const TIMEOUT_MS = 5000;

/**
 * Reads a media file's duration (and, for a video, a poster frame) with a `<video>` or `<audio>` element. Resolves
 * with what could be read: an undecodable file, a browser without media support (jsdom) or a slow read gives `{}`
 * after a few seconds at most, so a file is never held back for ever; the server checks it again.
 */
export function readMediaInfo(source: Blob | string, kind: 'video' | 'audio'): Promise<MediaInfo> {
  if (typeof document === 'undefined') return Promise.resolve({});
  const isBlob = typeof source !== 'string';
  if (isBlob && (typeof URL.createObjectURL !== 'function' || typeof URL.revokeObjectURL !== 'function')) {
    return Promise.resolve({});
  }
  const url = isBlob ? URL.createObjectURL(source) : source;
  const element = document.createElement(kind);
  return new Promise<MediaInfo>((resolve) => {
    let settled = false;
    let durationSeconds: number | undefined;
    const finish = (info: MediaInfo) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      element.removeAttribute('src');
      if (isBlob) URL.revokeObjectURL(url);
      resolve(info);
    };
    const timer = setTimeout(() => finish({ durationSeconds }), TIMEOUT_MS);
    element.preload = kind === 'video' ? 'auto' : 'metadata';
    element.muted = true;
    element.addEventListener('error', () => finish({ durationSeconds }));
    element.addEventListener('loadedmetadata', () => {
      durationSeconds = Number.isFinite(element.duration) ? element.duration : undefined;
      if (kind === 'audio' || !isBlob) {
        // A remote video cannot be drawn to a canvas without CORS, so only its length is read.
        finish({ durationSeconds });
        return;
      }
      // The very first frame is often black (a fade in): a tenth of a second in shows the picture.
      element.currentTime = Math.min(0.1, (durationSeconds ?? 0) / 2);
    });
    element.addEventListener('seeked', () => {
      finish({ durationSeconds, posterUrl: drawPoster(element as HTMLVideoElement) });
    });
    element.src = url;
  });
}

function drawPoster(video: HTMLVideoElement): string | undefined {
  try {
    const width = 320;
    const height = Math.round((width * video.videoHeight) / Math.max(1, video.videoWidth)) || 180;
    const canvas = document.createElement('canvas');
    canvas.width = width;
    canvas.height = height;
    const context = canvas.getContext('2d');
    if (context === null) return undefined;
    context.drawImage(video, 0, 0, width, height);
    return canvas.toDataURL('image/jpeg', 0.75);
  } catch {
    return undefined;
  }
}
