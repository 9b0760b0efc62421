import { type GenerationJob, SeedanceError, type SeedanceErrorCode } from '@seedance-kit/core';
import { SEEDANCE_ERROR_CODES } from '@seedance-kit/core/protocol';
import { mockError } from '@seedance-kit/core/testing';
import { act, fireEvent, render, screen, within } from '@testing-library/react';
import { createRef } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createPersistence, type GenerationPersistence } from '../persistence';
import { createJobFixture } from '../testing/job-fixtures';
import { renderWithProviders } from '../testing/render-with-providers';
import { useSeedanceGeneration } from '../use-seedance-generation';
import { VideoResult } from './video-result';
import { defaultVideoResultLabels } from './video-result-labels';

const region = () => screen.getByRole('region', { name: 'Generated video' });
const button = (name: string | RegExp) => screen.getByRole('button', { name });
const LAST_FRAME_URL = '/media/seedance-16x9-last-frame.jpg';
const withLastFrame: GenerationJob = createJobFixture('succeeded', {
  result: {
    videoUrl: '/media/seedance-16x9.mp4',
    downloadUrl: '/media/seedance-16x9.mp4?download=1',
    lastFrameUrl: LAST_FRAME_URL,
    seed: 7,
    contentType: 'video/mp4',
  },
});

describe('VideoResult contract', () => {
  it('passes className, style, ref and unknown props to the root', () => {
    const ref = createRef<HTMLElement>();
    render(
      <VideoResult ref={ref} className="host-class" style={{ marginTop: 4 }} data-testid="result" id="result-region" />,
    );
    expect(region()).toBe(ref.current);
    expect(region()).toHaveClass('sd-video-result', 'host-class');
    expect(region()).toHaveStyle({ marginTop: '4px' });
    expect(region()).toHaveAttribute('id', 'result-region');
    expect(region()).toHaveAttribute('data-testid', 'result');
  });

  it('follows the status in data-state, with presence flags', () => {
    const { rerender } = render(<VideoResult status="idle" />);
    expect(region()).toHaveAttribute('data-state', 'idle');
    expect(region()).not.toHaveAttribute('data-busy');
    rerender(<VideoResult status="running" job={createJobFixture('running')} />);
    expect(region()).toHaveAttribute('data-state', 'running');
    expect(region()).toHaveAttribute('data-busy', '');
    rerender(<VideoResult status="succeeded" job={withLastFrame} />);
    expect(region()).toHaveAttribute('data-state', 'succeeded');
    expect(region()).not.toHaveAttribute('data-busy');
    expect(region()).toHaveAttribute('data-has-video', '');
    expect(region()).toHaveAttribute('data-has-last-frame', '');
    rerender(<VideoResult status="failed" error={new SeedanceError('UPSTREAM_TIMEOUT', 'Too slow.')} />);
    expect(region()).toHaveAttribute('data-state', 'failed');
    expect(region()).toHaveAttribute('data-error-code', 'UPSTREAM_TIMEOUT');
    expect(region()).toHaveAttribute('data-retryable', '');
    expect(region()).not.toHaveAttribute('data-has-video');
  });

  it('keeps the live region out of aria-busy, which would hold its announcements back', () => {
    render(<VideoResult status="running" job={createJobFixture('running')} />);
    expect(region()).not.toHaveAttribute('aria-busy');
    expect(screen.getByRole('status').closest('[aria-busy="true"]')).toBeNull();
  });

  it('drops its own classes when unstyled but keeps ARIA, data-* and the host classes', () => {
    const { container } = render(
      <VideoResult
        unstyled
        status="succeeded"
        job={withLastFrame}
        className="host-class"
        classNames={{ download: 'host-download', continue: 'host-continue', lastFrameLink: 'host-frame' }}
        onContinueFromLastFrame={() => {}}
      />,
    );
    expect(container.querySelector('[class*="sd-"]')).toBeNull();
    expect(region()).toHaveAttribute('class', 'host-class');
    expect(region()).toHaveAttribute('data-state', 'succeeded');
    expect(screen.getByRole('status')).toHaveTextContent('Your video is ready.');
    expect(screen.getByRole('link', { name: 'Download video' })).toHaveClass('host-download');
    expect(button('Continue from last frame')).toHaveClass('host-continue');
    expect(screen.getByRole('link', { name: 'Open the last frame' })).toHaveClass('host-frame');
  });

  it('uses labels for every visible string, per-code messages included', () => {
    const { rerender } = render(
      <VideoResult
        status="succeeded"
        job={withLastFrame}
        onRegenerate={() => {}}
        onContinueFromLastFrame={() => {}}
        labels={{
          region: 'Résultat',
          succeeded: 'Votre vidéo est prête.',
          download: 'Télécharger',
          video: 'Vidéo',
          copyLink: 'Copier le lien',
          parameters: ({ seed }) => [`Graine ${seed}`],
          regenerate: 'Régénérer',
          toolbar: 'Actions',
          openLastFrame: 'Ouvrir la dernière image',
          continueFromLastFrame: 'Continuer',
        }}
      />,
    );
    expect(screen.getByRole('region', { name: 'Résultat' })).toBeInTheDocument();
    expect(screen.getByRole('status')).toHaveTextContent('Votre vidéo est prête.');
    expect(screen.getByRole('link', { name: 'Télécharger' })).toBeInTheDocument();
    expect(screen.getByLabelText('Vidéo')).toBeInTheDocument();
    expect(button('Copier le lien')).toBeInTheDocument();
    expect(button('Régénérer')).toBeInTheDocument();
    expect(screen.getByText('Graine 7')).toBeInTheDocument();
    const group = screen.getByRole('group', { name: 'Actions' });
    expect(within(group).getByRole('link', { name: 'Ouvrir la dernière image' })).toBeInTheDocument();
    expect(within(group).getByRole('button', { name: 'Continuer' })).toBeInTheDocument();

    rerender(
      <VideoResult
        status="failed"
        error={new SeedanceError('RATE_LIMITED', 'Busy.', { retryAfterMs: 30_000 })}
        onRetry={() => {}}
        labels={{
          failed: 'Échec.',
          errors: { RATE_LIMITED: 'Trop de demandes.' },
          retryAt: () => 'Réessayez plus tard.',
          retryIn: (seconds) => `Réessayer dans ${seconds} s`,
        }}
      />,
    );
    expect(screen.getByRole('status')).toHaveTextContent('Échec. Trop de demandes.');
    expect(screen.getByRole('status')).toHaveTextContent('Réessayez plus tard.');
    expect(button('Réessayer dans 30 s')).toBeDisabled();
  });
});

