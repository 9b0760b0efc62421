import { type GenerationInput, type GenerationJob, SeedanceError } from '@seedance-kit/core';
import { createMockTransport, type MockTransportOptions, mockError } from '@seedance-kit/core/testing';
import type { Meta, StoryObj } from '@storybook/react-vite';
import { type ReactNode, useState } from 'react';
import { expect, fn, spyOn, userEvent, waitFor, within } from 'storybook/test';
import { SeedanceProvider } from '../seedance-provider';
import { createJobFixture } from '../testing/job-fixtures';
import { darkThemeDecorator, storyFont } from '../testing/story-decorators';
import { STORY_VIDEO_URL } from '../testing/story-providers';
import { useSeedanceGeneration } from '../use-seedance-generation';
import { VideoResult, type VideoResultProps } from './video-result';
import type { VideoResultLabelsInput } from './video-result-labels';

// The component inherits the host's font (`--sd-font-family: inherit`); stories stand in for a host with a UI font.
const LAST_FRAME_URL = '/media/seedance-16x9-last-frame.jpg';

const meta = {
  title: 'Components/VideoResult',
  component: VideoResult,
  args: {
    status: 'idle',
    onCancel: fn(),
    onRetry: fn(),
    onRegenerate: fn(),
    onContinueFromLastFrame: fn(),
    onDismiss: fn(),
  },
  decorators: [
    // Full-screen stories lay out their own grid; the others get the width of a typical result column.
    (Story, { parameters }) =>
      parameters.layout === 'fullscreen' ? (
        <Story />
      ) : (
        <div style={{ maxWidth: 640, fontFamily: storyFont }}>
          <Story />
        </div>
      ),
  ],
} satisfies Meta<typeof VideoResult>;

export default meta;
type Story = StoryObj<typeof meta>;

const succeededWithLastFrame: GenerationJob = createJobFixture('succeeded', {
  result: {
    videoUrl: STORY_VIDEO_URL,
    downloadUrl: `${STORY_VIDEO_URL}?download=1`,
    lastFrameUrl: LAST_FRAME_URL,
    seed: 42,
    contentType: 'video/mp4',
  },
});
const failedError = new SeedanceError(
  'GENERATION_FAILED',
  'The prompt was refused by the content filter. Rephrase it and try again.',
);
const validationError = new SeedanceError('VALIDATION_FAILED', 'The request is not valid.', {
  issues: [
    { path: ['input', 'duration'], message: 'this site allows the durations 4 s, 5 s' },
    { path: ['input', 'resolution'], message: 'this site allows the resolution 480p' },
  ],
});
const rateLimitedError = new SeedanceError(
  'RATE_LIMITED',
  'You started 10 generations this minute, the most this site allows.',
  { retryAfterMs: 5 * 60_000 },
);
const creditsError = new SeedanceError(
  'INSUFFICIENT_CREDITS',
  'The video service account has no credits left for this request.',
);
const unavailableError = new SeedanceError('UPSTREAM_UNAVAILABLE', 'The video service answered with an error.');
const expiredError = new SeedanceError(
  'EXPIRED',
  'This generation is older than the video service keeps jobs (1 hour).',
);
const prompt = 'A paper boat drifting down a rainy street, cinematic';
const canceledJob: GenerationJob = { ...createJobFixture('canceled'), remoteCancel: false };

/** Before anything was asked: an invitation and three example prompts that fill the composer. */
export const Idle: Story = {
  tags: ['visual'],
  args: { status: 'idle', aspectRatio: '16:9', onUseExamplePrompt: fn() },
  play: async ({ canvas, args }) => {
    await expect(canvas.getByText(/^Describe a shot and press Generate/)).toBeVisible();
    const examples = canvas.getAllByRole('button', { name: /^Use this prompt: / });
    await expect(examples).toHaveLength(3);
    await userEvent.click(examples[0]!);
    await expect(args.onUseExamplePrompt).toHaveBeenCalledWith(
      'A paper boat drifting down a rainy city street at dusk, slow dolly shot',
    );
  },
};

