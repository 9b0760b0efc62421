import { createSignerTransport, SeedanceError, type SeedanceTransport } from '@seedance-kit/core';
import type { GenerationStatus } from '@seedance-kit/core/client';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { SeedanceProvider } from './seedance-provider';
import type { ProxiedRequest } from './testing/browser-signer-process';
import { useSeedanceGeneration } from './use-seedance-generation';

// Runs in Chromium against a real signer and the Segmind emulator (started by the project's global setup), reached
// cross-origin through a test proxy that can cut event streams and reports the requests it saw.

const baseUrl = inject('browserSignerUrl');
let users = 0;
const newUser = () => `sse-${Date.now()}-${++users}`;

afterEach(() => {
  cleanup();
});

function transportFor(user: string, cutEvents = false): SeedanceTransport {
  return createSignerTransport({
    baseUrl,
    headers: { 'x-test-user': user, ...(cutEvents ? { 'x-test-cut-events': '1' } : {}) },
  });
}

async function requestsOf(user: string): Promise<ProxiedRequest[]> {
  const response = await fetch(`${new URL(baseUrl).origin}/__requests?user=${encodeURIComponent(user)}`);
  return (await response.json()) as ProxiedRequest[];
}

function Generator({ statuses }: { statuses: GenerationStatus[] }) {
  const generation = useSeedanceGeneration({ onStatusChange: (state) => void statuses.push(state.status) });
  return (
    <main>
      <button
        type="button"
        onClick={() => void generation.generate({ prompt: 'A kite over the dunes' }).catch(() => {})}
      >
        Generate
      </button>
      <output aria-label="Status">{generation.status}</output>
      <output aria-label="Error">{generation.error?.message ?? ''}</output>
    </main>
  );
}

async function generateWith(transport: SeedanceTransport): Promise<GenerationStatus[]> {
  const statuses: GenerationStatus[] = [];
  render(
    <QueryClientProvider client={new QueryClient()}>
      <SeedanceProvider transport={transport}>
        <Generator statuses={statuses} />
      </SeedanceProvider>
    </QueryClientProvider>,
  );
  await act(async () => {
    fireEvent.click(screen.getByRole('button', { name: 'Generate' }));
  });
  await expect
    .poll(() => screen.getByLabelText('Status').textContent, { timeout: 30_000, interval: 100 })
    .toMatch(/succeeded|failed|expired|canceled/);
  return statuses;
}

const isJobRead = (request: ProxiedRequest) =>
  request.method === 'GET' && /^\/api\/seedance\/generations\/[^/?]+$/.test(request.path);
const isStream = (request: ProxiedRequest) => request.method === 'GET' && request.path.endsWith('/events');

describe('useSeedanceGeneration in Chromium, against a real signer', () => {
  it('reaches succeeded through the event stream alone, with polling disabled', async () => {
    const user = newUser();
    const signer = transportFor(user);
    let polls = 0;
    // Polling off: every read of the job fails the generation loudly, so only the stream can bring it to the end.
    const streamOnly: SeedanceTransport = {
      ...signer,
      getJob: async () => {
        polls += 1;
        throw new SeedanceError('MISCONFIGURED', 'Polling is disabled in this test: the job must arrive by stream.');
      },
    };
    const statuses = await generateWith(streamOnly);
    expect(screen.getByLabelText('Error').textContent).toBe('');
    expect(statuses).toEqual(['submitting', 'queued', 'running', 'succeeded']);
    expect(polls).toBe(0);
    const requests = await requestsOf(user);
    expect(requests.filter(isJobRead)).toEqual([]);
    expect(requests.filter(isStream)).toHaveLength(1);
  });

  it('falls back to polling when the stream is cut mid-run, and still ends in succeeded', async () => {
    const user = newUser();
    const statuses = await generateWith(transportFor(user, true));
    expect(statuses.at(-1)).toBe('succeeded');
    const requests = await requestsOf(user);
    const cutAt = requests.findIndex((request) => isStream(request) && request.cut);
    expect(cutAt).toBeGreaterThanOrEqual(0);
    // The stream was cut before the job ended, and the hook read the job over plain HTTP from then on.
    expect(requests.slice(cutAt + 1).filter(isJobRead).length).toBeGreaterThan(0);
    expect(requests.slice(0, cutAt).filter(isJobRead)).toEqual([]);
  });
});