describe('VideoResult states', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('shows an idle placeholder in the selected aspect ratio', () => {
    render(<VideoResult aspectRatio="9:16" onCancel={() => {}} onDismiss={() => {}} />);
    expect(screen.getByText(defaultVideoResultLabels.idle)).toBeInTheDocument();
    expect(region()).toHaveAttribute('data-aspect-ratio', '9:16');
    expect(region().style.getPropertyValue('--sd-video-result-aspect-ratio')).toBe('0.5625');
    expect(region().querySelector('video')).toBeNull();
    // Without `onUseExamplePrompt` the examples are text to read, not buttons.
    expect(screen.queryByRole('button')).not.toBeInTheDocument();
    expect(screen.getAllByRole('listitem')).toHaveLength(3);
  });

  it('offers example prompts as buttons that hand their prompt over', () => {
    const onUseExamplePrompt = vi.fn();
    render(<VideoResult examplePrompts={['A red kite', 'A blue boat']} onUseExamplePrompt={onUseExamplePrompt} />);
    fireEvent.click(button('Use this prompt: A blue boat'));
    expect(onUseExamplePrompt).toHaveBeenCalledWith('A blue boat');
    expect(screen.getAllByRole('button', { name: /^Use this prompt/ })).toHaveLength(2);
  });

  it('shows a retry the kit scheduled: its time in the live region, the countdown outside it, and Cancel', () => {
    vi.useFakeTimers();
    vi.setSystemTime(new Date(2026, 0, 15, 14, 4, 8));
    const onCancel = vi.fn();
    render(<VideoResult status="submitting" scheduledRetry={{ at: Date.now() + 52_000 }} onCancel={onCancel} />);
    expect(screen.getByRole('status')).toHaveTextContent('The service is busy, retrying at 14:05');
    expect(screen.getByText('(0:52)')).toHaveAttribute('aria-hidden', 'true');
    act(() => vi.advanceTimersByTime(2_000));
    expect(screen.getByText('(0:50)')).toBeInTheDocument();
    expect(screen.getByRole('status')).not.toHaveTextContent('Sending your request');
    fireEvent.click(button('Cancel'));
    expect(onCancel).toHaveBeenCalledOnce();
    expect(region()).toHaveAttribute('data-retrying', '');
  });

  it('prefers the job aspect ratio over the selected one', () => {
    const job = createJobFixture('queued', {
      input: { aspectRatio: '1:1', duration: 5, resolution: '480p', generateAudio: false },
    });
    render(<VideoResult status="queued" job={job} aspectRatio="16:9" />);
    expect(region()).toHaveAttribute('data-aspect-ratio', '1:1');
  });

  it('shows the status and a ticking elapsed time while busy, outside the live region', () => {
    vi.useFakeTimers();
    const { rerender } = render(<VideoResult status="submitting" />);
    expect(screen.getByRole('status')).toHaveTextContent('Sending your request…');
    expect(screen.getByText('0:00 elapsed')).toBeInTheDocument();

    act(() => vi.advanceTimersByTime(3_000));
    rerender(<VideoResult status="queued" job={createJobFixture('queued')} />);
    expect(screen.getByRole('status')).toHaveTextContent('Waiting in the queue…');
    expect(screen.getByText('0:03 elapsed')).toBeInTheDocument();

    act(() => vi.advanceTimersByTime(62_000));
    rerender(<VideoResult status="running" job={createJobFixture('running')} />);
    expect(screen.getByRole('status')).toHaveTextContent('Generating your video…');
    expect(screen.getByText('1:05 elapsed')).toBeInTheDocument();
    expect(screen.getByRole('status')).not.toHaveTextContent('elapsed');
    expect(screen.getByRole('status')).not.toHaveTextContent('estimate');
  });

  it('labels the time left as an estimate, counting down while running', () => {
    vi.useFakeTimers();
    const estimate = {
      isEstimate: true as const,
      totalMs: { low: 60_000, high: 120_000 },
      remainingMs: { low: 60_000, high: 120_000 },
      basis: 'model' as const,
      samples: 0,
    };
    const { rerender } = render(<VideoResult status="queued" job={createJobFixture('queued')} estimate={estimate} />);
    expect(screen.getByText('~1–2 min once started (estimate)')).toBeInTheDocument();
    rerender(<VideoResult status="running" job={createJobFixture('running')} estimate={estimate} />);
    expect(screen.getByText('~1–2 min left (estimate)')).toBeInTheDocument();
    act(() => vi.advanceTimersByTime(90_000));
    expect(screen.getByText('~0–30 s left (estimate)')).toBeInTheDocument();
    act(() => vi.advanceTimersByTime(60_000));
    expect(screen.getByText('taking longer than estimated')).toBeInTheDocument();
  });

  it('estimates from the job when no estimate is given', () => {
    render(<VideoResult status="running" job={createJobFixture('running')} />);
    expect(screen.getByText(/^~\d+–\d+ s left \(estimate\)$/)).toBeInTheDocument();
  });

  it('plays the video (metadata first, no poster) in its own player, with the prompt and settings', () => {
    const job = createJobFixture('succeeded');
    render(<VideoResult status="succeeded" job={job} input={{ prompt: 'A red kite over a beach' }} />);
    const video = screen.getByLabelText('Generated video', { selector: 'video' }) as HTMLVideoElement;
    expect(video).toHaveAttribute('src', job.result?.videoUrl);
    expect(video).not.toHaveAttribute('controls');
    expect(button('Play')).toBeInTheDocument();
    expect(button('Loop')).toHaveAttribute('aria-pressed', 'false');
    expect(screen.getByRole('slider', { name: 'Position' })).toBeInTheDocument();
    expect(video).toHaveAttribute('playsinline');
    expect(video).toHaveAttribute('preload', 'metadata');
    expect(video).not.toHaveAttribute('poster');
    expect(screen.getByRole('link', { name: 'Download video' })).toHaveAttribute('href', job.result?.downloadUrl);
    expect(screen.getByRole('status')).toHaveTextContent('Your video is ready.');
    const details = screen.getByRole('group', { name: 'Prompt and settings' });
    expect(details).toHaveTextContent('A red kite over a beach');
    expect(
      within(details)
        .getAllByRole('listitem')
        .map((item) => item.textContent),
    ).toEqual(['16:9', '5 s', '720p', 'No sound', 'Seed 42']);
    expect(screen.queryByText(/elapsed/)).not.toBeInTheDocument();
    expect(screen.queryByRole('link', { name: 'Open the last frame' })).not.toBeInTheDocument();
  });

  it('takes the last frame as the poster, and its toolbar opens it and continues from it', () => {
    const onContinue = vi.fn();
    render(<VideoResult status="succeeded" job={withLastFrame} onContinueFromLastFrame={onContinue} />);
    const video = screen.getByLabelText('Generated video', { selector: 'video' });
    expect(video).toHaveAttribute('poster', LAST_FRAME_URL);
    const toolbar = screen.getByRole('group', { name: 'Video actions' });
    expect(within(toolbar).getByRole('link', { name: 'Open the last frame' })).toHaveAttribute('href', LAST_FRAME_URL);
    fireEvent.click(within(toolbar).getByRole('button', { name: 'Continue from last frame' }));
    expect(onContinue).toHaveBeenCalledWith(new URL(LAST_FRAME_URL, location.href).href, null);
  });

  it('shows canceled neutrally, with the honest note when the service could not stop it', () => {
    const job = { ...createJobFixture('canceled'), remoteCancel: false };
    const { rerender } = render(<VideoResult status="canceled" job={job} />);
    expect(screen.getByRole('status')).toHaveTextContent('The generation was canceled.');
    expect(screen.getByRole('status')).toHaveTextContent(
      'The video service cannot stop a started job, so a canceled job may still be charged.',
    );
    expect(region()).not.toHaveAttribute('data-error-code');
    expect(region()).toHaveAttribute('data-remote-cancel', 'false');
    rerender(<VideoResult status="canceled" remoteCancel />);
    expect(screen.getByRole('status')).not.toHaveTextContent('may still be charged');
    expect(screen.getByRole('status')).toHaveTextContent('The job was stopped at the video service too.');
  });

  it('says when the video expired and offers to generate it again', () => {
    const onRetry = vi.fn();
    const error = new SeedanceError('EXPIRED', 'Older than an hour.');
    render(<VideoResult status="expired" job={createJobFixture('expired')} error={error} onRetry={onRetry} />);
    expect(screen.getByRole('status')).toHaveTextContent(
      'This video has expired. Finished videos are kept for one hour.',
    );
    fireEvent.click(button('Generate again'));
    expect(onRetry).toHaveBeenCalledOnce();
  });

  it('falls back to the job error when no error is given', () => {
    render(<VideoResult status="failed" job={createJobFixture('failed')} />);
    expect(screen.getByRole('status')).toHaveTextContent('refused by the content filter');
  });
});

