import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';

// The multi-shot editor is a chunk of its own, loaded the first time a composer shows it. These tests take a fresh
// copy of the composer whose editor loads only when a test says so, or fails to load.

type ShotEditorModule = typeof import('./shot-editor');

async function freshComposer() {
  const actual = await vi.importActual<ShotEditorModule>('./shot-editor');
  const gate = { loads: 0, open: (_outcome: 'load' | 'fail') => {} };
  vi.doMock('./shot-editor', async () => {
    gate.loads += 1;
    const outcome = await new Promise<'load' | 'fail'>((resolve) => {
      gate.open = resolve;
    });
    if (outcome === 'fail') throw new TypeError('Failed to fetch dynamically imported module');
    return actual;
  });
  vi.resetModules();
  const { PromptComposer } = await import('./prompt-composer');
  return { gate, PromptComposer };
}

afterEach(() => {
  vi.doUnmock('./shot-editor');
  vi.resetModules();
});

const toggle = () => screen.getByRole('switch', { name: 'Multi-shot' });

describe('PromptComposer, the first multi-shot use', () => {
  it('starts loading the editor when focus reaches the switch, shows a busy timeline meanwhile, then focuses shot 1', async () => {
    const { gate, PromptComposer } = await freshComposer();
    render(<PromptComposer defaultValue={{ prompt: 'Watercolour city', duration: 10 }} />);
    expect(gate.loads).toBe(0);
    act(() => toggle().focus());
    await waitFor(() => expect(gate.loads).toBe(1));
    fireEvent.click(toggle());
    expect(toggle()).toBeChecked();
    const timeline = screen.getByRole('group', { name: 'Prompt' });
    expect(timeline).toHaveAttribute('aria-busy', 'true');
    // The prompt was composed into a first shot already: nothing is lost while the editor loads.
    await act(async () => gate.open('load'));
    const first = await screen.findByRole('group', { name: 'Shot 1' });
    await waitFor(() => expect(within(first).getByRole('textbox', { name: 'Description' })).toHaveFocus());
    expect(screen.getByRole('textbox', { name: 'Whole video' })).toHaveValue('Watercolour city');
    expect(gate.loads).toBe(1);
  });

  it('says so when the editor cannot load, and loads it again on "Try again"', async () => {
    const { gate, PromptComposer } = await freshComposer();
    render(
      <PromptComposer
        defaultValue={{ prompt: 'Shot 1 [00:00-00:05] - the street\nShot 2 [00:05-00:10] - the drain', duration: 10 }}
      />,
    );
    expect(toggle()).toBeChecked();
    await waitFor(() => expect(gate.loads).toBe(1));
    await act(async () => gate.open('fail'));
    expect(await screen.findByRole('alert')).toHaveTextContent('The shot editor could not be loaded');
    fireEvent.click(screen.getByRole('button', { name: 'Try again' }));
    await waitFor(() => expect(gate.loads).toBe(2));
    await act(async () => gate.open('load'));
    expect(await screen.findByRole('group', { name: 'Shot 2' })).toBeInTheDocument();
    expect(screen.queryByRole('alert')).toBeNull();
  });
});
