import { createMockTransport } from '@seedance-kit/core/testing';
import { QueryClientProvider } from '@tanstack/react-query';
import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { createRef } from 'react';
import { hydrateRoot } from 'react-dom/client';
import { renderToString } from 'react-dom/server';
import { describe, expect, it, vi } from 'vitest';
import { SeedanceProvider } from '../seedance-provider';
import { createTestQueryClient, renderWithProviders } from '../testing/render-with-providers';
import { SeedanceStudio } from './seedance-studio';

vi.mock('../internal/media-info', () => ({ readMediaInfo: vi.fn(async () => ({})) }));

// Under a loaded CI machine typing and uploading take longer than Testing Library's 1 s default, and a whole test
// (typing a prompt into the whole studio, uploading, generating) longer than Vitest's 5 s.
const slowMachine = { timeout: 5000 };
const wholeFlow = { timeout: 20_000 };
const fast = { queuedMs: 30, runningMs: 30, pollAfterMs: 20, uploadMs: 20, lastFrameUrl: 'https://cdn.test/last.jpg' };
const studio = () => screen.getByRole('region', { name: 'Video studio' });
const result = () => screen.getByRole('region', { name: 'Generated video' });
const fileInput = () => screen.getByLabelText('Browse files', { selector: 'input' }) as HTMLInputElement;
const png = (name: string) => new File([new Uint8Array(100)], name, { type: 'image/png' });

describe('SeedanceStudio contract', wholeFlow, () => {
  it('passes className, style, ref and unknown props to the root, and follows the status in data-state', async () => {
    const user = userEvent.setup();
    const ref = createRef<HTMLElement>();
    renderWithProviders(
      <SeedanceStudio ref={ref} className="host-class" style={{ marginTop: 4 }} data-testid="studio" />,
      { transport: fast },
    );
    expect(studio()).toBe(ref.current);
    expect(studio()).toHaveClass('sd-seedance-studio', 'host-class');
    expect(studio()).toHaveStyle({ marginTop: '4px' });
    expect(studio()).toHaveAttribute('data-testid', 'studio');
    expect(studio()).toHaveAttribute('data-state', 'idle');
    await user.type(screen.getByRole('textbox', { name: 'Prompt' }), 'A paper boat');
    await user.click(screen.getByRole('button', { name: 'Generate' }));
    await waitFor(() => expect(studio()).toHaveAttribute('data-state', 'succeeded'), slowMachine);
  });

  it('an example prompt of the empty stage fills the composer', async () => {
    renderWithProviders(<SeedanceStudio />, { transport: fast });
    const example = within(result()).getAllByRole('button', { name: /^Use this prompt: / })[0];
    const prompt = example?.getAttribute('aria-label')?.replace('Use this prompt: ', '');
    expect(prompt).toBeTruthy();
    fireEvent.click(example as HTMLElement);
    expect(screen.getByRole('textbox', { name: 'Prompt' })).toHaveValue(prompt);
  });

  it('drops every built-in class when unstyled, in the parts too, keeping ARIA and data-*', async () => {
    const { container } = renderWithProviders(
      <SeedanceStudio unstyled className="host-class" classNames={{ inputs: 'host-inputs', result: 'host-result' }} />,
      { transport: fast },
    );
    expect(container.querySelector('[class*="sd-"]')).toBeNull();
    expect(studio()).toHaveAttribute('class', 'host-class');
    expect(result()).toHaveClass('host-result');
    expect(screen.getByRole('group', { name: 'References' })).toHaveAttribute('data-state', 'empty');
    await screen.findByText('0 of 9 images');
  });

  it('passes labels to its parts by part', async () => {
    renderWithProviders(
      <SeedanceStudio
        labels={{
          region: 'Studio vidéo',
          promptComposer: { submit: 'Générer' },
          referencePicker: { group: 'Références' },
          videoResult: { region: 'Vidéo générée' },
        }}
      />,
      { transport: fast },
    );
    expect(screen.getByRole('region', { name: 'Studio vidéo' })).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Générer' })).toBeInTheDocument();
    expect(screen.getByRole('group', { name: 'Références' })).toBeInTheDocument();
    expect(screen.getByRole('region', { name: 'Vidéo générée' })).toBeInTheDocument();
    await screen.findByText('0 of 9 images');
  });
});

