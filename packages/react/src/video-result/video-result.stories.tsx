import { SeedanceError } from '@seedance-kit/core';
import type { Meta, StoryObj } from '@storybook/react-vite';
import { useState } from 'react';
import { expect, userEvent, waitFor, within } from 'storybook/test';
import { createJobFixture } from '../testing/job-fixtures';
import { useSeedanceGeneration } from '../use-seedance-generation';
import { VideoResult } from './video-result';

const meta = {
  title: 'Components/VideoResult',
  component: VideoResult,
  args: { status: 'idle' },
  decorators: [
    (Story) => (
      <div style={{ maxWidth: 640 }}>
        <Story />
      </div>
    ),
  ],
} satisfies Meta<typeof VideoResult>;

export default meta;
type Story = StoryObj<typeof meta>;

const failedError = new SeedanceError(
  'GENERATION_FAILED',
  'The prompt was refused by the content filter. Rephrase it and try again.',
);
const expiredError = new SeedanceError(
  'EXPIRED',
  'This generation expired: finished videos are kept for one hour. Generate it again.',
);

/** Before anything was asked: a placeholder in the chosen shape. */
export const Idle: Story = {
  args: { status: 'idle', aspectRatio: '16:9' },
  play: async ({ canvas }) => {
    await expect(canvas.getByRole('status')).toHaveTextContent('Your video will appear here.');
  },
};

/** The request is on its way to the signer. */
export const Submitting: Story = { args: { status: 'submitting' } };

/** The job waits for a worker. */
export const Queued: Story = { args: { status: 'queued', job: createJobFixture('queued') } };

/** The video is being generated. */
export const Running: Story = { args: { status: 'running', job: createJobFixture('running') } };

/** The video plays from the signer, with a download link. */
export const Succeeded: Story = {
  args: { status: 'succeeded', job: createJobFixture('succeeded') },
  play: async ({ canvas, canvasElement }) => {
    await expect(canvas.getByRole('link', { name: 'Download video' })).toHaveAttribute(
      'href',
      '/media/seedance-16x9.mp4?download=1',
    );
    const video = canvasElement.querySelector('video');
    await expect(video).not.toBeNull();
    // A real H.264 clip must decode in Chromium: metadata with real dimensions, not just an element.
    await waitFor(() => expect(video!.videoWidth).toBeGreaterThan(0), { timeout: 10_000 });
  },
};

/** The job failed: the message says what to do. */
export const Failed: Story = {
  args: { status: 'failed', job: createJobFixture('failed'), error: failedError },
  play: async ({ canvas }) => {
    await expect(canvas.getByRole('status')).toHaveTextContent('The prompt was refused by the content filter.');
  },
};

/** The job outlived the upstream's one-hour retention. */
export const Expired: Story = { args: { status: 'expired', job: createJobFixture('expired'), error: expiredError } };

/** A portrait job keeps its 9:16 shape without growing past the max height. */
export const Portrait: Story = {
  args: {
    status: 'running',
    job: createJobFixture('running', {
      input: { aspectRatio: '9:16', duration: 5, resolution: '720p', generateAudio: false },
    }),
  },
};

/** Every state side by side. */
export const States: Story = {
  parameters: { layout: 'fullscreen' },
  decorators: [(Story) => <Story />],
  render: () => (
    <div
      style={{
        display: 'grid',
        gridTemplateColumns: 'repeat(auto-fill, minmax(260px, 1fr))',
        gap: 24,
        padding: 24,
      }}
    >
      <VideoResult status="idle" aria-label="Idle" />
      <VideoResult status="submitting" aria-label="Submitting" />
      <VideoResult status="queued" job={createJobFixture('queued')} aria-label="Queued" />
      <VideoResult status="running" job={createJobFixture('running')} aria-label="Running" />
      <VideoResult status="succeeded" job={createJobFixture('succeeded')} aria-label="Succeeded" />
      <VideoResult status="failed" job={createJobFixture('failed')} error={failedError} aria-label="Failed" />
      <VideoResult status="expired" job={createJobFixture('expired')} error={expiredError} aria-label="Expired" />
      <VideoResult status="canceled" job={createJobFixture('canceled')} aria-label="Canceled" />
    </div>
  ),
  play: async ({ canvas }) => {
    for (const name of ['Idle', 'Submitting', 'Queued', 'Running', 'Succeeded', 'Failed', 'Expired', 'Canceled']) {
      await expect(canvas.getByRole('region', { name })).toHaveAttribute('data-state', name.toLowerCase());
    }
  },
};

/** Without the built-in classes: the host styles it; ARIA and `data-state` stay. */
export const Unstyled: Story = {
  args: { status: 'succeeded', job: createJobFixture('succeeded'), unstyled: true },
  play: async ({ canvasElement }) => {
    const region = within(canvasElement).getByRole('region', { name: 'Generated video' });
    await expect(region).toHaveAttribute('data-state', 'succeeded');
    await expect(canvasElement.querySelector('[class*="sd-"]')).toBeNull();
  },
};

function LiveGeneration() {
  const generation = useSeedanceGeneration();
  const [prompt] = useState('A paper boat drifting down a rainy street, cinematic');
  return (
    <div style={{ display: 'grid', gap: 12 }}>
      <button
        type="button"
        disabled={generation.isPending}
        onClick={() => {
          void generation.generate({ prompt }).catch(() => {});
        }}
      >
        Generate
      </button>
      <VideoResult status={generation.status} job={generation.job} error={generation.error} />
    </div>
  );
}

/** The hook and the component together on the mock transport: press Generate and watch every state go by. */
export const Live: Story = {
  render: () => <LiveGeneration />,
  play: async ({ canvas, canvasElement }) => {
    await userEvent.click(canvas.getByRole('button', { name: 'Generate' }));
    const region = canvas.getByRole('region', { name: 'Generated video' });
    await waitFor(() => expect(region).toHaveAttribute('data-state', 'running'), { timeout: 5_000 });
    await waitFor(() => expect(region).toHaveAttribute('data-state', 'succeeded'), { timeout: 5_000 });
    const video = canvasElement.querySelector('video');
    await waitFor(() => expect(video?.readyState).toBeGreaterThanOrEqual(1), { timeout: 10_000 });
  },
};