/** Without `onUseExamplePrompt` the examples are ideas to read, not buttons. */
export const IdleWithoutExampleHandler: Story = {
  args: { status: 'idle', examplePrompts: ['A lighthouse in a storm, waves crashing, night'] },
  play: async ({ canvas }) => {
    await expect(canvas.getByText('A lighthouse in a storm, waves crashing, night')).toBeVisible();
    await expect(canvas.queryByRole('button')).toBeNull();
  },
};

/** The request is on its way to the signer: it can already be canceled. */
export const Submitting: Story = {
  args: { status: 'submitting' },
  play: async ({ canvas, args }) => {
    await userEvent.click(canvas.getByRole('button', { name: 'Cancel' }));
    await expect(args.onCancel).toHaveBeenCalledOnce();
  },
};

/** A submit refused as busy that the kit retries by itself: when it goes out again, a countdown, and Cancel. */
export const Retrying: Story = {
  tags: ['visual'],
  args: { status: 'submitting', input: { prompt, duration: 5 } },
  render: (args) => <RetryingIn seconds={52} {...args} />,
  play: async ({ canvas, args }) => {
    await expect(canvas.getByRole('status')).toHaveTextContent(
      /^The service is busy, retrying at \d\d:\d\d \(0:[45]\d\)$/,
    );
    await userEvent.click(canvas.getByRole('button', { name: 'Cancel' }));
    await expect(args.onCancel).toHaveBeenCalledOnce();
  },
};

/** A `VideoResult` whose scheduled retry is `seconds` after it first renders (whenever the story is opened). */
function RetryingIn({ seconds, ...props }: { seconds: number } & VideoResultProps) {
  const [at] = useState(() => Date.now() + seconds * 1000);
  return <VideoResult {...props} scheduledRetry={{ at, error: rateLimitedError }} />;
}

/** The job waits for a worker; the estimate counts from when it starts. */
export const Queued: Story = {
  args: { status: 'queued', job: createJobFixture('queued') },
  play: async ({ canvas }) => {
    await expect(canvas.getByText(/^~\d.* once started \(estimate\)$/)).toBeVisible();
  },
};

/** The video is being generated: elapsed time, what is left (an estimate, said so), and Cancel. */
export const Running: Story = {
  args: { status: 'running', job: createJobFixture('running') },
  play: async ({ canvas }) => {
    await expect(canvas.getByText(/elapsed$/)).toBeVisible();
    await expect(canvas.getByText(/^~\d.+ left \(estimate\)$/)).toBeVisible();
    await expect(canvas.getByRole('button', { name: 'Cancel' })).toBeEnabled();
  },
};

/** The video in its own player (metadata first, so the first frame shows early), the job's prompt and settings. */
export const Succeeded: Story = {
  args: {
    status: 'succeeded',
    job: createJobFixture('succeeded'),
    input: { prompt: 'A paper boat drifting down a rainy street, cinematic', seed: 42 },
  },
  play: async ({ canvas, canvasElement, args }) => {
    await expect(canvas.getByRole('link', { name: 'Download video' })).toHaveAttribute(
      'href',
      '/media/seedance-16x9.mp4?download=1',
    );
    const details = canvas.getByRole('group', { name: 'Prompt and settings' });
    await expect(details).toHaveTextContent('A paper boat drifting down a rainy street, cinematic');
    await expect(within(details).getByText('Seed 42')).toBeVisible();
    await userEvent.click(canvas.getByRole('button', { name: 'Regenerate with the same seed' }));
    await expect(args.onRegenerate).toHaveBeenCalledWith(42);
    const video = canvasElement.querySelector('video');
    await expect(video).not.toBeNull();
    // A real H.264 clip must decode in Chromium: metadata with real dimensions, not just an element.
    await waitFor(() => expect(video!.videoWidth).toBeGreaterThan(0), { timeout: 10_000 });
    await waitFor(() => expect(canvas.getByText('0:00 / 0:05')).toBeVisible());
  },
};

/**
 * The keyboard, while the player has focus: Space or K plays and pauses, J/L and the arrows seek, M mutes, F goes full
 * screen; each is announced. Keys typed in a text field elsewhere never reach the player.
 */