describe('VideoResult per error code', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  const OWN_WORDS_SUFFICE: SeedanceErrorCode[] = [
    'VALIDATION_FAILED',
    'UNAUTHENTICATED',
    'FORBIDDEN',
    'INSUFFICIENT_CREDITS',
    'SPEND_LIMIT_REACHED',
    'MISCONFIGURED',
    'NETWORK_ERROR',
  ];
  const codes = SEEDANCE_ERROR_CODES.filter((code) => code !== 'CANCELED' && code !== 'EXPIRED');
  it.each(codes)('%s: its message, the server detail, and a retry only when retryable', (code: SeedanceErrorCode) => {
    const error = new SeedanceError(code, `Detail of ${code}.`);
    const onRetry = vi.fn();
    render(<VideoResult status="failed" error={error} onRetry={onRetry} />);
    const status = screen.getByRole('status');
    expect(status).toHaveTextContent(`The video could not be generated. ${defaultVideoResultLabels.errors[code]}`);
    // The server's wording is shown when it adds to the code's own sentence, never when it would only repeat it.
    if (OWN_WORDS_SUFFICE.includes(code)) expect(status).not.toHaveTextContent(`Detail of ${code}.`);
    else expect(status).toHaveTextContent(`Detail of ${code}.`);
    expect(region()).toHaveAttribute('data-error-code', code);
    if (error.retryable) {
      fireEvent.click(button('Try again'));
      expect(onRetry).toHaveBeenCalledOnce();
    } else {
      expect(screen.queryByRole('button', { name: 'Try again' })).not.toBeInTheDocument();
    }
  });

  it('tells the user to contact the site owner for credits and configuration, with no retry', () => {
    for (const code of ['INSUFFICIENT_CREDITS', 'MISCONFIGURED'] as const) {
      const { unmount } = render(
        <VideoResult status="failed" error={new SeedanceError(code, 'x')} onRetry={vi.fn()} />,
      );
      expect(screen.getByRole('status')).toHaveTextContent('Contact the site owner.');
      expect(screen.queryByRole('button')).not.toBeInTheDocument();
      unmount();
    }
  });

  it('lists the field issues of VALIDATION_FAILED', () => {
    const error = new SeedanceError('VALIDATION_FAILED', 'The request is not valid. duration: no', {
      issues: [
        { path: ['input', 'duration'], message: 'this site allows the durations 4 s, 5 s' },
        { path: [], message: 'cite at least one image' },
      ],
    });
    render(<VideoResult status="failed" error={error} />);
    const items = within(screen.getByRole('list')).getAllByRole('listitem');
    expect(items.map((item) => item.textContent)).toEqual([
      'duration: this site allows the durations 4 s, 5 s',
      'cite at least one image',
    ]);
    // The server's message repeats the issues: it is not shown twice.
    expect(screen.getByRole('status')).not.toHaveTextContent('The request is not valid.');
  });

  it.each([
    ['RATE_LIMITED', true],
    ['QUOTA_EXCEEDED', true],
  ] as const)('%s with retryAfterMs: the time to try again and a retry held until then', (code, retryable) => {
    vi.useFakeTimers();
    vi.setSystemTime(new Date(2026, 10, 24, 14, 3, 30));
    const onRetry = vi.fn();
    render(
      <VideoResult
        status="failed"
        error={new SeedanceError(code, 'Wait.', { retryAfterMs: 90_000, retryable })}
        onRetry={onRetry}
      />,
    );
    expect(screen.getByRole('status')).toHaveTextContent('Try again at 14:05.');
    expect(region()).toHaveAttribute('data-waiting', '');
    expect(button('Try again in 1:30')).toBeDisabled();
    act(() => vi.advanceTimersByTime(30_000));
    expect(button('Try again in 1:00')).toBeDisabled();
    // The countdown lives in the button, not in the live region.
    expect(screen.getByRole('status')).not.toHaveTextContent('1:00');
    act(() => vi.advanceTimersByTime(60_000));
    expect(region()).not.toHaveAttribute('data-waiting');
    fireEvent.click(button('Try again'));
    expect(onRetry).toHaveBeenCalledOnce();
  });

  it('QUOTA_EXCEEDED for the day (not retryable) shows no time and no retry', () => {
    render(
      <VideoResult
        status="failed"
        error={new SeedanceError('QUOTA_EXCEEDED', 'You have 0 s of video left today.')}
        onRetry={vi.fn()}
      />,
    );
    expect(screen.getByRole('status')).toHaveTextContent('You have 0 s of video left today.');
    expect(screen.getByRole('status')).not.toHaveTextContent('Try again at');
    expect(screen.queryByRole('button')).not.toBeInTheDocument();
  });
});

