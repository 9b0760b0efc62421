import { mockError } from '@seedance-kit/core/testing';
import type { Meta, StoryObj } from '@storybook/react-vite';
import { useState } from 'react';
import { expect, userEvent, waitFor, within } from 'storybook/test';
import { columnDecorator, darkThemeDecorator } from '../testing/story-decorators';
import type { SeedanceStoryParameters } from '../testing/story-providers';
import { SeedanceStudio, type SeedanceStudioLabels } from './seedance-studio';

// The component inherits the host's font (`--sd-font-family: inherit`); stories stand in for a host with a UI font.

const meta = {
  title: 'Components/SeedanceStudio',
  component: SeedanceStudio,
  parameters: {
    layout: 'fullscreen',
    seedance: {
      transport: {
        queuedMs: 300,
        runningMs: 600,
        pollAfterMs: 150,
        uploadMs: 400,
        lastFrameUrl: '/media/seedance-16x9-last-frame.jpg',
      },
    } satisfies SeedanceStoryParameters,
  },
  decorators: [columnDecorator(1200, 24)],
} satisfies Meta<typeof SeedanceStudio>;

export default meta;
type Story = StoryObj<typeof meta>;

async function mediaFile(path: string, name: string, type: string): Promise<File> {
  const response = await fetch(path);
  return new File([await response.blob()], name, { type });
}

/**
 * The whole flow: add a reference image, type a prompt citing it, Generate, watch the video play, then continue
 * from its last frame (the picker switches to frames mode) and find the video in the history strip.
 */
export const Default: Story = {
  play: async ({ canvas, canvasElement }) => {
    const input = canvasElement.querySelector<HTMLInputElement>('input[type="file"]')!;
    await userEvent.upload(input, await mediaFile('/media/seedance-1x1-last-frame.jpg', 'boat.jpg', 'image/jpeg'));
    const picker = canvas.getByRole('group', { name: 'References' });
    await waitFor(() => expect(picker).toHaveAttribute('data-state', 'ready'), { timeout: 5000 });
    await userEvent.type(canvas.getByRole('textbox', { name: 'Prompt' }), 'image 1 drifts down a rainy street');
    await userEvent.click(canvas.getByRole('button', { name: 'Generate' }));
    const result = canvas.getByRole('region', { name: 'Generated video' });
    await waitFor(() => expect(result).toHaveAttribute('data-state', 'succeeded'), { timeout: 8000 });
    const video = result.querySelector('video');
    await waitFor(() => expect(video?.readyState).toBeGreaterThanOrEqual(2), { timeout: 10_000 });

    await userEvent.click(canvas.getByRole('button', { name: 'Continue from last frame' }));
    await expect(canvas.getByRole('radio', { name: 'First and last frame' })).toBeChecked();
    await expect(within(picker).getByText('seedance-16x9-last-frame.jpg')).toBeVisible();
    const history = canvas.getByRole('list', { name: 'Earlier videos' });
    await expect(within(history).getAllByRole('button')).toHaveLength(1);
  },
};

/** A finished video, continued from its last frame: the picker holds it as the next first frame. */
export const Finished: Story = {
  tags: ['screenshot'],
  args: {
    defaultInput: {
      prompt: 'A paper boat drifting down a rainy city street at dusk, slow dolly shot',
      return_last_frame: true,
    },
  },
  parameters: {
    seedance: {
      transport: { queuedMs: 60, runningMs: 60, pollAfterMs: 40, lastFrameUrl: '/media/seedance-16x9-last-frame.jpg' },
    },
  },
  play: async ({ canvas }) => {
    await userEvent.click(canvas.getByRole('button', { name: 'Generate' }));
    await userEvent.click(await canvas.findByRole('button', { name: 'Continue from last frame' }, { timeout: 5000 }));
    await expect(canvas.getByRole('radio', { name: 'First and last frame' })).toBeChecked();
    // Back to the top: the story reads as a page just finished, not mid-scroll.
    window.scrollTo(0, 0);
  },
};

/** Generate while a reference is still uploading: the studio says what to wait for instead of sending. */
export const UploadsNotReady: Story = {
  parameters: { seedance: { transport: { queuedMs: 60, runningMs: 60, pollAfterMs: 40, uploadMs: 60_000 } } },
  args: { defaultInput: { prompt: 'image 1 drifts down a rainy street', return_last_frame: true } },
  play: async ({ canvas, canvasElement }) => {
    const input = canvasElement.querySelector<HTMLInputElement>('input[type="file"]')!;
    await userEvent.upload(input, await mediaFile('/media/seedance-1x1-last-frame.jpg', 'boat.jpg', 'image/jpeg'));
    await userEvent.click(canvas.getByRole('button', { name: 'Generate' }));
    await expect(await canvas.findByRole('alert')).toHaveTextContent('Some references are not uploaded yet');
    await expect(canvas.getByRole('region', { name: 'Generated video' })).toHaveAttribute('data-state', 'idle');
  },
};