export const KeyboardShortcuts: Story = {
  args: { status: 'succeeded', job: createJobFixture('succeeded') },
  render: (args) => (
    <>
      <input aria-label="Notes" />
      <VideoResult {...args} />
    </>
  ),
  play: async ({ canvas, canvasElement }) => {
    const video = canvasElement.querySelector('video')!;
    await waitFor(() => expect(video.readyState).toBeGreaterThanOrEqual(1), { timeout: 10_000 });
    video.muted = true;
    await userEvent.type(canvas.getByRole('textbox', { name: 'Notes' }), 'k m');
    await expect(video.paused).toBe(true);
    const player = canvas.getByRole('group', { name: 'Video player' });
    await expect(player).toHaveAccessibleDescription(/Space or K play\/pause/);
    player.focus();
    await userEvent.keyboard('k');
    await waitFor(() => expect(canvas.getByRole('button', { name: 'Pause' })).toBeVisible());
    await expect(canvas.getByText('Playing')).toBeInTheDocument();
    await userEvent.keyboard(' ');
    await waitFor(() => expect(video.paused).toBe(true));
    await userEvent.keyboard('l');
    await expect(video.currentTime).toBeGreaterThan(4);
    await userEvent.keyboard('{ArrowLeft}');
    await expect(canvas.getByText(/^At 0:0\d$/)).toBeInTheDocument();
    await userEvent.keyboard('m');
    await expect(canvas.getByRole('button', { name: 'Mute' })).toHaveAttribute('aria-pressed', 'false');
    await userEvent.click(canvas.getByRole('button', { name: 'Loop' }));
    await expect(canvas.getByRole('button', { name: 'Loop' })).toHaveAttribute('aria-pressed', 'true');
    await expect(video.loop).toBe(true);
  },
};

/** With `return_last_frame`: the last frame is the poster, and the toolbar opens it and continues from it. */
export const SucceededWithLastFrame: Story = {
  tags: ['visual'],
  args: {
    status: 'succeeded',
    job: succeededWithLastFrame,
    input: {
      prompt: 'A paper boat drifting down a rainy city street at dusk, slow dolly shot',
      return_last_frame: true,
    },
  },
  play: async ({ canvas, canvasElement, args }) => {
    const toolbar = canvas.getByRole('group', { name: 'Video actions' });
    await expect(within(toolbar).getByRole('link', { name: 'Open the last frame' })).toHaveAttribute(
      'href',
      LAST_FRAME_URL,
    );
    await expect(canvasElement.querySelector('video')).toHaveAttribute('poster', LAST_FRAME_URL);
    await userEvent.click(within(toolbar).getByRole('button', { name: 'Continue from last frame' }));
    await expect(args.onContinueFromLastFrame).toHaveBeenCalledWith(new URL(LAST_FRAME_URL, location.href).href, null);
  },
};

/** Copy link: the video's absolute URL goes to the clipboard, and the confirmation is announced. */
export const CopyLink: Story = {
  args: { status: 'succeeded', job: createJobFixture('succeeded') },
  beforeEach: () => {
    // Headless Chromium has no clipboard permission to grant; the spy stands in for it.
    const writeText = spyOn(navigator.clipboard, 'writeText').mockResolvedValue(undefined);
    return () => writeText.mockRestore();
  },
  play: async ({ canvas }) => {
    await userEvent.click(canvas.getByRole('button', { name: 'Copy link' }));
    await waitFor(() => expect(canvas.getByRole('status')).toHaveTextContent('Link copied to the clipboard.'));
    await expect(navigator.clipboard.writeText).toHaveBeenCalledWith(new URL(STORY_VIDEO_URL, location.href).href);
  },
};

/** The model failed: the code's sentence, the server's detail without its "try again", no retry, and no charge. */
export const Failed: Story = {
  args: { status: 'failed', job: createJobFixture('failed'), error: failedError },
  play: async ({ canvas }) => {
    const status = canvas.getByRole('status');
    await expect(status).toHaveTextContent('The prompt was refused by the content filter.');
    await expect(status).not.toHaveTextContent(/try again/i);
    await expect(status).toHaveTextContent('Failed jobs are not charged.');
    await expect(canvas.queryByRole('button', { name: 'Try again' })).toBeNull();
  },
};

