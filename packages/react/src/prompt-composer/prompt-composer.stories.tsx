import type { SignerConfig } from '@seedance-kit/core';
import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, fn, userEvent, waitFor, within } from 'storybook/test';
import { columnDecorator, darkThemeDecorator, storyFont } from '../testing/story-decorators';
import { PromptComposer } from './prompt-composer';
import type { PromptComposerLabels } from './prompt-composer-labels';

// The component inherits the host's font (`--sd-font-family: inherit`); stories stand in for a host with a UI font.

const meta = {
  title: 'Components/PromptComposer',
  component: PromptComposer,
  args: { onSubmit: fn(), onValueChange: fn() },
  decorators: [columnDecorator(560)],
} satisfies Meta<typeof PromptComposer>;

export default meta;
type Story = StoryObj<typeof meta>;

const limitedConfig: SignerConfig = {
  protocolVersion: 1,
  aspectRatios: ['16:9', '9:16', '1:1'],
  durations: [4, 5, 6],
  resolutions: ['480p'],
  generateAudio: false,
  maxReferences: { images: 4, videos: 1, audios: 1 },
  maxUploadBytes: { image: 10_000_000, video: 20_000_000, audio: 5_000_000 },
};

/** Type a prompt and submit it with Ctrl+Enter. */
export const Default: Story = {
  play: async ({ canvas, args }) => {
    const prompt = canvas.getByRole('textbox', { name: 'Prompt' });
    await userEvent.type(prompt, 'A paper boat drifting down a rainy street at dusk, slow dolly shot');
    await expect(canvas.getByText('66 characters')).toBeVisible();
    await userEvent.keyboard('{Control>}{Enter}{/Control}');
    await expect(args.onSubmit).toHaveBeenCalledWith(
      expect.objectContaining({ prompt: 'A paper boat drifting down a rainy street at dusk, slow dolly shot' }),
    );
  },
};

/** A multi-shot timeline: the second shot runs into the first, and adding a third runs past the end. */
export const MultiShot: Story = {
  // The story `pnpm screenshots` shoots for the README.
  tags: ['screenshot'],
  args: {
    defaultValue: {
      prompt:
        'Watercolour, soft evening light. image 1 is the paper boat.\n\nShot 1 [00:00-00:04] - Street: the boat floats past parked bicycles\nShot 2 [00:03-00:08] - Drain: it spins towards a storm drain',
      duration: 10,
    },
    references: { images: 1, videos: 0, audios: 0 },
  },
  play: async ({ canvas, args }) => {
    // The multi-shot editor loads on first use: the first story to show it waits for its chunk.
    await expect(
      await canvas.findByText('Shot 2 starts at 00:03, before Shot 1 ends at 00:04: the shots overlap'),
    ).toBeVisible();
    await userEvent.click(canvas.getByRole('button', { name: 'Add shot' }));
    const third = canvas.getByRole('group', { name: 'Shot 3' });
    await expect(within(third).getByRole('textbox', { name: 'Title' })).toHaveFocus();
    await userEvent.keyboard('Rescue');
    await userEvent.type(within(third).getByRole('textbox', { name: 'Description' }), 'a child lifts it out');
    await expect(args.onValueChange).toHaveBeenLastCalledWith(
      expect.objectContaining({
        prompt: expect.stringContaining('Shot 3 [00:08-00:10] - Rescue: a child lifts it out'),
      }),
    );
  },
};

/** Typing "image " suggests the references there are; a citation of a missing one is flagged under the field. */
export const Citations: Story = {
  args: {
    defaultValue: { prompt: 'image 1 sails past video 2. ' },
    references: { images: 2, videos: 1, audios: 0 },
  },
  play: async ({ canvas }) => {
    const prompt = canvas.getByRole('textbox', { name: 'Prompt' });
    await expect(prompt).toHaveAttribute('aria-invalid', 'true');
    await expect(canvas.getByText(/"video 2" cites a reference that does not exist/)).toBeVisible();
    await userEvent.click(prompt);
    await userEvent.keyboard('{End}Then image ');
    const listbox = await canvas.findByRole('listbox', { name: 'References' });
    await expect(within(listbox).getAllByRole('option')).toHaveLength(2);
    await userEvent.keyboard('{ArrowDown}{Enter}');
    await expect(prompt).toHaveValue('image 1 sails past video 2. Then image 2');
    await expect(canvas.queryByRole('listbox')).toBeNull();
  },
};

