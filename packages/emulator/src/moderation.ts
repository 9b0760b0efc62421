import { randomBytes } from 'node:crypto';

/**
 * The content-moderation refusals the emulator can play, as FAILED jobs. ByteDance documents refusing inputs with real
 * human faces and outputs its filters judge sensitive; the names are ByteDance's error codes (SEGMIND.md quotes
 * `AudioSensitiveContentDetected.PolicyViolation`). The exact text Segmind relays is not documented: these follow
 * ByteDance's style, request id and all, so a client can be tested for what it must not show its users.
 */
export const CONTENT_REJECTION_PRESETS = [
  'input-image-face',
  'input-video-face',
  'output-video',
  'output-audio',
] as const;

/** One of {@link CONTENT_REJECTION_PRESETS}. */
export type ContentRejectionPreset = (typeof CONTENT_REJECTION_PRESETS)[number];

const PRESET_TEXT: Record<ContentRejectionPreset, string> = {
  'input-image-face':
    'InputImageSensitiveContentDetected.PrivacyInformation: The request failed because the input image may contain real person.',
  'input-video-face':
    'InputVideoSensitiveContentDetected.PrivacyInformation: The request failed because the input video may contain real person.',
  'output-video':
    'OutputVideoSensitiveContentDetected: The request failed because the output video may contain sensitive information.',
  'output-audio':
    'AudioSensitiveContentDetected.PolicyViolation: The request failed because the output audio may contain sensitive information.',
};

/** The FAILED job's `error` for a preset, ending with an upstream request id as ByteDance's messages do. */
export function contentRejectionMessage(preset: ContentRejectionPreset): string {
  // ByteDance request ids: a timestamp-like run of digits followed by hex.
  const upstreamId = `0217${Date.now()}${randomBytes(12).toString('hex')}`;
  return `${PRESET_TEXT[preset]} Request id: ${upstreamId}`;
}