/** The server refused a field: the problems are listed. */
export const ValidationFailed: Story = {
  args: { status: 'failed', error: validationError },
  play: async ({ canvas }) => {
    const items = within(canvas.getByRole('list')).getAllByRole('listitem');
    await expect(items.map((item) => item.textContent)).toEqual([
      'duration: this site allows the durations 4 s, 5 s',
      'resolution: this site allows the resolution 480p',
    ]);
  },
};

/** Rate limited: when to try again, and a retry held until then. */
export const RateLimited: Story = {
  args: { status: 'failed', error: rateLimitedError },
  play: async ({ canvas }) => {
    await expect(canvas.getByRole('status')).toHaveTextContent(/Try again at \d\d:\d\d\./);
    await expect(canvas.getByRole('status')).not.toHaveTextContent(/Try again shortly/);
    await expect(canvas.getByRole('button', { name: /^Try again in [45]:\d\d$/ })).toBeDisabled();
  },
};

/** Out of credits: only the site owner can fix it, so there is no retry. */
export const InsufficientCredits: Story = {
  args: { status: 'failed', error: creditsError },
  play: async ({ canvas }) => {
    const status = canvas.getByRole('status');
    // Said once: the server's own wording of the same problem is not repeated under it.
    await expect(status.textContent?.match(/Contact the site owner/g)).toHaveLength(1);
    await expect(status).toHaveTextContent('Nothing was charged: no job was started.');
    await expect(canvas.queryByRole('button', { name: 'Try again' })).toBeNull();
  },
};

/** The service was down: a retry may work. */
export const UpstreamUnavailable: Story = {
  args: { status: 'failed', error: unavailableError },
  play: async ({ canvas, args }) => {
    await userEvent.click(canvas.getByRole('button', { name: 'Try again' }));
    await expect(args.onRetry).toHaveBeenCalledOnce();
  },
};

/** The job outlived the upstream's one-hour retention. */
export const Expired: Story = {
  args: { status: 'expired', job: createJobFixture('expired'), error: expiredError },
  play: async ({ canvas }) => {
    await expect(canvas.getByRole('button', { name: 'Generate again' })).toBeEnabled();
  },
};

/** Canceled, shown neutrally, with the honest billing line: the service cannot stop it, so it may be charged. */
export const Canceled: Story = {
  args: { status: 'canceled', job: canceledJob },
  play: async ({ canvas, args }) => {
    await expect(canvas.getByRole('status')).toHaveTextContent('a canceled job may still be charged');
    await userEvent.click(canvas.getByRole('button', { name: 'Dismiss' }));
    await expect(args.onDismiss).toHaveBeenCalledOnce();
  },
};

/** A portrait job keeps its 9:16 shape without growing past the max height. */
export const Portrait: Story = {
  args: {
    status: 'running',
    job: createJobFixture('running', {
      input: { aspectRatio: '9:16', duration: 5, resolution: '720p', generateAudio: false },
    }),
  },
};

const grid = {
  display: 'grid',
  gridTemplateColumns: 'repeat(auto-fill, minmax(300px, 1fr))',
  gap: 24,
  padding: 24,
  alignItems: 'start',
  fontFamily: storyFont,
} as const;
const noop = () => {};

