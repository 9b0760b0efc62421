import { createMockTransport } from '@seedance-kit/core/testing';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { act } from 'react';
import { hydrateRoot } from 'react-dom/client';
import { renderToString } from 'react-dom/server';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { SeedanceProvider } from '../seedance-provider';
import { SeedanceStudio } from './seedance-studio';

// Runs in Chromium: the page is rendered to HTML as a server (or a Next.js prerender) would, then hydrated in a real
// browser whose sessionStorage holds a running job, as after a reload.

function App({
  transport,
  queryClient,
}: {
  transport: ReturnType<typeof createMockTransport>;
  queryClient: QueryClient;
}) {
  return (
    <QueryClientProvider client={queryClient}>
      <SeedanceProvider transport={transport}>
        <SeedanceStudio persist="session" />
      </SeedanceProvider>
    </QueryClientProvider>
  );
}

/** Calls `render` while counting every read of the clock and of storage. */
function counting<T>(render: () => T): { value: T; clockReads: number; storageReads: number } {
  const now = vi.spyOn(Date, 'now');
  const getItem = vi.spyOn(Storage.prototype, 'getItem');
  try {
    const value = render();
    return { value, clockReads: now.mock.calls.length, storageReads: getItem.mock.calls.length };
  } finally {
    now.mockRestore();
    getItem.mockRestore();
  }
}

afterEach(() => {
  sessionStorage.clear();
  document.body.replaceChildren();
});

describe('SeedanceStudio, rendered on a server and hydrated', () => {
  it('reads no clock and no storage while rendering, hydrates without a mismatch, then resumes the saved job', async () => {
    const transport = createMockTransport({ queuedMs: 0, runningMs: 1500, pollAfterMs: 100 });
    const job = await transport.submit({ prompt: 'A paper boat' }, { idempotencyKey: 'before-reload' });
    sessionStorage.setItem(
      'seedance-kit:default:active',
      JSON.stringify({ jobId: job.id, input: { prompt: 'A paper boat' }, job: { ...job, status: 'running' } }),
    );
    const submitsBefore = transport.calls.filter((call) => call.method === 'submit').length;

    const server = counting(() => renderToString(<App transport={transport} queryClient={new QueryClient()} />));
    expect(server.clockReads).toBe(0);
    expect(server.storageReads).toBe(0);
    expect(server.value).toContain('data-state="idle"');

    const container = document.createElement('div');
    container.innerHTML = server.value;
    document.body.append(container);
    const recoverable: unknown[] = [];
    const consoleErrors: unknown[][] = [];
    const consoleError = vi.spyOn(console, 'error').mockImplementation((...parts) => void consoleErrors.push(parts));
    try {
      const queryClient = new QueryClient();
      const hydration = counting(() => {
        let root: ReturnType<typeof hydrateRoot> | undefined;
        // Hydration renders synchronously inside act; effects (which may read storage) run after it returns.
        act(() => {
          root = hydrateRoot(container, <App transport={transport} queryClient={queryClient} />, {
            onRecoverableError: (error) => void recoverable.push(error),
          });
        });
        return root;
      });
      const studio = () => container.querySelector('[data-state]');
      await vi.waitFor(() => expect(studio()?.getAttribute('data-state')).toBe('running'), { timeout: 3000 });
      // What is being made is on the page again: its prompt back in the form, and the stage says it resumed.
      expect(container.querySelector('textarea')?.value).toBe('A paper boat');
      expect(container.querySelector('[role="status"]')?.textContent).toContain('Still generating “A paper boat”');
      await vi.waitFor(() => expect(studio()?.getAttribute('data-state')).toBe('succeeded'), { timeout: 5000 });
      expect(recoverable).toEqual([]);
      expect(consoleErrors.filter((parts) => /hydrat|#418|did not match/i.test(parts.join(' ')))).toEqual([]);
      expect(transport.calls.filter((call) => call.method === 'submit')).toHaveLength(submitsBefore);
      expect(hydration.value).toBeDefined();
      act(() => hydration.value?.unmount());
    } finally {
      consoleError.mockRestore();
    }
  });
});