/** Two videos made; the first one is opened again from the history strip, then left for the current one. */
export const EarlierVideo: Story = {
  args: { defaultInput: { prompt: 'A paper boat drifting down a rainy street', return_last_frame: true } },
  parameters: { seedance: { transport: { queuedMs: 40, runningMs: 40, pollAfterMs: 30 } } },
  play: async ({ canvas }) => {
    const result = canvas.getByRole('region', { name: 'Generated video' });
    for (let round = 0; round < 2; round += 1) {
      await userEvent.click(canvas.getByRole('button', { name: 'Generate' }));
      await waitFor(() => expect(result).toHaveAttribute('data-state', 'succeeded'), { timeout: 5000 });
    }
    const history = canvas.getByRole('list', { name: 'Earlier videos' });
    await waitFor(() => expect(within(history).getAllByRole('button')).toHaveLength(2));
    const [, first] = within(history).getAllByRole('button');
    await userEvent.click(first!);
    await expect(first).toHaveAttribute('aria-pressed', 'true');
    await userEvent.click(canvas.getByRole('button', { name: 'Back to the current video' }));
    await expect(canvas.queryByRole('button', { name: 'Back to the current video' })).toBeNull();
  },
};

/** Without the built-in classes, here and in every part; ARIA and `data-*` stay. */
export const Unstyled: Story = {
  args: { unstyled: true },
  play: async ({ canvasElement }) => {
    const studio = within(canvasElement).getByRole('region', { name: 'Video studio' });
    await expect(studio).toHaveAttribute('data-state', 'idle');
    await expect(canvasElement.querySelector('[class*="sd-"]')).toBeNull();
  },
};

/** The dark theme, through `data-theme="dark"` on a wrapper. */
export const Dark: Story = {
  decorators: [darkThemeDecorator({ padding: 0 })],
  play: async ({ canvas }) => {
    await expect(canvas.getByRole('region', { name: 'Video studio' })).toBeVisible();
  },
};

const french: SeedanceStudioLabels = {
  region: 'Studio vidéo',
  history: 'Vidéos précédentes',
  backToCurrent: 'Revenir à la vidéo en cours',
  uploadsNotReady:
    'Des références sont encore en cours d’envoi : attendez-les, ou renvoyez ou retirez celles en échec.',
  promptComposer: { form: 'Composer une vidéo', prompt: 'Consigne', submit: 'Générer', submitting: 'Génération…' },
  referencePicker: {
    group: 'Références',
    browse: 'Parcourir',
    modeReferences: 'Fichiers de référence',
    modeFrames: 'Première et dernière image',
  },
  videoResult: { region: 'Vidéo générée', idle: 'Votre vidéo apparaîtra ici.' },
};

/** A second locale: the studio's strings and its parts', each under its part. */
export const Localized: Story = {
  args: { labels: french },
  play: async ({ canvas }) => {
    await expect(canvas.getByRole('region', { name: 'Studio vidéo' })).toBeVisible();
    await expect(canvas.getByRole('group', { name: 'Références' })).toBeVisible();
    await expect(canvas.getByRole('region', { name: 'Vidéo générée' })).toHaveTextContent(
      'Votre vidéo apparaîtra ici.',
    );
    await userEvent.type(canvas.getByRole('textbox', { name: 'Consigne' }), 'Un bateau en papier');
    await userEvent.click(canvas.getByRole('button', { name: 'Générer' }));
    await waitFor(
      () => expect(canvas.getByRole('region', { name: 'Vidéo générée' })).toHaveAttribute('data-state', 'succeeded'),
      { timeout: 8000 },
    );
  },
};

// One story per state of the studio, for the README's screenshots (`pnpm screenshots` shoots every story tagged
// `studio-state` at 1280 and 390 px, light and dark) and as tests of what each state shows.

const boatPrompt = 'A paper boat drifting down a rainy city street at dusk, slow dolly shot, neon reflections';
const stateInput = { prompt: boatPrompt, return_last_frame: true };
const studioOf = (canvasElement: HTMLElement) => within(canvasElement).getByRole('region', { name: 'Video studio' });
/** Presses Generate and waits for the studio to reach `state`. */
async function generateUntil(canvasElement: HTMLElement, state: string) {
  await userEvent.click(within(canvasElement).getByRole('button', { name: 'Generate' }));
  await waitFor(() => expect(studioOf(canvasElement)).toHaveAttribute('data-state', state), { timeout: 5000 });
}
// Back to the top: the state reads as a page seen, not mid-scroll. `data-story-settled` tells `pnpm screenshots` the
// state is reached (it releases the focus itself before the shot).
const settle = () => {
  window.scrollTo(0, 0);
  document.documentElement.dataset.storySettled = '';
};

