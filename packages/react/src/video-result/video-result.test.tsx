import { SeedanceError } from '@seedance-kit/core';
import { act, render, screen } from '@testing-library/react';
import { createRef } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createJobFixture } from '../testing/job-fixtures';
import { VideoResult } from './video-result';

const region = () => screen.getByRole('region', { name: 'Generated video' });

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

  it('follows the status in data-state', () => {
    const { rerender } = render(<VideoResult status="idle" />);
    expect(region()).toHaveAttribute('data-state', 'idle');
    rerender(<VideoResult status="running" job={createJobFixture('running')} />);
    expect(region()).toHaveAttribute('data-state', 'running');
    expect(region()).toHaveAttribute('aria-busy', 'true');
    rerender(<VideoResult status="succeeded" job={createJobFixture('succeeded')} />);
    expect(region()).toHaveAttribute('data-state', 'succeeded');
    expect(region()).toHaveAttribute('aria-busy', 'false');
  });

  it('drops its own classes when unstyled but keeps ARIA, data-* and the host classes', () => {
    const { container } = render(
      <VideoResult
        unstyled
        status="succeeded"
        job={createJobFixture('succeeded')}
        className="host-class"
        classNames={{ download: 'host-download' }}
      />,
    );
    expect(container.querySelector('[class*="sd-"]')).toBeNull();
    expect(region()).toHaveAttribute('class', 'host-class');
    expect(region()).toHaveAttribute('data-state', 'succeeded');
    expect(screen.getByRole('status')).toHaveTextContent('Your video is ready.');
    expect(screen.getByRole('link', { name: 'Download video' })).toHaveClass('host-download');
  });

  it('uses labels for every visible string', () => {
    render(
      <VideoResult
        status="succeeded"
        job={createJobFixture('succeeded')}
        labels={{ region: 'Résultat', succeeded: 'Votre vidéo est prête.', download: 'Télécharger', video: 'Vidéo' }}
      />,
    );
    expect(screen.getByRole('region', { name: 'Résultat' })).toBeInTheDocument();
    expect(screen.getByRole('status')).toHaveTextContent('Votre vidéo est prête.');
    expect(screen.getByRole('link', { name: 'Télécharger' })).toBeInTheDocument();
    expect(screen.getByLabelText('Vidéo')).toBeInTheDocument();
  });
});

describe('VideoResult states', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('shows an idle placeholder in the selected aspect ratio', () => {
    render(<VideoResult aspectRatio="9:16" />);
    expect(screen.getByRole('status')).toHaveTextContent('Your video will appear here.');
    expect(region()).toHaveAttribute('data-aspect-ratio', '9:16');
    expect(region().style.getPropertyValue('--sd-video-result-aspect-ratio')).toBe('0.5625');
    expect(region().querySelector('video')).toBeNull();
  });

  it('prefers the job aspect ratio over the selected one', () => {
    const job = createJobFixture('queued', {
      input: { aspectRatio: '1:1', duration: 5, resolution: '480p', generateAudio: false },
    });
    render(<VideoResult status="queued" job={job} aspectRatio="16:9" />);
    expect(region()).toHaveAttribute('data-aspect-ratio', '1:1');
  });

  it('shows the status and a ticking elapsed time while busy', () => {
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
    // The clock is not part of the live region: it would be read aloud every second.
    expect(screen.getByRole('status')).not.toHaveTextContent('elapsed');
  });

  it('plays the video with a download link once succeeded', () => {
    const job = createJobFixture('succeeded');
    render(<VideoResult status="succeeded" job={job} />);
    const video = screen.getByLabelText('Generated video', { selector: 'video' }) as HTMLVideoElement;
    expect(video).toHaveAttribute('src', job.result?.videoUrl);
    expect(video).toHaveAttribute('controls');
    expect(video).toHaveAttribute('playsinline');
    expect(video).toHaveAttribute('preload', 'metadata');
    expect(screen.getByRole('link', { name: 'Download video' })).toHaveAttribute('href', job.result?.downloadUrl);
    expect(screen.getByRole('status')).toHaveTextContent('Your video is ready.');
    expect(screen.queryByText(/elapsed/)).not.toBeInTheDocument();
  });

  it('shows the error message when failed', () => {
    const error = new SeedanceError('QUOTA_EXCEEDED', 'You have used your 60 seconds of video today.');
    render(<VideoResult status="failed" error={error} />);
    expect(screen.getByRole('status')).toHaveTextContent(
      'The video could not be generated. You have used your 60 seconds of video today.',
    );
    expect(screen.queryByRole('link')).not.toBeInTheDocument();
  });

  it('falls back to the job error when no error is given', () => {
    render(<VideoResult status="failed" job={createJobFixture('failed')} />);
    expect(screen.getByRole('status')).toHaveTextContent('refused by the content filter');
  });

  it('says when the video expired', () => {
    const error = new SeedanceError('EXPIRED', 'Finished videos are kept for one hour.');
    render(<VideoResult status="expired" job={createJobFixture('expired')} error={error} />);
    expect(screen.getByRole('status')).toHaveTextContent(
      'This video has expired. Finished videos are kept for one hour.',
    );
  });
});
