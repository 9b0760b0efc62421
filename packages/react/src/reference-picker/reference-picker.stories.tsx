import type { SignerConfig } from '@seedance-kit/core';
import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, fn, userEvent, waitFor, within } from 'storybook/test';
import { columnDecorator, darkThemeDecorator, storyFont } from '../testing/story-decorators';
import type { SeedanceStoryParameters } from '../testing/story-providers';
import { ReferencePicker } from './reference-picker';
import type { ReferencePickerLabels } from './reference-picker-labels';
import { emptyReferenceSelection, type ReferenceItem, type ReferenceSelection } from './reference-selection';

// The component inherits the host's font (`--sd-font-family: inherit`); stories stand in for a host with a UI font.

const meta = {
  title: 'Components/ReferencePicker',
  component: ReferencePicker,
  args: { onValueChange: fn() },
  parameters: { seedance: { transport: { uploadMs: 1200, uploadSteps: 6 } } satisfies SeedanceStoryParameters },
  decorators: [columnDecorator(640)],
} satisfies Meta<typeof ReferencePicker>;

export default meta;
type Story = StoryObj<typeof meta>;

const FRAME = '/media/seedance-16x9-last-frame.jpg';
const CLIP = '/media/seedance-16x9.mp4';

/** A real file from the emulator's media, as the file chooser would give it. */
async function mediaFile(path: string, name: string, type: string): Promise<File> {
  const response = await fetch(path);
  return new File([await response.blob()], name, { type });
}

/** Starts dragging one file over `target`, as the browser reports it (a native event: Testing Library's copies drop the files). */
function dragFileOver(target: Element): void {
  const dataTransfer = new DataTransfer();
  dataTransfer.items.add(new File(['x'], 'boat.png', { type: 'image/png' }));
  target.dispatchEvent(new DragEvent('dragenter', { bubbles: true, cancelable: true, dataTransfer }));
}

function urlItem(path: string, kind: ReferenceItem['kind'], name: string): ReferenceItem {
  return { id: `${kind}-${name}`, kind, name, url: new URL(path, location.href).href, source: 'url' };
}

const frameImages = ['16x9', '1x1', '21x9', '3x4', '4x3', '9x16'].map((shape) =>
  urlItem(`/media/seedance-${shape}-last-frame.jpg`, 'image', `${shape}.jpg`),
);
const fullSelection: ReferenceSelection = {
  ...emptyReferenceSelection,
  images: [...frameImages, ...frameImages.slice(0, 3).map((item) => ({ ...item, id: `${item.id}-copy` }))],
  videos: ['16x9', '1x1', '9x16'].map((shape) => urlItem(`/media/seedance-${shape}.mp4`, 'video', `${shape}.mp4`)),
};
const framesSelection: ReferenceSelection = {
  ...emptyReferenceSelection,
  mode: 'frames',
  firstFrame: urlItem(FRAME, 'image', 'opening.jpg'),
  images: frameImages.slice(0, 2),
};
const smallConfig: SignerConfig = {
  protocolVersion: 1,
  aspectRatios: ['16:9'],
  durations: [5],
  resolutions: ['720p'],
  generateAudio: true,
  maxReferences: { images: 4, videos: 1, audios: 1 },
  maxUploadBytes: { image: 10_000, video: 5_000_000, audio: 1_000_000 },
};

/**
 * Add an image and a video through the file chooser, reorder the images, remove one, and switch to frames mode and
 * back: the references are kept.
 */
export const Default: Story = {
  play: async ({ canvas, canvasElement, args }) => {
    const input = canvasElement.querySelector<HTMLInputElement>('input[type="file"]')!;
    const image = await mediaFile(FRAME, 'boat.jpg', 'image/jpeg');
    const street = await mediaFile('/media/seedance-1x1-last-frame.jpg', 'street.jpg', 'image/jpeg');
    const clip = await mediaFile(CLIP, 'waves.mp4', 'video/mp4');
    await userEvent.upload(input, [image, street, clip]);
    await expect(await canvas.findByRole('progressbar', { name: 'Uploading boat.jpg' })).toBeVisible();
    const root = canvas.getByRole('group', { name: 'References' });
    await waitFor(() => expect(root).toHaveAttribute('data-state', 'ready'), { timeout: 5000 });
    await expect(canvas.getByText('5.0 s')).toBeVisible();

    await userEvent.click(canvas.getByRole('button', { name: 'Move image 2 earlier' }));
    const images = canvas.getByRole('list', { name: 'Images' });
    await expect(within(images).getByText('street.jpg').closest('li')).toHaveTextContent('image 1');
    await userEvent.click(canvas.getByRole('button', { name: 'Remove image 2' }));
    await expect(within(images).queryByText('boat.jpg')).toBeNull();

    await userEvent.click(canvas.getByRole('radio', { name: 'First and last frame' }));
    await expect(canvas.getByText(/2 reference files are kept but not sent/)).toBeVisible();
    await userEvent.click(canvas.getByRole('radio', { name: 'Reference files' }));
    await expect(canvas.getByText('street.jpg')).toBeVisible();
    await expect(args.onValueChange).toHaveBeenLastCalledWith(expect.objectContaining({ mode: 'references' }));
  },
};