/** A fixed seed: its number can be typed or rolled again; a seed past the model's range is flagged on the field. */
export const FixedSeed: Story = {
  args: { defaultValue: { prompt: 'A paper boat drifting down a rainy street', seed: 42 } },
  play: async ({ canvas }) => {
    await expect(canvas.getByRole('switch', { name: 'Random seed' })).not.toBeChecked();
    const seed = canvas.getByRole('spinbutton', { name: 'Seed number' });
    await expect(seed).toHaveValue(42);
    await userEvent.click(canvas.getByRole('button', { name: 'New seed' }));
    await expect(seed).not.toHaveValue(42);
    await userEvent.clear(seed);
    await userEvent.type(seed, '99999999999');
    await waitFor(() => expect(seed).toHaveAttribute('aria-invalid', 'true'));
  },
};

/** Pasting a multi-shot script into the single prompt offers to edit it as shots. */
export const PastedShots: Story = {
  play: async ({ canvas }) => {
    await userEvent.click(canvas.getByRole('textbox', { name: 'Prompt' }));
    await userEvent.paste('Shot 1 [00:00-00:02] - A paper boat sets off\nShot 2 [00:02-00:05] - It drifts past a lamp');
    await expect(await canvas.findByText('The pasted text has 2 shots.')).toBeVisible();
    await userEvent.click(canvas.getByRole('button', { name: 'Edit as shots' }));
    const shots = await canvas.findAllByRole('textbox', { name: 'Description' });
    await expect(shots.map((shot) => (shot as HTMLTextAreaElement).value)).toEqual([
      'A paper boat sets off',
      'It drifts past a lamp',
    ]);
  },
};

/** The server's policy: three shapes, up to 6 seconds, 480p only, no audio; a 10-second value is flagged. */
export const LimitedByConfig: Story = {
  args: { config: limitedConfig, defaultValue: { prompt: 'A paper boat', duration: 10 } },
  play: async ({ canvas }) => {
    const ratios = within(canvas.getByRole('group', { name: 'Aspect ratio' })).getAllByRole('radio');
    await expect(ratios).toHaveLength(3);
    await expect(canvas.getByRole('switch', { name: 'Native audio' })).toBeDisabled();
    const duration = canvas.getByRole('combobox', { name: 'Duration' });
    await expect(duration).toHaveAttribute('aria-invalid', 'true');
    await userEvent.selectOptions(duration, '6');
    await expect(duration).not.toHaveAttribute('aria-invalid');
  },
};

/** Everything disabled. */
export const Disabled: Story = {
  args: { disabled: true, defaultValue: { prompt: 'A paper boat drifting down a rainy street' } },
  play: async ({ canvas }) => {
    await expect(canvas.getByRole('textbox', { name: 'Prompt' })).toBeDisabled();
  },
};

/** A generation is under way: the fields stay editable, the button waits. */
export const Busy: Story = {
  args: { busy: true, defaultValue: { prompt: 'A paper boat drifting down a rainy street' } },
  play: async ({ canvas, args }) => {
    await expect(canvas.getByRole('button', { name: 'Generating…' })).toBeDisabled();
    await userEvent.click(canvas.getByRole('textbox', { name: 'Prompt' }));
    await userEvent.keyboard('{Control>}{Enter}{/Control}');
    await expect(args.onSubmit).not.toHaveBeenCalled();
  },
};

/** Idle, invalid, busy and disabled side by side. */
export const States: Story = {
  parameters: { layout: 'fullscreen' },
  decorators: [(Story) => <Story />],
  render: () => (
    <div
      style={{
        display: 'grid',
        gridTemplateColumns: 'repeat(auto-fill, minmax(420px, 1fr))',
        gap: 32,
        padding: 24,
        fontFamily: storyFont,
      }}
    >
      <PromptComposer aria-label="Idle" defaultValue={{ prompt: 'A paper boat on a rainy street' }} />
      <PromptComposer
        aria-label="Invalid"
        defaultValue={{ prompt: 'image 3 floats by' }}
        references={{ images: 1, videos: 0, audios: 0 }}
      />
      <PromptComposer aria-label="Busy" busy defaultValue={{ prompt: 'A paper boat on a rainy street' }} />
      <PromptComposer aria-label="Disabled" disabled defaultValue={{ prompt: 'A paper boat on a rainy street' }} />
    </div>
  ),
  play: async ({ canvas }) => {
    await expect(canvas.getByRole('form', { name: 'Idle' })).toHaveAttribute('data-state', 'idle');
    await expect(canvas.getByRole('form', { name: 'Invalid' })).toHaveAttribute('data-state', 'invalid');
    await expect(canvas.getByRole('form', { name: 'Busy' })).toHaveAttribute('data-state', 'busy');
    await expect(canvas.getByRole('form', { name: 'Disabled' })).toHaveAttribute('data-disabled');
  },
};

