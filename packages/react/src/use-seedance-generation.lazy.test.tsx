import type { GenerationInput, SeedanceError } from '@seedance-kit/core';
import { act, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';

// generate() loads its code (the input schema and the submit) as a chunk of its own on the first call. These tests
// take a fresh copy of the hook whose chunk loads only when a test says so, or fails to load.

type SubmitPath = typeof import('./internal/submit-path');

interface Gate {
  open(outcome: 'load' | 'fail'): void;
  loads: number;
}

async function freshHook(): Promise<{
  gate: Gate;
  hook: typeof import('./use-seedance-generation');
  render: typeof import('./testing/render-with-providers').renderWithProviders;
}> {
  const actual = await vi.importActual<SubmitPath>('./internal/submit-path');
  let release: ((outcome: 'load' | 'fail') => void) | undefined;
  const gate: Gate = { open: (outcome) => release?.(outcome), loads: 0 };
  vi.doMock('./internal/submit-path', async () => {
    gate.loads += 1;
    const outcome = await new Promise<'load' | 'fail'>((resolve) => {
      release = resolve;
    });
    if (outcome === 'fail') throw new TypeError('Failed to fetch dynamically imported module');
    return actual;
  });
  vi.resetModules();
  const hook = await import('./use-seedance-generation');
  const { renderWithProviders } = await import('./testing/render-with-providers');
  return { gate, hook, render: renderWithProviders };
}

afterEach(() => {
  vi.doUnmock('./internal/submit-path');
  vi.resetModules();
});

/** The buttons a host would render, over the fresh copy of the hook given as `hook`. */
function Page({
  hook,
  errors = [],
  input,
}: {
  hook: typeof import('./use-seedance-generation');
  errors?: SeedanceError[];
  input: GenerationInput;
}) {
  const generation = hook.useSeedanceGeneration();
  return (
    <main>
      <button type="button" onClick={() => void generation.generate(input).catch((error) => errors.push(error))}>
        Generate
      </button>
      <button type="button" onClick={() => void generation.cancel()}>
        Cancel
      </button>
      <button type="button" onClick={generation.reset}>
        Start over
      </button>
      <section aria-label="Generation" data-state={generation.status} data-error={generation.error?.code} />
    </main>
  );
}

const region = () => screen.getByRole('region', { name: 'Generation' });
const click = (name: string) => act(async () => screen.getByRole('button', { name }).click());

describe('useSeedanceGeneration, the first generate', () => {
  it('sends nothing and stays idle until its code has loaded, then validates and submits', async () => {
    const { gate, hook, render } = await freshHook();
    const props = { hook, errors: [], input: { prompt: 'A lighthouse at dawn' } };
    const { transport } = render(<Page {...props} />, { transport: { queuedMs: 0, runningMs: 60_000 } });
    await click('Generate');
    expect(gate.loads).toBe(1);
    expect(region()).toHaveAttribute('data-state', 'idle');
    expect(transport.calls).toHaveLength(0);
    await act(async () => gate.open('load'));
    await waitFor(() => expect(transport.calls.map((call) => call.method)).toEqual(['submit']));
    await waitFor(() => expect(region()).not.toHaveAttribute('data-state', 'idle'));
  });

  it('refuses an invalid input once loaded, without a request', async () => {
    const { gate, hook, render } = await freshHook();
    const errors: SeedanceError[] = [];
    const props = { hook, errors, input: { prompt: '', duration: 7 as never } };
    const { transport } = render(<Page {...props} />);
    await click('Generate');
    await act(async () => gate.open('load'));
    await waitFor(() => expect(region()).toHaveAttribute('data-error', 'VALIDATION_FAILED'));
    expect(region()).toHaveAttribute('data-state', 'idle');
    expect(errors[0]?.issues?.map((issue) => issue.path[0])).toEqual(['prompt', 'duration']);
    expect(transport.calls).toHaveLength(0);
  });

  it('ends in a retryable NETWORK_ERROR when the code cannot load, and loads it again on the next generate', async () => {
    const { gate, hook, render } = await freshHook();
    const errors: SeedanceError[] = [];
    const props = { hook, errors, input: { prompt: 'A lighthouse at dawn' } };
    const { transport } = render(<Page {...props} />, { transport: { queuedMs: 0, runningMs: 60_000 } });
    await click('Generate');
    await act(async () => gate.open('fail'));
    await waitFor(() => expect(region()).toHaveAttribute('data-state', 'failed'));
    expect(region()).toHaveAttribute('data-error', 'NETWORK_ERROR');
    expect(transport.calls).toHaveLength(0);

    // A second failed load ends in the same status: its promise is still settled.
    await click('Generate');
    expect(gate.loads).toBe(2);
    await act(async () => gate.open('fail'));
    await waitFor(() => expect(errors.map((error) => error.code)).toEqual(['NETWORK_ERROR', 'NETWORK_ERROR']));
    expect(region()).toHaveAttribute('data-state', 'failed');

    await click('Generate');
    expect(gate.loads).toBe(3);
    await act(async () => gate.open('load'));
    await waitFor(() => expect(transport.calls.map((call) => call.method)).toEqual(['submit']));
  });

  it('cancel() while the code loads ends in canceled and sends nothing, even once it has loaded', async () => {
    const { gate, hook, render } = await freshHook();
    const errors: SeedanceError[] = [];
    const props = { hook, errors, input: { prompt: 'A lighthouse at dawn' } };
    const { transport } = render(<Page {...props} />);
    await click('Generate');
    await click('Cancel');
    expect(region()).toHaveAttribute('data-state', 'canceled');
    await act(async () => gate.open('load'));
    await act(async () => {
      await new Promise((resolve) => setTimeout(resolve, 20));
    });
    expect(region()).toHaveAttribute('data-state', 'canceled');
    expect(transport.calls).toHaveLength(0);
    expect(errors.map((error) => error.code)).toEqual(['CANCELED']);

    // Canceled again from `canceled` (the code is loaded now, so this one was submitted): no status changes, but the
    // second generate's promise is settled all the same.
    await click('Generate');
    await click('Cancel');
    await waitFor(() => expect(errors.map((error) => error.code)).toEqual(['CANCELED', 'CANCELED']));
    expect(region()).toHaveAttribute('data-state', 'canceled');
  });

  it('reset() while the code loads returns to idle and sends nothing', async () => {
    const { gate, hook, render } = await freshHook();
    const props = { hook, errors: [], input: { prompt: 'A lighthouse at dawn' } };
    const { transport } = render(<Page {...props} />);
    await click('Generate');
    await click('Start over');
    await act(async () => gate.open('load'));
    await act(async () => {
      await new Promise((resolve) => setTimeout(resolve, 20));
    });
    expect(region()).toHaveAttribute('data-state', 'idle');
    expect(transport.calls).toHaveLength(0);
  });
});