/** Picked references with their citations, a video's length, and a finished video's last frame on offer. */
export const Picked: Story = {
  tags: ['screenshot'],
  args: {
    lastFrameUrl: FRAME,
    defaultValue: {
      ...emptyReferenceSelection,
      images: frameImages.slice(0, 3),
      videos: [{ ...urlItem(CLIP, 'video', 'waves.mp4'), durationSeconds: 5 }],
    },
  },
  play: async ({ canvas }) => {
    await expect(canvas.getByText('video 1')).toBeVisible();
  },
};

/** Nothing picked yet. */
export const Empty: Story = {
  play: async ({ canvas }) => {
    await expect(canvas.getByRole('group', { name: 'References' })).toHaveAttribute('data-state', 'empty');
  },
};

/** Files dragged over the drop zone. */
export const Dragging: Story = {
  play: async ({ canvas }) => {
    const zone = canvas.getByText(/Drop images, videos or MP3s here/).parentElement!;
    dragFileOver(zone);
    await waitFor(() => expect(canvas.getByRole('group', { name: 'References' })).toHaveAttribute('data-dragging'));
  },
};

/** A slow upload: the progress bar fills, and Cancel stops it. */
export const Uploading: Story = {
  parameters: { seedance: { transport: { uploadMs: 60_000, uploadSteps: 60 } } },
  play: async ({ canvas, canvasElement }) => {
    const input = canvasElement.querySelector<HTMLInputElement>('input[type="file"]')!;
    await userEvent.upload(input, await mediaFile(FRAME, 'boat.jpg', 'image/jpeg'));
    const progress = await canvas.findByRole('progressbar', { name: 'Uploading boat.jpg' });
    await waitFor(() => expect(Number(progress.getAttribute('aria-valuenow'))).toBeGreaterThan(0), { timeout: 4000 });
    await expect(canvas.getByRole('button', { name: 'Cancel upload of boat.jpg' })).toBeVisible();
  },
};

/** Limits from the server's `/config`, checked before upload: the message names the file and the rule. */
export const LimitError: Story = {
  parameters: { seedance: { transport: { config: smallConfig, uploadMs: 300 } } },
  play: async ({ canvas, canvasElement }) => {
    await waitFor(() => expect(canvas.getByText('0 of 4 images')).toBeVisible());
    const input = canvasElement.querySelector<HTMLInputElement>('input[type="file"]')!;
    await userEvent.upload(input, await mediaFile(FRAME, 'boat.jpg', 'image/jpeg'));
    await expect(await canvas.findByRole('alert')).toHaveTextContent(
      /"boat.jpg" is .* MB; this server takes reference images up to .* MB\./,
    );
    await expect(canvas.getByRole('group', { name: 'References' })).toHaveAttribute('data-state', 'empty');
  },
};

/** A failed upload, with the server's message and Retry. */
export const UploadFailed: Story = {
  parameters: { seedance: { transport: { scenario: 'upload-failure', uploadMs: 200 } } },
  play: async ({ canvas, canvasElement }) => {
    const input = canvasElement.querySelector<HTMLInputElement>('input[type="file"]')!;
    await userEvent.upload(input, await mediaFile(FRAME, 'boat.jpg', 'image/jpeg'));
    await expect(await canvas.findByRole('button', { name: 'Retry upload of boat.jpg' })).toBeVisible();
    await expect(canvas.getByRole('group', { name: 'References' })).toHaveAttribute('data-state', 'invalid');
  },
};