describe('SeedanceStudio behaviour', wholeFlow, () => {
  it('generates with the prompt and the uploaded references, and cites them', async () => {
    const user = userEvent.setup();
    const { transport } = renderWithProviders(<SeedanceStudio />, { transport: fast });
    await user.upload(fileInput(), png('boat.png'));
    await waitFor(
      () => expect(screen.getByRole('group', { name: 'References' })).toHaveAttribute('data-state', 'ready'),
      slowMachine,
    );
    await user.type(screen.getByRole('textbox', { name: 'Prompt' }), 'image ');
    expect(within(screen.getByRole('listbox', { name: 'References' })).getByRole('option')).toHaveTextContent(
      'image 1',
    );
    await user.keyboard('{Enter} floats away');
    await user.click(screen.getByRole('button', { name: 'Generate' }));
    await waitFor(() => expect(result()).toHaveAttribute('data-state', 'succeeded'), slowMachine);
    const submitted = transport.calls.find((call) => call.method === 'submit')?.input;
    expect(submitted).toMatchObject({
      prompt: 'image 1 floats away',
      return_last_frame: true,
      reference_images: ['https://mock.seedance.test/assets/mock-asset-1.png'],
    });
  });

  it('holds Generate while a reference is still uploading, and says why', async () => {
    const user = userEvent.setup();
    const { transport } = renderWithProviders(<SeedanceStudio />, { transport: { ...fast, uploadMs: 60_000 } });
    await user.upload(fileInput(), png('boat.png'));
    await screen.findByRole('progressbar', { name: 'Uploading boat.png' });
    await user.type(screen.getByRole('textbox', { name: 'Prompt' }), 'A paper boat');
    await user.click(screen.getByRole('button', { name: 'Generate' }));
    expect(screen.getByText(/Some references are not uploaded yet/)).toBeInTheDocument();
    expect(transport.calls.some((call) => call.method === 'submit')).toBe(false);
    await user.click(screen.getByRole('button', { name: 'Remove image 1' }));
    expect(screen.queryByText(/Some references are not uploaded yet/)).not.toBeInTheDocument();
  });

  it('continues from the last frame: the next generation starts on it', async () => {
    const user = userEvent.setup();
    const { transport } = renderWithProviders(<SeedanceStudio />, { transport: fast });
    await user.type(screen.getByRole('textbox', { name: 'Prompt' }), 'A paper boat');
    await user.click(screen.getByRole('button', { name: 'Generate' }));
    await user.click(await screen.findByRole('button', { name: 'Continue from last frame' }));
    expect(screen.getByRole('radio', { name: 'First and last frame' })).toBeChecked();
    expect(screen.getByText('last.jpg')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Generate' }));
    await waitFor(
      () => expect(transport.calls.filter((call) => call.method === 'submit')).toHaveLength(2),
      slowMachine,
    );
    expect(transport.calls.filter((call) => call.method === 'submit')[1]?.input).toMatchObject({
      first_frame_url: 'https://cdn.test/last.jpg',
    });
  });

  it('lists earlier videos in a keyboard-reachable strip; choosing one shows it', async () => {
    const user = userEvent.setup();
    renderWithProviders(<SeedanceStudio />, { transport: { ...fast, videoUrl: '/media/first.mp4' } });
    const prompt = screen.getByRole('textbox', { name: 'Prompt' });
    await user.type(prompt, 'The first boat');
    await user.click(screen.getByRole('button', { name: 'Generate' }));
    await waitFor(() => expect(result()).toHaveAttribute('data-state', 'succeeded'), slowMachine);
    fireEvent.change(prompt, { target: { value: 'The second boat' } });
    await user.click(screen.getByRole('button', { name: 'Generate' }));
    await waitFor(() =>
      expect(within(screen.getByRole('list', { name: 'Earlier videos' })).getAllByRole('button')).toHaveLength(2),
    );
    const [latest, first] = within(screen.getByRole('list', { name: 'Earlier videos' })).getAllByRole('button');
    expect(latest).toHaveAttribute('aria-pressed', 'true');
    expect(first).toHaveAccessibleName(/^The first boat \(/);
    first!.focus();
    await user.keyboard('{Enter}');
    expect(first).toHaveAttribute('aria-pressed', 'true');
    expect(studio()).toHaveAttribute('data-viewing-history');
    await user.click(screen.getByRole('button', { name: 'Back to the current video' }));
    expect(studio()).not.toHaveAttribute('data-viewing-history');
    expect(latest).toHaveAttribute('aria-pressed', 'true');
  });

  it('renders on the server without the clock or storage, and hydrates with no mismatch into the whole studio', async () => {
    sessionStorage.setItem(
      'seedance-kit:default:active',
      JSON.stringify({ jobId: 'job-from-before-the-reload', input: { prompt: 'A paper boat' } }),
    );
    const page = () => (
      <QueryClientProvider client={createTestQueryClient()}>
        <SeedanceProvider transport={createMockTransport(fast)}>
          <SeedanceStudio persist="session" className="host-class" />
        </SeedanceProvider>
      </QueryClientProvider>
    );
    // A prerender (Next's cacheComponents) refuses a render that reads the clock; the server has no sessionStorage.
    const clock = vi.spyOn(Date, 'now').mockImplementation(() => {
      throw new Error('the clock was read during the server render');
    });
    const storage = vi.spyOn(window, 'sessionStorage', 'get').mockImplementation(() => {
      throw new Error('storage was read during the server render');
    });
    let html: string;
    try {
      html = renderToString(page());
    } finally {
      clock.mockRestore();
      storage.mockRestore();
    }
    expect(html).toContain('aria-label="Video studio"');
    expect(html).toContain('host-class');

    const container = document.createElement('div');
    container.innerHTML = html;
    document.body.append(container);
    const recoverable: unknown[] = [];
    const root = await act(async () =>
      hydrateRoot(container, page(), { onRecoverableError: (error) => recoverable.push(error) }),
    );
    try {
      // The generation saved before the reload is resumed once mounted, and hydration had nothing to recover from.
      await waitFor(() => expect(screen.getByRole('textbox', { name: 'Prompt' })).toBeInTheDocument());
      expect(recoverable).toEqual([]);
      expect(studio()).toHaveClass('sd-seedance-studio', 'host-class');
    } finally {
      act(() => root.unmount());
      container.remove();
      sessionStorage.clear();
    }
  });
});