describe('VideoResult actions', () => {
  afterEach(() => {
    vi.useRealTimers();
    vi.restoreAllMocks();
  });

  it('Cancel while busy, Dismiss once finished', () => {
    const onCancel = vi.fn();
    const onDismiss = vi.fn();
    const { rerender } = render(
      <VideoResult status="running" job={createJobFixture('running')} onCancel={onCancel} onDismiss={onDismiss} />,
    );
    expect(screen.queryByRole('button', { name: 'Dismiss' })).not.toBeInTheDocument();
    fireEvent.click(button('Cancel'));
    expect(onCancel).toHaveBeenCalledOnce();
    rerender(<VideoResult status="canceled" onCancel={onCancel} onDismiss={onDismiss} />);
    expect(screen.queryByRole('button', { name: 'Cancel' })).not.toBeInTheDocument();
    fireEvent.click(button('Dismiss'));
    expect(onDismiss).toHaveBeenCalledOnce();
  });

  it('Regenerate with the same seed passes the seed', () => {
    const onRegenerate = vi.fn();
    render(<VideoResult status="succeeded" job={withLastFrame} onRegenerate={onRegenerate} />);
    fireEvent.click(button('Regenerate with the same seed'));
    expect(onRegenerate).toHaveBeenCalledWith(7);
  });

  it('copies the absolute video link and announces it, then clears the confirmation', async () => {
    vi.useFakeTimers();
    const writeText = vi.fn().mockResolvedValue(undefined);
    Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true });
    render(<VideoResult status="succeeded" job={withLastFrame} />);
    await act(async () => {
      fireEvent.click(button('Copy link'));
    });
    expect(writeText).toHaveBeenCalledWith(new URL('/media/seedance-16x9.mp4', location.href).href);
    expect(screen.getByRole('status')).toHaveTextContent(/^Your video is ready\.Link copied to the clipboard\.$/);
    act(() => vi.advanceTimersByTime(4_000));
    expect(screen.getByRole('status')).not.toHaveTextContent('Link copied');
  });

  it('says so when the clipboard refuses', async () => {
    Object.defineProperty(navigator, 'clipboard', {
      value: { writeText: vi.fn().mockRejectedValue(new Error('denied')) },
      configurable: true,
    });
    render(<VideoResult status="succeeded" job={withLastFrame} />);
    await act(async () => {
      fireEvent.click(button('Copy link'));
    });
    expect(screen.getByRole('status')).toHaveTextContent('The link could not be copied.');
  });

  it('offers no action button without a handler', () => {
    render(<VideoResult status="succeeded" job={withLastFrame} />);
    const toolbar = screen.getByRole('group', { name: 'Video actions' });
    expect(
      within(toolbar)
        .getAllByRole('button')
        .map((element) => element.getAttribute('aria-label')),
    ).toEqual(['Copy link']);
  });
});

