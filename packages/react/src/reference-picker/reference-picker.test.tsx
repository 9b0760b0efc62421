import { mockError } from '@seedance-kit/core/testing';
import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { createRef, useState } from 'react';
import { beforeEach, describe, expect, it, onTestFinished, vi } from 'vitest';
import { readMediaInfo } from '../internal/media-info';
import { createSignerConfigFixture } from '../testing/job-fixtures';
import { renderWithProviders } from '../testing/render-with-providers';
import { ReferencePicker, type ReferencePickerProps } from './reference-picker';
import {
  emptyReferenceSelection,
  isReferenceSelectionReady,
  type ReferenceSelection,
  referenceCounts,
  referenceSelectionToInput,
  withFirstFrame,
} from './reference-selection';

vi.mock('../internal/media-info', () => ({ readMediaInfo: vi.fn(async () => ({})) }));

const config = createSignerConfigFixture({
  maxReferences: { images: 2, videos: 3, audios: 3 },
  maxUploadBytes: { image: 1_048_576, video: 5_242_880, audio: 1_048_576 },
});

const file = (name: string, type: string, size = 100) => new File([new Uint8Array(size)], name, { type });
const group = () => screen.getByRole('group', { name: 'References' });
const fileInput = () => screen.getByLabelText('Browse files', { selector: 'input' }) as HTMLInputElement;
const alerts = () => screen.getByRole('alert');

/** A host that keeps the selection in its own state and shows what it would send. */
function Host(
  props: ReferencePickerProps & { initial?: ReferenceSelection; onChange?: (value: ReferenceSelection) => void },
) {
  const { initial, onChange, ...rest } = props;
  const [value, setValue] = useState<ReferenceSelection>(initial ?? emptyReferenceSelection);
  return (
    <>
      <ReferencePicker
        value={value}
        onValueChange={(next) => {
          onChange?.(next);
          setValue(next);
        }}
        {...rest}
      />
      <output data-testid="input">{JSON.stringify(referenceSelectionToInput(value))}</output>
    </>
  );
}

/** Lets the `/config` read of the mock transport land, so nothing renders after the test. */
const settle = () => act(() => new Promise((resolve) => setTimeout(resolve, 0)));

const sent = () => JSON.parse(screen.getByTestId('input').textContent ?? '{}');

beforeEach(() => {
  vi.mocked(readMediaInfo).mockResolvedValue({});
});

describe('ReferencePicker contract', () => {
  it('passes className, style, ref and unknown props to the root', async () => {
    const ref = createRef<HTMLFieldSetElement>();
    renderWithProviders(
      <ReferencePicker ref={ref} className="host-class" style={{ marginTop: 4 }} data-testid="picker" id="picker" />,
    );
    expect(group()).toBe(ref.current);
    expect(group()).toHaveClass('sd-reference-picker', 'host-class');
    expect(group()).toHaveStyle({ marginTop: '4px' });
    expect(group()).toHaveAttribute('id', 'picker');
    expect(group()).toHaveAttribute('data-testid', 'picker');
    expect(group()).toHaveAttribute('data-state', 'empty');
    expect(group()).toHaveAttribute('data-mode', 'references');
    await settle();
  });

  it('follows empty, uploading, ready and invalid in data-state', async () => {
    const user = userEvent.setup();
    renderWithProviders(<Host />, { transport: { config, uploadMs: 200 } });
    await user.upload(fileInput(), file('boat.png', 'image/png'));
    await waitFor(() => expect(group()).toHaveAttribute('data-state', 'uploading'));
    expect(group()).toHaveAttribute('aria-busy', 'true');
    await waitFor(() => expect(group()).toHaveAttribute('data-state', 'ready'));
    await user.click(screen.getByRole('button', { name: 'Remove image 1' }));
    expect(group()).toHaveAttribute('data-state', 'empty');
    await user.upload(fileInput(), file('song.mp3', 'audio/mpeg'));
    await waitFor(() => expect(group()).toHaveAttribute('data-state', 'invalid'));
    expect(alerts()).toHaveTextContent('Reference audio needs at least one image or video reference');
  });

  it('drops its own classes when unstyled but keeps ARIA, data-* and the host classes', async () => {
    const { container } = renderWithProviders(
      <ReferencePicker unstyled className="host-class" classNames={{ browse: 'host-browse', dropZone: 'host-zone' }} />,
    );
    expect(container.querySelector('[class*="sd-"]')).toBeNull();
    expect(group()).toHaveAttribute('class', 'host-class');
    expect(group()).toHaveAttribute('data-state', 'empty');
    expect(screen.getByRole('button', { name: 'Browse files' })).toHaveClass('host-browse');
    await settle();
  });

  it('uses labels for the visible strings', async () => {
    renderWithProviders(
      <ReferencePicker
        labels={{
          group: 'Références',
          browse: 'Parcourir',
          modeFrames: 'Première et dernière image',
          count: (kind, count, max) => `${count}/${max} ${kind}`,
        }}
      />,
    );
    expect(screen.getByRole('group', { name: 'Références' })).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Parcourir' })).toBeInTheDocument();
    expect(screen.getByRole('radio', { name: 'Première et dernière image' })).toBeInTheDocument();
    expect(screen.getByText('0/9 image')).toBeInTheDocument();
    await settle();
  });
});

