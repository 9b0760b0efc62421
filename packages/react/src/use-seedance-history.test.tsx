import type { GenerationJob, SeedanceTransport } from '@seedance-kit/core';
import type { JobList } from '@seedance-kit/core/protocol';
import { createMockTransport, mockError } from '@seedance-kit/core/testing';
import { act, fireEvent, screen, waitFor } from '@testing-library/react';
import { useState } from 'react';
import { describe, expect, it } from 'vitest';
import { createPersistence } from './persistence';
import { createJobFixture } from './testing/job-fixtures';
import { renderWithProviders } from './testing/render-with-providers';
import { useSeedanceGeneration } from './use-seedance-generation';
import { useSeedanceHistory } from './use-seedance-history';

/** A generator and its history on one `persist`, as the studio wires them. */
function Page({ persistKey }: { persistKey: string }) {
  const [persist] = useState(() => createPersistence('memory'));
  const generation = useSeedanceGeneration({ persist, persistKey });
  const history = useSeedanceHistory({ persist, persistKey, pageSize: 2 });
  return (
    <main>
      <button type="button" onClick={() => void generation.generate({ prompt: 'A lighthouse' }).catch(() => {})}>
        Generate
      </button>
      <output aria-label="Status">{generation.status}</output>
      <output aria-label="Source">{history.source}</output>
      <output aria-label="History error">{history.error?.message ?? ''}</output>
      <ul aria-label="History">
        {history.entries.map((entry) => (
          <li key={entry.job.id}>
            {entry.input?.prompt}
            <button type="button" onClick={() => void history.remove(entry.job.id).catch(() => {})}>
              Remove {entry.job.id}
            </button>
          </li>
        ))}
      </ul>
      {history.hasMore ? (
        <button type="button" onClick={() => void history.loadMore()}>
          Older
        </button>
      ) : null}
    </main>
  );
}

const listed = () => screen.queryAllByRole('listitem').map((item) => item.firstChild?.textContent);
const click = (name: string) =>
  act(async () => {
    fireEvent.click(screen.getByRole('button', { name }));
  });

/** Five succeeded jobs and a failed one on the "server", newest first, served page by page. */
function listingTransport() {
  const mock = createMockTransport({ queuedMs: 0, runningMs: 50, pollAfterMs: 20 });
  let jobs: GenerationJob[] = [1, 2, 3, 4, 5].map((n) =>
    createJobFixture('succeeded', { id: `server-${n}`, input: { ...base, prompt: `Server clip ${n}` } }),
  );
  jobs.splice(1, 0, createJobFixture('failed', { id: 'server-failed' }));
  const deleted: string[] = [];
  const transport: SeedanceTransport = {
    ...mock,
    async listGenerations({ cursor, limit = 20 } = {}): Promise<JobList> {
      const start = cursor === undefined ? 0 : Number(cursor);
      const end = start + limit;
      return { jobs: jobs.slice(start, end), nextCursor: end < jobs.length ? String(end) : null };
    },
    async deleteGeneration(jobId) {
      deleted.push(jobId);
      jobs = jobs.filter((job) => job.id !== jobId);
      return { deleted: true };
    },
  };
  return { transport: Object.assign(transport, { calls: mock.calls }), deleted };
}
const base = { aspectRatio: '16:9', duration: 5, resolution: '720p', generateAudio: false } as const;

describe('useSeedanceHistory', () => {
  it("keeps this tab's videos when the transport lists no server history", async () => {
    renderWithProviders(<Page persistKey="tab-only" />, { transport: { queuedMs: 0, runningMs: 50, pollAfterMs: 20 } });
    await click('Generate');
    await waitFor(() => expect(screen.getByLabelText('Status').textContent).toBe('succeeded'));
    await waitFor(() => expect(listed()).toEqual(['A lighthouse']));
    expect(screen.getByLabelText('Source').textContent).toBe('tab');
    expect(screen.getByLabelText('History error').textContent).toBe('');
    await click('Remove mock-job-1');
    expect(listed()).toEqual([]);
  });

  it("reads the server's history newest first, page by page, and forgets a video there", async () => {
    const { transport, deleted } = listingTransport();
    renderWithProviders(<Page persistKey="server" />, { transport: transport as never });
    await waitFor(() => expect(screen.getByLabelText('Source').textContent).toBe('server'));
    // Page 1 holds a succeeded and a failed job: only videos are history.
    expect(listed()).toEqual(['Server clip 1']);
    await click('Older');
    await waitFor(() => expect(listed()).toEqual(['Server clip 1', 'Server clip 2', 'Server clip 3']));
    await click('Remove server-2');
    expect(deleted).toEqual(['server-2']);
    await waitFor(() => expect(listed()).toEqual(['Server clip 1', 'Server clip 3', 'Server clip 4']));
  });

  it("falls back to this tab's videos and says why when the server's list fails", async () => {
    const { transport } = listingTransport();
    const failing = {
      ...transport,
      listGenerations: () => Promise.reject(mockError('FORBIDDEN')),
    };
    renderWithProviders(<Page persistKey="failing" />, { transport: failing as never });
    await click('Generate');
    await waitFor(() => expect(listed()).toEqual(['A lighthouse']));
    expect(screen.getByLabelText('Source').textContent).toBe('tab');
    expect(screen.getByLabelText('History error').textContent).toBe('Mock forbidden.');
  });
});