/** Every state side by side. */
export const States: Story = {
  parameters: { layout: 'fullscreen' },
  render: () => (
    <div style={grid}>
      <VideoResult status="idle" aria-label="Idle" onUseExamplePrompt={noop} />
      <VideoResult status="submitting" aria-label="Submitting" onCancel={noop} />
      <RetryingIn seconds={52} status="submitting" aria-label="Retrying" onCancel={noop} />
      <VideoResult status="queued" job={createJobFixture('queued')} aria-label="Queued" onCancel={noop} />
      <VideoResult status="running" job={createJobFixture('running')} aria-label="Running" onCancel={noop} />
      <VideoResult
        status="succeeded"
        job={createJobFixture('succeeded')}
        input={{ prompt }}
        aria-label="Succeeded"
        onRegenerate={noop}
      />
      <VideoResult
        status="succeeded"
        job={succeededWithLastFrame}
        aria-label="Succeeded with last frame"
        onRegenerate={noop}
        onContinueFromLastFrame={noop}
      />
      <VideoResult status="failed" job={createJobFixture('failed')} error={failedError} aria-label="Failed" />
      <VideoResult status="failed" error={validationError} aria-label="Validation failed" onDismiss={noop} />
      <VideoResult status="failed" error={rateLimitedError} aria-label="Rate limited" onRetry={noop} />
      <VideoResult status="failed" error={creditsError} aria-label="Insufficient credits" />
      <VideoResult status="failed" error={unavailableError} aria-label="Upstream unavailable" onRetry={noop} />
      <VideoResult status="expired" error={expiredError} aria-label="Expired" onRetry={noop} />
      <VideoResult status="canceled" job={canceledJob} aria-label="Canceled" onRetry={noop} onDismiss={noop} />
    </div>
  ),
  play: async ({ canvas, canvasElement }) => {
    const expected = {
      Idle: 'idle',
      Submitting: 'submitting',
      Retrying: 'submitting',
      Queued: 'queued',
      Running: 'running',
      Succeeded: 'succeeded',
      'Succeeded with last frame': 'succeeded',
      Failed: 'failed',
      'Validation failed': 'failed',
      'Rate limited': 'failed',
      'Insufficient credits': 'failed',
      'Upstream unavailable': 'failed',
      Expired: 'expired',
      Canceled: 'canceled',
    };
    for (const [name, state] of Object.entries(expected)) {
      await expect(canvas.getByRole('region', { name })).toHaveAttribute('data-state', state);
    }
    await expect(canvas.getByRole('region', { name: 'Succeeded with last frame' })).toHaveAttribute(
      'data-has-last-frame',
    );
    await expect(canvas.getByRole('region', { name: 'Retrying' })).toHaveAttribute('data-retrying');
    for (const video of canvasElement.querySelectorAll('video')) {
      await waitFor(() => expect(video.readyState).toBeGreaterThanOrEqual(2), { timeout: 10_000 });
    }
  },
};

/** The states a user meets most, for the README screenshots. */
export const Overview: Story = {
  tags: ['screenshot'],
  parameters: { layout: 'fullscreen' },
  render: () => (
    <div style={{ ...grid, gridTemplateColumns: 'repeat(3, minmax(0, 1fr))', maxWidth: 1180 }}>
      <VideoResult status="running" job={createJobFixture('running')} aria-label="Running" onCancel={noop} />
      <VideoResult
        status="succeeded"
        job={succeededWithLastFrame}
        aria-label="Succeeded"
        onRegenerate={noop}
        onContinueFromLastFrame={noop}
        onDismiss={noop}
      />
      <VideoResult status="failed" error={rateLimitedError} aria-label="Rate limited" onRetry={noop} />
      <VideoResult status="failed" error={validationError} aria-label="Validation failed" onDismiss={noop} />
      <VideoResult status="failed" error={creditsError} aria-label="Insufficient credits" onDismiss={noop} />
      <VideoResult status="canceled" job={canceledJob} aria-label="Canceled" onRetry={noop} onDismiss={noop} />
    </div>
  ),
  play: async ({ canvasElement }) => {
    const video = canvasElement.querySelector('video');
    await waitFor(() => expect(video?.readyState).toBeGreaterThanOrEqual(2), { timeout: 10_000 });
  },
};

/** Without the built-in classes: the host styles it; ARIA and `data-state` stay. */
export const Unstyled: Story = {
  args: { status: 'succeeded', job: succeededWithLastFrame, unstyled: true },
  play: async ({ canvasElement }) => {
    const region = within(canvasElement).getByRole('region', { name: 'Generated video' });
    await expect(region).toHaveAttribute('data-state', 'succeeded');
    await expect(region).toHaveAttribute('data-has-last-frame');
    await expect(canvasElement.querySelector('[class*="sd-"]')).toBeNull();
  },
};

/** The dark theme, through `data-theme="dark"` on a wrapper. */
export const Dark: Story = {
  args: { status: 'succeeded', job: succeededWithLastFrame },
  parameters: { layout: 'fullscreen' },
  decorators: [darkThemeDecorator({ maxWidth: 640 })],
  play: async ({ canvas }) => {
    await expect(canvas.getByRole('button', { name: 'Continue from last frame' })).toBeVisible();
  },
};

