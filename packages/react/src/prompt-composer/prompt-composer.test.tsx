import type { GenerationInput, SignerConfig } from '@seedance-kit/core';
import { fireEvent, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { createRef, useState } from 'react';
import { describe, expect, it, vi } from 'vitest';
import { PromptComposer } from './prompt-composer';

const form = () => screen.getByRole('form', { name: 'Compose a video' });
const promptField = () => screen.getByRole('textbox', { name: 'Prompt' });

/** The texts of the elements an element's `aria-describedby` points at. */
function descriptions(element: HTMLElement): string[] {
  return (element.getAttribute('aria-describedby') ?? '')
    .split(' ')
    .filter(Boolean)
    .map((id) => document.getElementById(id)?.textContent ?? '');
}

const limitedConfig: SignerConfig = {
  protocolVersion: 1,
  aspectRatios: ['16:9', '9:16'],
  durations: [4, 5],
  resolutions: ['480p'],
  generateAudio: false,
  maxReferences: { images: 9, videos: 3, audios: 3 },
  maxUploadBytes: { image: 1, video: 1, audio: 1 },
};

/** A host that keeps the value in its own state, as an app would. */
function ControlledHost({
  initial,
  onValueChange,
}: {
  initial: GenerationInput;
  onValueChange: (value: GenerationInput) => void;
}) {
  const [value, setValue] = useState<GenerationInput>(initial);
  return (
    <PromptComposer
      value={value}
      onValueChange={(next) => {
        onValueChange(next);
        setValue(next);
      }}
    />
  );
}

describe('PromptComposer contract', () => {
  it('passes className, style, ref and unknown props to the root', () => {
    const ref = createRef<HTMLFormElement>();
    render(
      <PromptComposer ref={ref} className="host-class" style={{ marginTop: 4 }} data-testid="composer" id="composer" />,
    );
    expect(form()).toBe(ref.current);
    expect(form()).toHaveClass('sd-prompt-composer', 'host-class');
    expect(form()).toHaveStyle({ marginTop: '4px' });
    expect(form()).toHaveAttribute('id', 'composer');
    expect(form()).toHaveAttribute('data-testid', 'composer');
  });

  it('follows idle, invalid and busy in data-state', async () => {
    const user = userEvent.setup();
    const { rerender } = render(<PromptComposer />);
    expect(form()).toHaveAttribute('data-state', 'idle');
    await user.click(screen.getByRole('button', { name: 'Generate' }));
    expect(form()).toHaveAttribute('data-state', 'invalid');
    rerender(<PromptComposer busy />);
    expect(form()).toHaveAttribute('data-state', 'busy');
    expect(form()).toHaveAttribute('aria-busy', 'true');
    expect(screen.getByRole('button', { name: 'Generating…' })).toBeDisabled();
    rerender(<PromptComposer disabled />);
    expect(form()).toHaveAttribute('data-disabled');
    expect(promptField()).toBeDisabled();
  });

  it('drops its own classes when unstyled but keeps ARIA, data-* and the host classes', () => {
    const { container } = render(
      <PromptComposer unstyled className="host-class" classNames={{ submit: 'host-submit', textarea: 'host-area' }} />,
    );
    expect(container.querySelector('[class*="sd-"]')).toBeNull();
    expect(form()).toHaveAttribute('class', 'host-class');
    expect(form()).toHaveAttribute('data-state', 'idle');
    expect(screen.getByRole('button', { name: 'Generate' })).toHaveClass('host-submit');
    expect(promptField()).toHaveClass('host-area');
  });

  it('uses labels for the visible strings', () => {
    render(
      <PromptComposer
        labels={{
          form: 'Composer une vidéo',
          prompt: 'Consigne',
          submit: 'Générer',
          aspectRatio: 'Format',
          estimateLabel: 'Estimation',
          characterCount: (count) => `${count} caractères`,
        }}
      />,
    );
    expect(screen.getByRole('form', { name: 'Composer une vidéo' })).toBeInTheDocument();
    expect(screen.getByRole('textbox', { name: 'Consigne' })).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Générer' })).toBeInTheDocument();
    expect(screen.getByRole('group', { name: 'Format' })).toBeInTheDocument();
    expect(screen.getByText('Estimation')).toBeInTheDocument();
    expect(screen.getByText('0 caractères')).toBeInTheDocument();
  });
});

describe('PromptComposer behaviour', () => {
  it('submits the validated input with Ctrl+Enter and counts characters', async () => {
    const user = userEvent.setup();
    const onSubmit = vi.fn();
    render(<PromptComposer onSubmit={onSubmit} />);
    await user.type(promptField(), 'A paper boat');
    expect(screen.getByText('12 characters')).toBeInTheDocument();
    await user.keyboard('{Control>}{Enter}{/Control}');
    expect(onSubmit).toHaveBeenCalledTimes(1);
    expect(onSubmit).toHaveBeenCalledWith({
      prompt: 'A paper boat',
      aspect_ratio: '16:9',
      duration: 5,
      resolution: '720p',
      generate_audio: false,
      seed: -1,
      return_last_frame: false,
    });
  });

  it('does not submit while busy', async () => {
    const user = userEvent.setup();
    const onSubmit = vi.fn();
    render(<PromptComposer busy defaultValue={{ prompt: 'A paper boat' }} onSubmit={onSubmit} />);
    await user.click(promptField());
    await user.keyboard('{Control>}{Enter}{/Control}');
    expect(onSubmit).not.toHaveBeenCalled();
  });

  it('shows the validation message next to the field and does not submit', async () => {
    const user = userEvent.setup();
    const onSubmit = vi.fn();
    render(<PromptComposer onSubmit={onSubmit} />);
    await user.click(screen.getByRole('button', { name: 'Generate' }));
    expect(onSubmit).not.toHaveBeenCalled();
    expect(promptField()).toHaveAttribute('aria-invalid', 'true');
    expect(descriptions(promptField())).toContain('Prompt is required: describe the video to generate');
    expect(promptField()).toHaveFocus();
  });

  it('shows a seed out of range next to the seed', () => {
    render(<PromptComposer defaultValue={{ prompt: 'A boat', seed: 3_000_000_000 }} />);
    const seed = screen.getByRole('spinbutton', { name: 'Seed number' });
    expect(seed).toHaveAttribute('aria-invalid', 'true');
    expect(descriptions(seed).join(' ')).toMatch(/Seed must be at most 2147483647/);
    expect(form()).toHaveAttribute('data-state', 'invalid');
  });

  it('is uncontrolled with defaultValue and reports every change', async () => {
    const user = userEvent.setup();
    const onValueChange = vi.fn();
    render(<PromptComposer defaultValue={{ prompt: 'A', duration: 10 }} onValueChange={onValueChange} />);
    await user.type(promptField(), 'B');
    expect(promptField()).toHaveValue('AB');
    await user.click(screen.getByRole('radio', { name: '9:16' }));
    expect(onValueChange).toHaveBeenLastCalledWith({ prompt: 'AB', duration: 10, aspect_ratio: '9:16' });
    expect(screen.getByRole('combobox', { name: 'Duration' })).toHaveValue('10');
  });

  it('is controlled by value: edits go through onValueChange only', async () => {
    const user = userEvent.setup();
    const onValueChange = vi.fn();
    const { rerender } = render(<PromptComposer value={{ prompt: 'fixed' }} onValueChange={onValueChange} />);
    await user.type(promptField(), 'x');
    expect(onValueChange).toHaveBeenCalledWith({ prompt: 'fixedx' });
    expect(promptField()).toHaveValue('fixed');
    rerender(<PromptComposer value={{ prompt: 'from the host', resolution: '480p' }} onValueChange={onValueChange} />);
    expect(promptField()).toHaveValue('from the host');
    expect(screen.getByRole('radio', { name: '480p' })).toBeChecked();
  });

  it('composes shots into the prompt in multi-shot mode, with keyboard-reachable reordering', async () => {
    const user = userEvent.setup();
    const onValueChange = vi.fn();
    render(<ControlledHost initial={{ prompt: 'Watercolour city', duration: 10 }} onValueChange={onValueChange} />);
    await user.click(screen.getByRole('switch', { name: 'Multi-shot' }));
    const first = screen.getByRole('group', { name: 'Shot 1' });
    await user.type(within(first).getByRole('textbox', { name: 'Title' }), 'Street');
    await user.type(within(first).getByRole('textbox', { name: 'Description' }), 'a boat floats');
    const end = within(first).getByRole('spinbutton', { name: 'End' });
    await user.clear(end);
    await user.type(end, '4');

    await user.click(screen.getByRole('button', { name: 'Add shot' }));
    const second = screen.getByRole('group', { name: 'Shot 2' });
    expect(within(second).getByRole('textbox', { name: 'Title' })).toHaveFocus();
    await user.type(within(second).getByRole('textbox', { name: 'Description' }), 'it reaches a drain');
    expect(onValueChange).toHaveBeenLastCalledWith({
      prompt:
        'Watercolour city\n\nShot 1 [00:00-00:04] - Street: a boat floats\nShot 2 [00:04-00:07] - it reaches a drain',
      duration: 10,
    });

    const moveUp = within(second).getByRole('button', { name: 'Move shot 2 earlier' });
    moveUp.focus();
    await user.keyboard('{Enter}');
    const newFirst = screen.getByRole('group', { name: 'Shot 1' });
    expect(within(newFirst).getByRole('textbox', { name: 'Description' })).toHaveValue('it reaches a drain');
    expect(within(newFirst).getByRole('button', { name: 'Move shot 1 later' })).toHaveFocus();
    expect(onValueChange.mock.lastCall?.[0].prompt).toBe(
      'Watercolour city\n\nShot 1 [00:00-00:04] - it reaches a drain\nShot 2 [00:04-00:07] - Street: a boat floats',
    );

    await user.click(screen.getByRole('button', { name: 'Remove shot 2' }));
    expect(screen.queryByRole('group', { name: 'Shot 2' })).not.toBeInTheDocument();
    // Dozens of keystrokes, each re-rendering the timeline: generous for a loaded machine.
  }, 20_000);

  it('warns about overlapping shots next to the shots', () => {
    render(
      <PromptComposer
        defaultValue={{
          prompt: 'Shot 1 [00:00-00:06] - the street\nShot 2 [00:05-00:10] - the drain',
          duration: 10,
        }}
      />,
    );
    const second = screen.getByRole('group', { name: 'Shot 2' });
    expect(descriptions(second).join(' ')).toContain(
      'Shot 2 starts at 00:05, before Shot 1 ends at 00:06: the shots overlap',
    );
    expect(within(second).getByRole('spinbutton', { name: 'Start' })).toHaveAttribute('aria-invalid', 'true');
  });

  it('draws the shots against the duration, with the overlap, the gap and the composed prompt', () => {
    const prompt = 'Shot 1 [00:00-00:06] - the street\nShot 2 [00:05-00:08] - the drain';
    render(<PromptComposer defaultValue={{ prompt, duration: 10 }} />);
    const timeline = screen.getByRole('img', { name: /^Timeline of 10 s/ });
    expect(timeline).toHaveAccessibleName('Timeline of 10 s: shot 1 0–6 s, shot 2 5–8 s; 1 gap, 1 overlap.');
    expect(screen.getByText('Prompt the model reads').closest('details')).toHaveTextContent(
      'Shot 1 [00:00-00:06] - the street',
    );
  });

  it('warns (without flagging the prompt) when references go away, and flags it on submit', async () => {
    const user = userEvent.setup();
    const onSubmit = vi.fn();
    const { rerender } = render(
      <PromptComposer defaultValue={{ prompt: 'image 1 drifts' }} references={{ images: 1 }} onSubmit={onSubmit} />,
    );
    expect(promptField()).not.toHaveAttribute('aria-invalid');
    // As when the picker switches to frames mode: no reference image any more.
    rerender(
      <PromptComposer defaultValue={{ prompt: 'image 1 drifts' }} references={{ images: 0 }} onSubmit={onSubmit} />,
    );
    expect(promptField()).not.toHaveAttribute('aria-invalid');
    expect(descriptions(promptField()).join(' ')).toContain('"image 1" cites a reference that does not exist');
    expect(form()).toHaveAttribute('data-state', 'idle');
    await user.click(screen.getByRole('button', { name: 'Generate' }));
    expect(onSubmit).not.toHaveBeenCalled();
    expect(promptField()).toHaveAttribute('aria-invalid', 'true');
  });

  it('offers to edit pasted shots as shots, and parses them back', async () => {
    const user = userEvent.setup();
    render(<PromptComposer defaultValue={{ prompt: '', duration: 10 }} />);
    await user.click(promptField());
    await user.paste('Rainy city.\nShot 1 [0:00 - 0:05]: Street: a boat\nShot 2 [0:05 - 0:10] - a drain');
    expect(screen.getByText('The pasted text has 2 shots.').closest('[aria-live]')).toHaveAttribute(
      'aria-live',
      'polite',
    );
    await user.click(screen.getByRole('button', { name: 'Edit as shots' }));
    expect(screen.getByRole('switch', { name: 'Multi-shot' })).toBeChecked();
    expect(screen.getByRole('textbox', { name: 'Whole video' })).toHaveValue('Rainy city.');
    const first = screen.getByRole('group', { name: 'Shot 1' });
    expect(within(first).getByRole('textbox', { name: 'Title' })).toHaveValue('Street');
    expect(within(first).getByRole('textbox', { name: 'Description' })).toHaveValue('a boat');
    expect(within(screen.getByRole('group', { name: 'Shot 2' })).getByRole('spinbutton', { name: 'End' })).toHaveValue(
      10,
    );
  });

  it('suggests existing references as a citation is typed, chosen with the keyboard', async () => {
    const user = userEvent.setup();
    render(<PromptComposer references={{ images: 2, videos: 0, audios: 0 }} />);
    await user.type(promptField(), 'The boat from image ');
    const listbox = screen.getByRole('listbox', { name: 'References' });
    const options = within(listbox).getAllByRole('option');
    expect(options.map((option) => option.textContent)).toEqual(['image 1', 'image 2']);
    expect(promptField()).toHaveAttribute('aria-activedescendant', options[0]!.id);
    await user.keyboard('{ArrowDown}');
    expect(promptField()).toHaveAttribute('aria-activedescendant', options[1]!.id);
    expect(options[1]).toHaveAttribute('aria-selected', 'true');
    await user.keyboard('{Enter}');
    expect(promptField()).toHaveValue('The boat from image 2');
    expect(screen.queryByRole('listbox')).not.toBeInTheDocument();
    await user.type(promptField(), ' and video ');
    expect(screen.queryByRole('listbox')).not.toBeInTheDocument();
  });

  it('closes the suggestions with Escape', async () => {
    const user = userEvent.setup();
    render(<PromptComposer references={{ images: 1, videos: 1, audios: 0 }} />);
    await user.type(promptField(), 'video ');
    expect(screen.getByRole('listbox')).toBeInTheDocument();
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('listbox')).not.toBeInTheDocument();
    expect(promptField()).not.toHaveAttribute('aria-activedescendant');
  });

  it('flags citations of references that do not exist and blocks submit', async () => {
    const user = userEvent.setup();
    const onSubmit = vi.fn();
    render(
      <PromptComposer
        defaultValue={{ prompt: 'image 1 meets image 3' }}
        references={{ images: 2, videos: 0, audios: 0 }}
        onSubmit={onSubmit}
      />,
    );
    expect(promptField()).toHaveAttribute('aria-invalid', 'true');
    expect(descriptions(promptField()).join(' ')).toContain('"image 3" cites a reference that does not exist');
    expect(form()).toHaveAttribute('data-state', 'invalid');
    await user.click(screen.getByRole('button', { name: 'Generate' }));
    expect(onSubmit).not.toHaveBeenCalled();
  });

  it('offers only what the server config allows', () => {
    render(<PromptComposer config={limitedConfig} defaultValue={{ prompt: 'A boat', resolution: '480p' }} />);
    const ratios = within(screen.getByRole('group', { name: 'Aspect ratio' })).getAllByRole('radio');
    expect(ratios.map((radio) => radio.getAttribute('value'))).toEqual(['16:9', '9:16']);
    const durations = within(screen.getByRole('combobox', { name: 'Duration' })).getAllByRole('option');
    expect(durations.map((option) => option.textContent)).toEqual(['4 seconds', '5 seconds']);
    expect(within(screen.getByRole('group', { name: 'Resolution' })).getAllByRole('radio')).toHaveLength(1);
    const audio = screen.getByRole('switch', { name: 'Native audio' });
    expect(audio).toBeDisabled();
    expect(descriptions(audio)).toContain('This server does not allow audio.');
  });

  it('flags a value the server config does not allow next to its field', () => {
    render(<PromptComposer config={limitedConfig} defaultValue={{ prompt: 'A boat', duration: 15 }} />);
    const duration = screen.getByRole('combobox', { name: 'Duration' });
    expect(duration).toHaveAttribute('aria-invalid', 'true');
    expect(descriptions(duration)).toContain('This server does not allow 15 seconds: choose another value');
  });

  it('locks and re-rolls the seed', async () => {
    const user = userEvent.setup();
    const onValueChange = vi.fn();
    render(<PromptComposer defaultValue={{ prompt: 'A boat' }} onValueChange={onValueChange} />);
    await user.click(screen.getByRole('switch', { name: 'Random seed' }));
    const locked = onValueChange.mock.lastCall?.[0].seed as number;
    expect(locked).toBeGreaterThanOrEqual(0);
    expect(screen.getByRole('spinbutton', { name: 'Seed number' })).toHaveValue(locked);
    const random = vi.spyOn(Math, 'random').mockReturnValue(0.5);
    await user.click(screen.getByRole('button', { name: 'New seed' }));
    random.mockRestore();
    expect(onValueChange.mock.lastCall?.[0].seed).toBe(1_073_741_823);
  });

  it('shows an estimate of time and cost, labelled as such', () => {
    render(<PromptComposer defaultValue={{ prompt: 'A boat', duration: 5, resolution: '720p' }} />);
    expect(screen.getByText('Estimate').parentElement).toHaveTextContent('Estimate ~87–117 s · $0.30');
  });

  it('shows server issues next to their fields', () => {
    render(
      <PromptComposer
        defaultValue={{ prompt: 'A boat' }}
        issues={[{ path: ['resolution'], message: 'resolution 720p is above this plan' }]}
      />,
    );
    expect(descriptions(screen.getByRole('group', { name: 'Resolution' }))).toContain(
      'Resolution 720p is above this plan',
    );
  });

  it('grows the textarea with its text', () => {
    render(<PromptComposer />);
    const field = promptField();
    Object.defineProperty(field, 'scrollHeight', { configurable: true, get: () => 180 });
    fireEvent.change(field, { target: { value: 'line\nline\nline\nline\nline\nline' } });
    expect(field.style.height).toBe('182px');
  });
});