/** Without the built-in classes: the host styles it; ARIA and `data-state` stay. */
export const Unstyled: Story = {
  args: { unstyled: true, defaultValue: { prompt: 'A paper boat' } },
  play: async ({ canvasElement }) => {
    const form = within(canvasElement).getByRole('form', { name: 'Compose a video' });
    await expect(form).toHaveAttribute('data-state', 'idle');
    await expect(canvasElement.querySelector('[class*="sd-"]')).toBeNull();
  },
};

/** The dark theme, through `data-theme="dark"` on a wrapper. */
export const Dark: Story = {
  args: {
    defaultValue: {
      prompt: 'Watercolour city at night.\n\nShot 1 [00:00-00:03] - Street: the boat\nShot 2 [00:03-00:05] - the drain',
      duration: 5,
    },
  },
  parameters: { layout: 'fullscreen' },
  decorators: [darkThemeDecorator({ maxWidth: 560 })],
  play: async ({ canvas }) => {
    await expect(await canvas.findByRole('group', { name: 'Shot 2' })).toBeVisible();
  },
};

const french: Partial<PromptComposerLabels> = {
  form: 'Composer une vidéo',
  prompt: 'Consigne',
  promptHint: 'Décrivez la scène, le mouvement et la caméra. Citez les références : « image 1 », « video 1 ».',
  promptPlaceholder: 'Un bateau en papier descend une rue pluvieuse au crépuscule',
  characterCount: (count) => `${count} caractère${count > 1 ? 's' : ''}`,
  multiShot: 'Plans multiples',
  preamble: 'Toute la vidéo',
  preamblePlaceholder: 'Style, personnages et décor communs à tous les plans',
  shot: (index) => `Plan ${index}`,
  shotStart: 'Début',
  shotEnd: 'Fin',
  shotTitle: 'Titre',
  moveShotUp: (index) => `Avancer le plan ${index}`,
  moveShotDown: (index) => `Reculer le plan ${index}`,
  removeShot: (index) => `Supprimer le plan ${index}`,
  addShot: 'Ajouter un plan',
  suggestions: 'Références',
  aspectRatio: 'Format',
  aspectRatioOption: (ratio) => (ratio === 'adaptive' ? 'Adaptatif' : ratio),
  duration: 'Durée',
  durationOption: (seconds) => (seconds === -1 ? 'Auto (le modèle décide)' : `${seconds} secondes`),
  resolution: 'Définition',
  generateAudio: 'Audio natif',
  generateAudioHint: 'Dialogues, bruitages et musique générés avec la vidéo.',
  seed: 'Graine',
  randomSeed: 'Graine aléatoire',
  seedNumber: 'Numéro de graine',
  reroll: 'Nouvelle graine',
  returnLastFrame: 'Renvoyer la dernière image',
  returnLastFrameHint: 'Pour enchaîner le plan suivant.',
  estimateLabel: 'Estimation',
  submit: 'Générer',
  submitting: 'Génération…',
};

/** A second locale through `labels`. */
export const Localized: Story = {
  args: { labels: french },
  play: async ({ canvas, args }) => {
    await userEvent.type(canvas.getByRole('textbox', { name: 'Consigne' }), 'Un bateau en papier');
    await userEvent.click(canvas.getByRole('switch', { name: 'Plans multiples' }));
    await waitFor(() => expect(canvas.getByRole('group', { name: 'Plan 1' })).toBeVisible());
    await userEvent.click(canvas.getByRole('button', { name: 'Générer' }));
    await expect(args.onSubmit).toHaveBeenCalledWith(
      expect.objectContaining({ prompt: 'Un bateau en papier\n\nShot 1 [00:00-00:05] -' }),
    );
  },
};

/** A timeline that runs past the chosen duration and leaves a gap: the bar shows both, and the summary says so. */
export const TimelineOverrun: Story = {
  args: {
    defaultValue: {
      prompt: 'Shot 1 [00:00-00:03] - the street\nShot 2 [00:05-00:12] - the drain',
      duration: 10,
    },
  },
  play: async ({ canvas }) => {
    const timeline = await canvas.findByRole('img', { name: /^Timeline of 10 s/ });
    await expect(timeline).toHaveAccessibleName('Timeline of 10 s: shot 1 0–3 s, shot 2 5–12 s; 1 gap.');
    await userEvent.click(canvas.getByText('Prompt the model reads'));
    await expect(canvas.getByText(/Shot 2 \[00:05-00:12\] - the drain/)).toBeVisible();
  },
};
