import { createSignerTransport, type SeedanceTransport } from '@seedance-kit/core';
import type { GenerationStorage } from '@seedance-kit/core/client';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { act, cleanup, fireEvent, render, within } from '@testing-library/react';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { createPersistence, type GenerationPersistence } from './persistence';
import { seedanceKeys } from './seedance-keys';
import { SeedanceProvider } from './seedance-provider';
import { useSeedanceGeneration } from './use-seedance-generation';
import { useSeedanceHistory } from './use-seedance-history';

// Runs in Chromium against a real signer and the Segmind emulator (the project's global setup). Each "device" has
// its own QueryClient and its own persistence storage; only the user is the same.

const baseUrl = inject('browserSignerUrl');
const user = `history-${Date.now()}`;

afterEach(() => {
  cleanup();
});

/** A storage of one device (what its sessionStorage would be). */
function deviceStorage(): GenerationStorage {
  const items = new Map<string, string>();
  return {
    getItem: (key) => items.get(key) ?? null,
    setItem: (key, value) => void items.set(key, value),
    removeItem: (key) => void items.delete(key),
  };
}

function transportFor(userId: string): SeedanceTransport {
  return createSignerTransport({ baseUrl, headers: { 'x-test-user': userId } });
}

function Device({ persist, generates }: { persist: GenerationPersistence; generates: boolean }) {
  const history = useSeedanceHistory({ persist });
  return (
    <section>
      {generates ? <Generator persist={persist} /> : null}
      <output aria-label="Source">{history.source}</output>
      <ul aria-label="History">
        {history.entries.map((entry) => (
          <li key={entry.job.id} data-job-id={entry.job.id}>
            {entry.input?.prompt}
            <button type="button" onClick={() => void history.remove(entry.job.id)}>
              Remove
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}

function Generator({ persist }: { persist: GenerationPersistence }) {
  const generation = useSeedanceGeneration({ persist });
  return (
    <>
      <button type="button" onClick={() => void generation.generate({ prompt: 'A heron at dawn' }).catch(() => {})}>
        Generate
      </button>
      <output aria-label="Status">{generation.status}</output>
    </>
  );
}

function openDevice(userId: string, generates = false) {
  const queryClient = new QueryClient();
  const view = render(
    <QueryClientProvider client={queryClient}>
      <SeedanceProvider transport={transportFor(userId)}>
        <Device persist={createPersistence(deviceStorage())} generates={generates} />
      </SeedanceProvider>
    </QueryClientProvider>,
  );
  const screen = within(view.container);
  const ids = () => screen.queryAllByRole('listitem').map((item) => item.getAttribute('data-job-id'));
  return { queryClient, screen, ids };
}

describe('useSeedanceHistory in Chromium, against a real signer', () => {
  it('shows the same history on a second device, and forgetting a video there forgets it everywhere', async () => {
    const laptop = openDevice(user, true);
    await expect.poll(() => laptop.screen.getByLabelText('Source').textContent, { timeout: 15_000 }).toBe('server');
    expect(laptop.ids()).toEqual([]);
    await act(async () => {
      fireEvent.click(laptop.screen.getByRole('button', { name: 'Generate' }));
    });
    await expect.poll(() => laptop.screen.getByLabelText('Status').textContent, { timeout: 30_000 }).toBe('succeeded');
    await expect.poll(() => laptop.ids().length, { timeout: 15_000 }).toBe(1);
    const [jobId] = laptop.ids();

    // The phone: another QueryClient, another (empty) storage, the same user.
    const phone = openDevice(user);
    await expect.poll(() => phone.ids(), { timeout: 15_000 }).toEqual([jobId]);
    expect(phone.screen.getByLabelText('Source').textContent).toBe('server');
    expect(phone.screen.getByRole('listitem').textContent).toContain('A heron at dawn');
    // Someone else sees none of it.
    const stranger = openDevice(`${user}-stranger`);
    await expect.poll(() => stranger.screen.getByLabelText('Source').textContent, { timeout: 15_000 }).toBe('server');
    expect(stranger.ids()).toEqual([]);

    await act(async () => {
      fireEvent.click(phone.screen.getByRole('button', { name: 'Remove' }));
    });
    await expect.poll(() => phone.ids(), { timeout: 15_000 }).toEqual([]);
    // The list drops the entry at once (optimistically); the server forgets it when the DELETE lands.
    await expect
      .poll(
        () =>
          transportFor(user)
            .getJob(jobId as string)
            .then(
              (job) => job.status,
              (error: { code?: string }) => error.code,
            ),
        { timeout: 15_000 },
      )
      .toBe('NOT_FOUND');
    await act(() => laptop.queryClient.invalidateQueries({ queryKey: seedanceKeys.history() }));
    await expect.poll(() => laptop.ids(), { timeout: 15_000 }).toEqual([]);
  });
});