/** Twelve references, the most a generation takes: adding another says why not. */
export const Full: Story = {
  args: { defaultValue: fullSelection },
  play: async ({ canvas }) => {
    await expect(canvas.getByRole('group', { name: 'References' })).toHaveAttribute('data-full');
    await userEvent.type(
      canvas.getByRole('textbox', { name: 'Or add a URL' }),
      'https://example.com/one-more.png{Enter}',
    );
    await expect(canvas.getByRole('alert')).toHaveTextContent(
      'A generation takes at most 9 reference images; remove one to add "one-more.png".',
    );
  },
};

/** Frames mode: a first frame and an empty, optional last frame; the reference images are kept aside. */
export const FramesMode: Story = {
  args: { defaultValue: framesSelection },
  play: async ({ canvas }) => {
    await expect(canvas.getByRole('radio', { name: 'First and last frame' })).toBeChecked();
    await expect(canvas.getByText(/2 reference files are kept/)).toBeVisible();
  },
};

/** A finished video's last frame on offer: one click makes it the first frame of the next clip. */
export const WithLastFrameOffer: Story = {
  args: { lastFrameUrl: FRAME, defaultValue: { ...emptyReferenceSelection, images: frameImages.slice(0, 1) } },
  play: async ({ canvas, args }) => {
    await userEvent.click(canvas.getByRole('button', { name: 'Use last frame' }));
    await expect(canvas.getByRole('radio', { name: 'First and last frame' })).toBeChecked();
    await expect(args.onValueChange).toHaveBeenLastCalledWith(
      expect.objectContaining({
        mode: 'frames',
        firstFrame: expect.objectContaining({ url: new URL(FRAME, location.href).href }),
      }),
    );
  },
};

/** Every state side by side: empty, dragging, uploading, error, full, frames. */
export const States: Story = {
  parameters: { layout: 'fullscreen', seedance: { transport: { uploadMs: 60_000, uploadSteps: 60 } } },
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
      <ReferencePicker aria-label="Empty" />
      <ReferencePicker aria-label="Dragging" />
      <ReferencePicker aria-label="Uploading" />
      <ReferencePicker aria-label="Error" />
      <ReferencePicker aria-label="Full" defaultValue={fullSelection} />
      <ReferencePicker aria-label="Frames" defaultValue={framesSelection} lastFrameUrl={FRAME} />
    </div>
  ),
  play: async ({ canvas }) => {
    const picker = (name: string) => canvas.getByRole('group', { name });
    const inputOf = (name: string) => picker(name).querySelector<HTMLInputElement>('input[type="file"]')!;
    dragFileOver(within(picker('Dragging')).getByText(/Drop images/).parentElement!);
    await userEvent.upload(inputOf('Uploading'), await mediaFile(FRAME, 'boat.jpg', 'image/jpeg'));
    await userEvent.upload(inputOf('Error'), await mediaFile(CLIP, 'notes.txt', 'text/plain'), { applyAccept: false });
    await expect(picker('Empty')).toHaveAttribute('data-state', 'empty');
    await waitFor(() => expect(picker('Dragging')).toHaveAttribute('data-dragging'));
    await waitFor(() => expect(picker('Uploading')).toHaveAttribute('data-state', 'uploading'));
    await expect(within(picker('Error')).getByRole('alert')).toHaveTextContent('"notes.txt" is of type text/plain');
    await expect(picker('Full')).toHaveAttribute('data-full');
    await expect(picker('Frames')).toHaveAttribute('data-mode', 'frames');
  },
};

/** Without the built-in classes: the host styles it; ARIA and `data-state` stay. */
export const Unstyled: Story = {
  args: { unstyled: true, defaultValue: framesSelection },
  play: async ({ canvasElement }) => {
    const root = within(canvasElement).getByRole('group', { name: 'References' });
    await expect(root).toHaveAttribute('data-state', 'ready');
    await expect(canvasElement.querySelector('[class*="sd-"]')).toBeNull();
  },
};

/** The dark theme, through `data-theme="dark"` on a wrapper. */
export const Dark: Story = {
  args: {
    lastFrameUrl: FRAME,
    defaultValue: {
      ...emptyReferenceSelection,
      images: frameImages.slice(0, 3),
      videos: [{ ...urlItem(CLIP, 'video', 'waves.mp4'), durationSeconds: 5 }],
    },
  },
  parameters: { layout: 'fullscreen' },
  decorators: [darkThemeDecorator({ maxWidth: 640 })],
  play: async ({ canvas }) => {
    await expect(canvas.getByText('image 3')).toBeVisible();
  },
};