/** The page a host writes with the convenience prop: the hook's whole result goes in. */
function WiredPage({
  returnLastFrame = false,
  persist,
}: {
  returnLastFrame?: boolean;
  persist?: GenerationPersistence;
}) {
  const generation = useSeedanceGeneration({ persist });
  return (
    <>
      <button
        type="button"
        onClick={() =>
          void generation.generate({ prompt: 'A fox', return_last_frame: returnLastFrame }).catch(() => {})
        }
      >
        Generate
      </button>
      <VideoResult generation={generation} />
    </>
  );
}

describe('VideoResult wired with generation', () => {
  afterEach(() => {
    vi.useRealTimers();
  });
  const advance = (milliseconds: number) => act(() => vi.advanceTimersByTimeAsync(milliseconds));
  const click = (name: string) =>
    act(async () => {
      fireEvent.click(button(name));
    });

  it('Cancel cancels the job and ends in a neutral canceled state; Dismiss resets', async () => {
    vi.useFakeTimers();
    const { transport } = renderWithProviders(<WiredPage />, {
      transport: { scenario: 'never-finishes', queuedMs: 0, pollAfterMs: 500 },
    });
    await click('Generate');
    await advance(500);
    expect(region()).toHaveAttribute('data-state', 'running');
    await click('Cancel');
    await advance(0);
    expect(transport.calls.some((call) => call.method === 'cancel')).toBe(true);
    expect(region()).toHaveAttribute('data-state', 'canceled');
    expect(screen.getByRole('status')).toHaveTextContent('a canceled job may still be charged');
    await click('Dismiss');
    expect(region()).toHaveAttribute('data-state', 'idle');
  });

  it('shows when a refused submit goes out again, and Cancel stops that retry', async () => {
    vi.useFakeTimers();
    vi.setSystemTime(new Date(2026, 0, 15, 14, 4, 8));
    const { transport } = renderWithProviders(<WiredPage />, {
      transport: { submitError: mockError('RATE_LIMITED', { retryAfterMs: 52_000 }) },
    });
    await click('Generate');
    await advance(0);
    expect(screen.getByRole('status')).toHaveTextContent('The service is busy, retrying at 14:05');
    expect(screen.getByText('(0:52)')).toBeInTheDocument();
    await advance(2_000);
    expect(screen.getByText('(0:50)')).toBeInTheDocument();
    await click('Cancel');
    await advance(120_000);
    expect(region()).toHaveAttribute('data-state', 'canceled');
    expect(transport.calls.filter((call) => call.method === 'submit')).toHaveLength(1);
  });

  it('clears the scheduled retry once it goes out, and the job goes on', async () => {
    vi.useFakeTimers();
    let submits = 0;
    const submitError = () => {
      submits += 1;
      return submits === 1 ? mockError('UNAVAILABLE', { retryAfterMs: 5_000 }) : undefined;
    };
    const { transport } = renderWithProviders(<WiredPage />, {
      transport: { submitError, queuedMs: 0, runningMs: 60_000, pollAfterMs: 500 },
    });
    await click('Generate');
    await advance(0);
    expect(screen.getByRole('status')).toHaveTextContent('The service is busy, retrying at');
    await advance(5_000);
    expect(screen.getByRole('status')).not.toHaveTextContent('retrying');
    expect(region()).not.toHaveAttribute('data-retrying');
    expect(transport.calls.filter((call) => call.method === 'submit')).toHaveLength(2);
  });

  it("shows the resumed job's own prompt after a reload", async () => {
    vi.useFakeTimers();
    const persist = createPersistence('session');
    const first = renderWithProviders(<WiredPage persist={persist} />, {
      transport: { scenario: 'never-finishes', queuedMs: 0, pollAfterMs: 500 },
    });
    await click('Generate');
    await advance(500);
    expect(region()).toHaveAttribute('data-state', 'running');
    first.unmount();
    // A reload: a new QueryClient and page, the job and its input only in sessionStorage.
    renderWithProviders(<WiredPage persist={persist} />, { transport: first.transport });
    await advance(0);
    expect(region()).toHaveAttribute('data-state', 'running');
    expect(screen.getByRole('group', { name: 'Prompt and settings' })).toHaveTextContent('A fox');
    sessionStorage.clear();
  });

  it('Retry runs the input again after a retryable failure, once the wait is over', async () => {
    vi.useFakeTimers();
    let submits = 0;
    // Three refusals: the hook rides out two by itself, the third reaches the user.
    const submitError = () => {
      submits += 1;
      return submits <= 3 ? mockError('RATE_LIMITED', { retryAfterMs: submits < 3 ? 100 : 1_000 }) : undefined;
    };
    const { transport } = renderWithProviders(<WiredPage />, {
      transport: { submitError, queuedMs: 0, runningMs: 500, pollAfterMs: 500 },
    });
    await click('Generate');
    await advance(200);
    expect(region()).toHaveAttribute('data-error-code', 'RATE_LIMITED');
    expect(button('Try again in 0:01')).toBeDisabled();
    await advance(1_000);
    await click('Try again');
    await advance(1_000);
    expect(region()).toHaveAttribute('data-state', 'succeeded');
    expect(transport.calls.filter((call) => call.method === 'submit')).toHaveLength(4);
  });

  it('Regenerate submits the same input with the seed of the video', async () => {
    vi.useFakeTimers();
    const { transport } = renderWithProviders(<WiredPage />, {
      transport: { queuedMs: 0, runningMs: 500, pollAfterMs: 500 },
    });
    await click('Generate');
    await advance(500);
    await click('Regenerate with the same seed');
    const submits = transport.calls.filter((call) => call.method === 'submit');
    expect(submits[1]?.input).toEqual({ prompt: 'A fox', return_last_frame: false, seed: 42 });
  });

  it('Continue from last frame generates the next input from the last frame', async () => {
    vi.useFakeTimers();
    const { transport } = renderWithProviders(<WiredPage returnLastFrame />, {
      transport: { queuedMs: 0, runningMs: 500, pollAfterMs: 500, lastFrameUrl: LAST_FRAME_URL },
    });
    await click('Generate');
    await advance(500);
    expect(region()).toHaveAttribute('data-has-last-frame', '');
    await click('Continue from last frame');
    const submits = transport.calls.filter((call) => call.method === 'submit');
    expect(submits[1]?.input).toMatchObject({
      prompt: 'A fox',
      first_frame_url: new URL(LAST_FRAME_URL, location.href).href,
    });
  });
});