const french: VideoResultLabelsInput = {
  region: 'Vidéo générée',
  video: 'Vidéo générée',
  idle: 'Votre vidéo apparaîtra ici.',
  submitting: 'Envoi de la demande…',
  queued: 'En file d’attente…',
  running: 'Génération de la vidéo…',
  succeeded: 'Votre vidéo est prête.',
  failed: 'La vidéo n’a pas pu être générée.',
  expired: 'Cette vidéo a expiré.',
  canceled: 'La génération a été annulée.',
  billingCanceled: 'Le service ne peut pas arrêter une tâche lancée : elle peut encore être facturée.',
  errors: {
    RATE_LIMITED: 'Trop de demandes à la fois.',
    GENERATION_FAILED: 'Le modèle n’a pas pu faire cette vidéo.',
  },
  retryAt: (time) => `Réessayez à ${time.toLocaleTimeString('fr-FR', { hour: '2-digit', minute: '2-digit' })}.`,
  elapsed: (seconds) => `${Math.floor(seconds / 60)} min ${String(seconds % 60).padStart(2, '0')} s écoulées`,
  estimateRemaining: (range) => `encore ${Math.ceil(range.high / 60_000)} min environ (estimation)`,
  estimateQueued: (range) => `environ ${Math.ceil(range.high / 60_000)} min une fois lancée (estimation)`,
  cancel: 'Annuler',
  retry: 'Réessayer',
  retryIn: (seconds) => `Réessayer dans ${seconds} s`,
  generateAgain: 'Générer à nouveau',
  download: 'Télécharger la vidéo',
  copyLink: 'Copier le lien',
  linkCopied: 'Lien copié dans le presse-papiers.',
  copyFailed: 'Le lien n’a pas pu être copié.',
  regenerate: 'Régénérer avec la même graine',
  openLastFrame: 'Ouvrir la dernière image',
  continueFromLastFrame: 'Continuer depuis la dernière image',
  dismiss: 'Fermer',
};

/** A second locale through `labels`, per-code messages included. */
export const Localized: Story = {
  args: { status: 'succeeded', job: succeededWithLastFrame, labels: french },
  play: async ({ canvas, args }) => {
    await expect(canvas.getByRole('region', { name: 'Vidéo générée' })).toBeVisible();
    await expect(canvas.getByRole('status')).toHaveTextContent('Votre vidéo est prête.');
    await expect(canvas.getByRole('link', { name: 'Télécharger la vidéo' })).toBeVisible();
    await userEvent.click(canvas.getByRole('button', { name: 'Régénérer avec la même graine' }));
    await expect(args.onRegenerate).toHaveBeenCalledWith(42);
    await expect(canvas.getByRole('button', { name: 'Continuer depuis la dernière image' })).toBeVisible();
  },
};

function LiveGeneration({ input }: { input: GenerationInput }) {
  const generation = useSeedanceGeneration();
  return (
    <div style={{ display: 'grid', gap: 12 }}>
      <button
        type="button"
        disabled={generation.isPending}
        onClick={() => {
          void generation.generate(input).catch(() => {});
        }}
      >
        Generate
      </button>
      <VideoResult generation={generation} />
    </div>
  );
}

/** The hook and the component together on the mock transport: press Generate and watch every state go by. */
export const Live: Story = {
  render: () => <LiveGeneration input={{ prompt }} />,
  play: async ({ canvas, canvasElement }) => {
    await userEvent.click(canvas.getByRole('button', { name: 'Generate' }));
    const region = canvas.getByRole('region', { name: 'Generated video' });
    await waitFor(() => expect(region).toHaveAttribute('data-state', 'running'), { timeout: 5_000 });
    await waitFor(() => expect(region).toHaveAttribute('data-state', 'succeeded'), { timeout: 5_000 });
    const video = canvasElement.querySelector('video');
    await waitFor(() => expect(video?.readyState).toBeGreaterThanOrEqual(1), { timeout: 10_000 });
  },
};