const french: Partial<ReferencePickerLabels> = {
  group: 'Références',
  mode: 'Guider la vidéo avec',
  modeReferences: 'Fichiers de référence',
  modeFrames: 'Première et dernière image',
  referencesHint: 'Images, vidéos et MP3 que la consigne cite « image 1 », « video 1 » ou « audio 1 », dans cet ordre.',
  framesHint: 'La vidéo commence sur la première image et, si vous en ajoutez une, finit sur la dernière.',
  keptFiles: (count, mode) =>
    mode === 'frames'
      ? `${count} fichier(s) de référence gardé(s), non envoyé(s) avec une première image.`
      : 'Les images de début et de fin sont gardées, non envoyées avec des références.',
  dropReferences: 'Déposez des images, vidéos ou MP3 ici, ou collez une image.',
  dropFrames: 'Déposez une image ici, ou collez-la.',
  browse: 'Parcourir',
  url: 'Ou ajoutez une URL',
  addUrl: 'Ajouter',
  invalidUrl: 'Saisissez une URL http(s) absolue, par exemple https://example.com/bateau.jpg.',
  dismiss: 'Fermer',
  summary: 'Références choisies',
  count: (kind, count, max) =>
    `${count} sur ${max} ${kind === 'image' ? 'images' : kind === 'video' ? 'vidéos' : 'MP3'}`,
  list: (kind) => (kind === 'image' ? 'Images' : kind === 'video' ? 'Vidéos' : 'Audio'),
  firstFrame: 'Première image',
  lastFrame: 'Dernière image',
  optional: 'facultative',
  emptyFrame: 'Pas encore d’image',
  uploading: (name) => `Envoi de ${name}`,
  moveEarlier: (citation) => `Avancer ${citation}`,
  moveLater: (citation) => `Reculer ${citation}`,
  remove: (what) => `Retirer ${what}`,
  cancel: (name) => `Annuler l’envoi de ${name}`,
  retry: (name) => `Renvoyer ${name}`,
  useLastFrame: 'Utiliser la dernière image',
  useLastFrameHint: 'Enchaîner le prochain plan là où la vidéo finit.',
};

/** A second locale through `labels`. */
export const Localized: Story = {
  args: { labels: french, defaultValue: { ...emptyReferenceSelection, images: frameImages.slice(0, 2) } },
  play: async ({ canvas }) => {
    await userEvent.click(canvas.getByRole('button', { name: 'Avancer image 2' }));
    await userEvent.type(canvas.getByRole('textbox', { name: 'Ou ajoutez une URL' }), 'pas une url{Enter}');
    await expect(canvas.getByRole('textbox', { name: 'Ou ajoutez une URL' })).toHaveAccessibleDescription(
      'Saisissez une URL http(s) absolue, par exemple https://example.com/bateau.jpg.',
    );
    await userEvent.click(canvas.getByRole('radio', { name: 'Première et dernière image' }));
    await expect(
      canvas.getByText('2 fichier(s) de référence gardé(s), non envoyé(s) avec une première image.'),
    ).toBeVisible();
  },
};

/**
 * As the prompt's attachments (`variant="attachments"`, as in SeedanceStudio): chips with a thumbnail, the citation
 * and the name elided in its middle, then Browse files and the URL behind a disclosure.
 */
export const Attachments: Story = {
  args: {
    variant: 'attachments',
    defaultValue: {
      ...emptyReferenceSelection,
      images: [
        urlItem(FRAME, 'image', 'a-very-long-photo-name-from-the-camera-roll-0001.jpg'),
        ...frameImages.slice(1, 2),
      ],
      videos: [{ ...urlItem(CLIP, 'video', 'waves.mp4'), durationSeconds: 5 }],
    },
  },
  decorators: [columnDecorator(420, 16)],
  play: async ({ canvas }) => {
    await expect(canvas.getByTitle('a-very-long-photo-name-from-the-camera-roll-0001.jpg')).toHaveTextContent(
      /0001\.jpg$/,
    );
    await expect(canvas.getByText('video 1')).toBeVisible();
    await userEvent.click(canvas.getByText('Or add a URL', { selector: 'summary' }));
    await expect(canvas.getByRole('textbox', { name: 'Or add a URL' })).toBeVisible();
  },
};