describe('ReferencePicker behaviour', () => {
  it('uploads a chosen file with a named progress bar, then sends its URL', async () => {
    const user = userEvent.setup();
    const { transport } = renderWithProviders(<Host />, { transport: { config, uploadMs: 400, uploadSteps: 4 } });
    await user.upload(fileInput(), file('boat.png', 'image/png', 800));
    const progress = await screen.findByRole('progressbar', { name: 'Uploading boat.png' });
    await waitFor(() => expect(Number(progress.getAttribute('aria-valuenow'))).toBeGreaterThan(0));
    await waitFor(() => expect(screen.queryByRole('progressbar')).not.toBeInTheDocument());
    expect(sent()).toEqual({ reference_images: ['https://mock.seedance.test/assets/mock-asset-1.png'] });
    expect(screen.getByText('image 1')).toBeInTheDocument();
    expect(transport.calls.filter((call) => call.method === 'upload')).toHaveLength(1);
  });

  it('refuses files before upload with a message naming the file and the rule', async () => {
    const user = userEvent.setup({ applyAccept: false });
    const { transport } = renderWithProviders(<Host />, { transport: { config, uploadMs: 50 } });
    await waitFor(() => expect(screen.getByText('0 of 2 images')).toBeInTheDocument());
    await user.upload(fileInput(), [
      file('huge.png', 'image/png', 2_097_152),
      file('notes.pdf', 'application/pdf'),
      file('a.png', 'image/png'),
      file('b.png', 'image/png'),
      file('c.png', 'image/png'),
    ]);
    await waitFor(() =>
      expect(alerts()).toHaveTextContent('"huge.png" is 2 MB; this server takes reference images up to 1 MB.'),
    );
    expect(alerts()).toHaveTextContent('"notes.pdf" is of type application/pdf');
    expect(alerts()).toHaveTextContent('A generation takes at most 2 reference images; remove one to add "c.png".');
    expect(transport.calls.filter((call) => call.method === 'upload')).toHaveLength(2);
    await user.click(within(alerts()).getAllByRole('button', { name: 'Dismiss' })[0]!);
    expect(alerts()).not.toHaveTextContent('huge.png');
  });

  it('reads video and audio lengths and refuses those out of range', async () => {
    const user = userEvent.setup();
    vi.mocked(readMediaInfo).mockImplementation(async (source) => ({
      durationSeconds: (source as File).name === 'short.mp4' ? 1.2 : (source as File).name === 'long.mp3' ? 20 : 5,
    }));
    const { transport } = renderWithProviders(<Host />, { transport: { config, uploadMs: 50 } });
    await user.upload(fileInput(), [
      file('short.mp4', 'video/mp4'),
      file('long.mp3', 'audio/mpeg'),
      file('fine.mp4', 'video/mp4'),
    ]);
    await waitFor(() =>
      expect(alerts()).toHaveTextContent('"short.mp4" is 1.2 s long; reference videos must be 2 to 15 s.'),
    );
    expect(alerts()).toHaveTextContent('"long.mp3" is 20 s long; reference audio must be at most 15 s.');
    expect(await screen.findByText('video 1')).toBeInTheDocument();
    expect(screen.getByText('5.0 s')).toBeInTheDocument();
    await waitFor(() => expect(transport.calls.filter((call) => call.method === 'upload')).toHaveLength(1));
  });

  it('cancels an upload and retries it', async () => {
    const user = userEvent.setup();
    renderWithProviders(<Host />, { transport: { config, uploadMs: 600 } });
    await user.upload(fileInput(), file('boat.png', 'image/png'));
    await user.click(await screen.findByRole('button', { name: 'Cancel upload of boat.png' }));
    expect(screen.getByText('Canceled')).toBeInTheDocument();
    expect(screen.queryByRole('progressbar')).not.toBeInTheDocument();
    expect(group()).toHaveAttribute('data-state', 'invalid');
    await user.click(screen.getByRole('button', { name: 'Retry upload of boat.png' }));
    expect(await screen.findByRole('progressbar', { name: 'Uploading boat.png' })).toBeInTheDocument();
    await waitFor(() => expect(sent().reference_images).toHaveLength(1));
  });

  it('shows a failed upload with the server message and retries it', async () => {
    const user = userEvent.setup();
    let fail = true;
    renderWithProviders(<Host />, {
      transport: {
        config,
        uploadMs: 40,
        uploadError: () => {
          if (!fail) return undefined;
          fail = false;
          return mockError('UNSUPPORTED_MEDIA_TYPE', { message: 'The file is not the type it claims to be.' });
        },
      },
    });
    await user.upload(fileInput(), file('boat.png', 'image/png'));
    expect(await screen.findByRole('button', { name: 'Retry upload of boat.png' })).toBeInTheDocument();
    expect(screen.getByText('Failed The file is not the type it claims to be.')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Retry upload of boat.png' }));
    await waitFor(() => expect(group()).toHaveAttribute('data-state', 'ready'));
  });

  it('reorders with the keyboard, and the citations follow the order', async () => {
    const user = userEvent.setup();
    renderWithProviders(<Host />, { transport: { config, uploadMs: 20 } });
    await user.upload(fileInput(), [file('boat.png', 'image/png'), file('drain.png', 'image/png')]);
    await waitFor(() => expect(sent().reference_images).toHaveLength(2));
    const before = sent().reference_images as string[];
    const images = screen.getByRole('list', { name: 'Images' });
    const itemOf = (name: string) => within(images).getByText(name).closest('li')!;
    expect(within(itemOf('drain.png')).getByText('image 2')).toBeInTheDocument();
    const move = screen.getByRole('button', { name: 'Move image 2 earlier' });
    move.focus();
    await user.keyboard('{Enter}');
    expect(within(itemOf('drain.png')).getByText('image 1')).toBeInTheDocument();
    expect(within(itemOf('boat.png')).getByText('image 2')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Move image 1 later' })).toHaveFocus();
    expect(sent().reference_images).toEqual([before[1], before[0]]);
  });

  it('switches to frames mode keeping the reference files, and restores them on switching back', async () => {
    const user = userEvent.setup();
    const onChange = vi.fn();
    renderWithProviders(<Host onChange={onChange} />, { transport: { config, uploadMs: 20 } });
    await user.upload(fileInput(), file('boat.png', 'image/png'));
    await waitFor(() => expect(sent().reference_images).toHaveLength(1));
    await user.click(screen.getByRole('radio', { name: 'First and last frame' }));
    expect(group()).toHaveAttribute('data-mode', 'frames');
    expect(
      screen.getByText('1 reference file is kept but not sent with a first frame. Switch back to use it.'),
    ).toBeVisible();
    expect(sent()).toEqual({});
    await user.upload(fileInput(), file('start.png', 'image/png'));
    await waitFor(() => expect(sent().first_frame_url).toMatch(/^https:/));
    expect(screen.getByRole('button', { name: 'Remove first frame' })).toBeInTheDocument();
    await user.click(screen.getByRole('radio', { name: 'Reference files' }));
    expect(screen.getByText('boat.png')).toBeInTheDocument();
    expect(sent().reference_images).toHaveLength(1);
    expect(sent().first_frame_url).toBeUndefined();
    expect(
      screen.getByText('The frame is kept but not sent with reference files. Switch back to use it.'),
    ).toBeVisible();
  });

  it('takes only images in frames mode and at most two', async () => {
    const user = userEvent.setup({ applyAccept: false });
    renderWithProviders(<Host initial={{ ...emptyReferenceSelection, mode: 'frames' }} />, {
      transport: { config, uploadMs: 20 },
    });
    await user.upload(fileInput(), file('clip.mp4', 'video/mp4'));
    await waitFor(() => expect(alerts()).toHaveTextContent('"clip.mp4" is a video: the first and last frames are'));
    fireEvent.change(fileInput(), {
      target: { files: [file('a.png', 'image/png'), file('b.png', 'image/png'), file('c.png', 'image/png')] },
    });
    await waitFor(() =>
      expect(alerts()).toHaveTextContent('The first and last frames are both set; remove one to add "c.png".'),
    );
    await waitFor(() => expect(sent().last_frame_url).toMatch(/^https:/));
  });

  it('validates a URL as absolute http(s) and adds it by its extension', async () => {
    const user = userEvent.setup();
    renderWithProviders(<Host />, { transport: { config } });
    const url = screen.getByRole('textbox', { name: 'Or add a URL' });
    await user.type(url, 'ftp://example.com/boat.png{Enter}');
    expect(url).toHaveAttribute('aria-invalid', 'true');
    expect(url).toHaveAccessibleDescription('Enter an absolute http(s) URL, such as https://example.com/boat.jpg.');
    await user.clear(url);
    await user.type(url, '/relative/boat.png');
    await user.click(screen.getByRole('button', { name: 'Add' }));
    expect(url).toHaveAttribute('aria-invalid', 'true');
    await user.clear(url);
    expect(url).not.toHaveAttribute('aria-invalid');
    await user.type(url, 'https://cdn.example.com/clips/wave.mp4{Enter}');
    expect(url).toHaveValue('');
    expect(within(screen.getByRole('list', { name: 'Videos' })).getByText('wave.mp4')).toBeInTheDocument();
    expect(sent()).toEqual({ reference_videos: ['https://cdn.example.com/clips/wave.mp4'] });
  });

  it('puts the last frame of a result in as the first frame', async () => {
    const user = userEvent.setup();
    const onChange = vi.fn();
    renderWithProviders(
      <Host
        onChange={onChange}
        lastFrameUrl="https://cdn.example.com/last.jpg"
        initial={{
          ...emptyReferenceSelection,
          images: [{ id: 'x', kind: 'image', name: 'x.png', url: 'https://a.test/x.png', source: 'url' }],
        }}
      />,
    );
    await user.click(screen.getByRole('button', { name: 'Use last frame' }));
    expect(group()).toHaveAttribute('data-mode', 'frames');
    expect(sent()).toEqual({ first_frame_url: 'https://cdn.example.com/last.jpg' });
    expect(screen.queryByRole('button', { name: 'Use last frame' })).not.toBeInTheDocument();
    expect(onChange.mock.lastCall?.[0].images).toHaveLength(1);
  });

  it('adds a pasted image and a dropped file, flagging the drag', async () => {
    renderWithProviders(<Host />, { transport: { config, uploadMs: 20 } });
    fireEvent.paste(screen.getByRole('button', { name: 'Browse files' }), {
      clipboardData: { files: [file('pasted.png', 'image/png')] },
    });
    expect(await screen.findByText('pasted.png')).toBeInTheDocument();
    const zone = screen.getByText(/Drop images, videos or MP3s here/).parentElement!;
    fireEvent.dragEnter(zone, { dataTransfer: { types: ['Files'] } });
    expect(group()).toHaveAttribute('data-dragging');
    expect(zone).toHaveAttribute('data-dragging');
    fireEvent.drop(zone, { dataTransfer: { types: ['Files'], files: [file('dropped.png', 'image/png')] } });
    expect(group()).not.toHaveAttribute('data-dragging');
    expect(await screen.findByText('dropped.png')).toBeInTheDocument();
    await waitFor(() => expect(sent().reference_images).toHaveLength(2));
  });

  it('revokes image previews on removal and on unmount', async () => {
    const user = userEvent.setup();
    let created = 0;
    const create = vi.fn(() => `blob:preview-${++created}`);
    const revoke = vi.fn();
    Object.assign(URL, { createObjectURL: create, revokeObjectURL: revoke });
    onTestFinished(() => {
      Reflect.deleteProperty(URL, 'createObjectURL');
      Reflect.deleteProperty(URL, 'revokeObjectURL');
    });
    const { unmount, container } = renderWithProviders(<Host />, { transport: { config, uploadMs: 20 } });
    await user.upload(fileInput(), [file('a.png', 'image/png'), file('b.png', 'image/png')]);
    await waitFor(() => expect(container.querySelectorAll('img[src^="blob:preview"]')).toHaveLength(2));
    await user.click(screen.getByRole('button', { name: 'Remove image 1' }));
    expect(revoke).toHaveBeenCalledWith('blob:preview-1');
    unmount();
    expect(revoke).toHaveBeenCalledWith('blob:preview-2');
  });
});

describe('selection helpers', () => {
  const item = (kind: 'image' | 'video' | 'audio', url?: string) => ({
    id: `${kind}-${url ?? 'pending'}`,
    kind,
    name: kind,
    source: 'file' as const,
    ...(url === undefined ? {} : { url }),
  });

  it('sends only items with a URL, in the current mode', () => {
    const selection: ReferenceSelection = {
      mode: 'references',
      images: [item('image', 'https://a.test/1.png'), item('image')],
      videos: [],
      audios: [item('audio', 'https://a.test/1.mp3')],
      firstFrame: item('image', 'https://a.test/first.png'),
    };
    expect(referenceSelectionToInput(selection)).toEqual({
      reference_images: ['https://a.test/1.png'],
      reference_audios: ['https://a.test/1.mp3'],
    });
    expect(referenceCounts(selection)).toEqual({ images: 2, videos: 0, audios: 1 });
    expect(isReferenceSelectionReady(selection)).toBe(false);
    const frames = { ...selection, mode: 'frames' as const };
    expect(referenceSelectionToInput(frames)).toEqual({ first_frame_url: 'https://a.test/first.png' });
    expect(referenceCounts(frames)).toEqual({ images: 0, videos: 0, audios: 0 });
    expect(isReferenceSelectionReady(frames)).toBe(true);
  });

  it('withFirstFrame switches to frames mode with an absolute URL and keeps the references', () => {
    const next = withFirstFrame(
      { ...emptyReferenceSelection, images: [item('image', 'https://a.test/1.png')] },
      '/media/last.jpg',
    );
    expect(next.mode).toBe('frames');
    expect(next.firstFrame?.url).toBe(new URL('/media/last.jpg', location.href).href);
    expect(next.images).toHaveLength(1);
  });
});