/** Idle: a prompt typed, nothing sent yet. The prompt is the first thing on the page and the first focus stop. */
export const StateIdle: Story = {
  tags: ['studio-state'],
  args: { defaultInput: stateInput },
  play: async ({ canvas, canvasElement }) => {
    await userEvent.tab();
    await expect(canvas.getByRole('textbox', { name: 'Prompt' })).toHaveFocus();
    await expect(studioOf(canvasElement)).toHaveAttribute('data-state', 'idle');
    settle();
  },
};

/** Running: the job is being made; the stage shows its progress and Cancel. */
export const StateRunning: Story = {
  tags: ['studio-state'],
  args: { defaultInput: stateInput },
  parameters: { seedance: { transport: { queuedMs: 40, runningMs: 600_000, pollAfterMs: 40 } } },
  play: async ({ canvasElement }) => {
    await generateUntil(canvasElement, 'running');
    settle();
  },
};

/** Retrying: the service answers "busy" (429) to the submit; the kit waits and tries again. */
export const StateRetrying: Story = {
  tags: ['studio-state'],
  args: { defaultInput: stateInput },
  parameters: {
    seedance: {
      transport: {
        submitError: mockError('RATE_LIMITED', {
          message: 'The video service is busy.',
          retryAfterMs: 50_000,
        }),
      },
    },
  },
  play: async ({ canvas, canvasElement }) => {
    await userEvent.click(canvas.getByRole('button', { name: 'Generate' }));
    await waitFor(() => expect(studioOf(canvasElement)).not.toHaveAttribute('data-state', 'idle'));
    settle();
  },
};

/** Succeeded: the video plays on the stage, with its actions and the earlier videos beneath. */
export const StateSucceeded: Story = {
  tags: ['studio-state'],
  args: { defaultInput: stateInput },
  parameters: {
    seedance: {
      transport: { queuedMs: 40, runningMs: 40, pollAfterMs: 30, lastFrameUrl: '/media/seedance-16x9-last-frame.jpg' },
    },
  },
  play: async ({ canvasElement }) => {
    await generateUntil(canvasElement, 'succeeded');
    settle();
  },
};

/** Failed: the service could not make the video; the stage says why and what to do. */
export const StateFailed: Story = {
  tags: ['studio-state'],
  args: { defaultInput: stateInput },
  parameters: { seedance: { transport: { scenario: 'failure', queuedMs: 40, runningMs: 40, pollAfterMs: 30 } } },
  play: async ({ canvasElement }) => {
    await generateUntil(canvasElement, 'failed');
    settle();
  },
};

/** Canceled: stopped from the stage while running. */
export const StateCanceled: Story = {
  tags: ['studio-state'],
  args: { defaultInput: stateInput },
  parameters: { seedance: { transport: { queuedMs: 40, runningMs: 600_000, pollAfterMs: 40 } } },
  play: async ({ canvas, canvasElement }) => {
    await generateUntil(canvasElement, 'running');
    await userEvent.click(canvas.getByRole('button', { name: 'Cancel' }));
    await waitFor(() => expect(studioOf(canvasElement)).toHaveAttribute('data-state', 'canceled'), { timeout: 5000 });
    settle();
  },
};

/**
 * A reload mid-run, as the studio sees it (remounted on the same session storage): the job resumes, its prompt and
 * settings come back into the form, and the stage says what is still being generated.
 */
export const Resumed: Story = {
  args: { persist: 'session', persistKey: 'resumed-story', defaultInput: stateInput },
  parameters: { seedance: { transport: { queuedMs: 40, runningMs: 600_000, pollAfterMs: 40 } } },
  render: function Render(args) {
    const [mount, setMount] = useState(() => {
      sessionStorage.removeItem('seedance-kit:resumed-story:active');
      return 0;
    });
    return (
      <>
        <SeedanceStudio key={mount} {...args} defaultInput={mount === 0 ? args.defaultInput : undefined} />
        <button type="button" style={{ marginTop: 16 }} onClick={() => setMount((count) => count + 1)}>
          Reload the studio
        </button>
      </>
    );
  },
  play: async ({ canvas, canvasElement }) => {
    await generateUntil(canvasElement, 'running');
    await userEvent.click(canvas.getByRole('button', { name: 'Reload the studio' }));
    await waitFor(() => expect(canvas.getByRole('textbox', { name: 'Prompt' })).toHaveValue(boatPrompt));
    await expect(await canvas.findByText(/^Still generating “A paper boat drifting/)).toBeVisible();
    await expect(studioOf(canvasElement)).toHaveAttribute('data-state', 'running');
  },
};