/** `generation` wires Cancel: a job that never finishes is canceled while running, and shown neutrally. */
export const CancelWhileRunning: Story = {
  parameters: { seedance: { transport: { scenario: 'never-finishes', queuedMs: 300 } } },
  render: () => <LiveGeneration input={{ prompt }} />,
  play: async ({ canvas }) => {
    await userEvent.click(canvas.getByRole('button', { name: 'Generate' }));
    const region = canvas.getByRole('region', { name: 'Generated video' });
    await waitFor(() => expect(region).toHaveAttribute('data-state', 'running'), { timeout: 5_000 });
    await userEvent.click(canvas.getByRole('button', { name: 'Cancel' }));
    await waitFor(() => expect(region).toHaveAttribute('data-state', 'canceled'));
    await waitFor(() => expect(canvas.getByRole('status')).toHaveTextContent('a canceled job may still be charged'));
    await userEvent.click(canvas.getByRole('button', { name: 'Dismiss' }));
    await expect(region).toHaveAttribute('data-state', 'idle');
  },
};

/**
 * The first `count` submits are refused as rate limited. The hook retries two of them by itself (after their short
 * `retryAfterMs`); the last one reaches the user with a longer wait.
 */
function rateLimitedSubmits(count: number, retryAfterMs: number): MockTransportOptions['submitError'] {
  let submits = 0;
  return () => {
    submits += 1;
    if (submits > count) return undefined;
    return mockError('RATE_LIMITED', {
      message: 'Too many requests to the video service.',
      retryAfterMs: submits < count ? 50 : retryAfterMs,
    });
  };
}

/** A transport of its own, made at mount, so a scripted counter starts afresh on every run of the story. */
function OwnTransport({ options, children }: { options: () => MockTransportOptions; children: ReactNode }) {
  const [transport] = useState(() =>
    createMockTransport({ queuedMs: 600, runningMs: 1200, pollAfterMs: 300, videoUrl: STORY_VIDEO_URL, ...options() }),
  );
  return <SeedanceProvider transport={transport}>{children}</SeedanceProvider>;
}

/** `generation` wires Retry: a rate limit the hook could not ride out holds Retry until its time, then it works. */
export const RetryAfterRateLimit: Story = {
  render: () => (
    <OwnTransport options={() => ({ submitError: rateLimitedSubmits(3, 1500) })}>
      <LiveGeneration input={{ prompt }} />
    </OwnTransport>
  ),
  play: async ({ canvas }) => {
    await userEvent.click(canvas.getByRole('button', { name: 'Generate' }));
    const region = canvas.getByRole('region', { name: 'Generated video' });
    await waitFor(() => expect(region).toHaveAttribute('data-state', 'failed'));
    await expect(region).toHaveAttribute('data-error-code', 'RATE_LIMITED');
    await expect(canvas.getByRole('button', { name: /^Try again in 0:0\d$/ })).toBeDisabled();
    const retry = await canvas.findByRole('button', { name: 'Try again' }, { timeout: 4_000 });
    await userEvent.click(retry);
    await waitFor(() => expect(region).toHaveAttribute('data-state', 'succeeded'), { timeout: 8_000 });
  },
};

/** `generation` wires Continue: the next generation starts from this video's last frame. */
export const ContinueFromLastFrame: Story = {
  parameters: { seedance: { transport: { lastFrameUrl: LAST_FRAME_URL } } },
  render: () => <LiveGeneration input={{ prompt, return_last_frame: true }} />,
  play: async ({ canvas }) => {
    await userEvent.click(canvas.getByRole('button', { name: 'Generate' }));
    const region = canvas.getByRole('region', { name: 'Generated video' });
    await waitFor(() => expect(region).toHaveAttribute('data-state', 'succeeded'), { timeout: 8_000 });
    await expect(region).toHaveAttribute('data-has-last-frame');
    await userEvent.click(canvas.getByRole('button', { name: 'Continue from last frame' }));
    await waitFor(() => expect(region).not.toHaveAttribute('data-state', 'succeeded'));
    await waitFor(() => expect(region).toHaveAttribute('data-state', 'succeeded'), { timeout: 8_000 });
  },
};
