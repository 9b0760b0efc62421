import type { GenerationInput, GenerationJob } from '@seedance-kit/core';
import { isTerminalStatus } from '@seedance-kit/core/protocol';
import { createMockTransport, type MockTransport } from '@seedance-kit/core/testing';
import { act } from '@testing-library/react';
import { Profiler, useState } from 'react';
import { it, vi } from 'vitest';
import { useSeedanceTransport } from '../src/seedance-provider';
import { renderWithProviders } from '../src/testing/render-with-providers';
import { useSeedanceGeneration } from '../src/use-seedance-generation';

/**
 * Render-count benchmark: one simulated 90 s generation (10 s queued, 80 s running, the server asking for a poll
 * every second), watched by `useSeedanceGeneration` and by the naive `useState` + `setInterval` hook most apps
 * write first, in the same run. React's Profiler counts commits; a commit is put down to a status change when the
 * status differs from the previous commit's, and to a poll that changed nothing otherwise. Figures, not asserts.
 */

const INPUT: GenerationInput = { prompt: 'A paper boat drifting down a rainy street' };
const SIMULATION = { queuedMs: 10_000, runningMs: 80_000, pollAfterMs: 1000 };

interface Tally {
  commits: number;
  statusChanges: number;
  noOpCommits: number;
  statuses: string[];
}

function tallyFor(): { tally: Tally; onCommit: (status: string) => void } {
  const tally: Tally = { commits: 0, statusChanges: 0, noOpCommits: 0, statuses: [] };
  let previous: string | undefined;
  return {
    tally,
    onCommit(status) {
      tally.commits += 1;
      if (status !== previous) {
        tally.statusChanges += previous === undefined ? 0 : 1;
        tally.statuses.push(status);
      } else {
        tally.noOpCommits += 1;
      }
      previous = status;
    },
  };
}

/** The hook most apps write first: a status, the job, and a poll every second that sets both. */
function useNaiveGeneration() {
  const transport = useSeedanceTransport();
  const [status, setStatus] = useState('idle');
  const [job, setJob] = useState<GenerationJob | undefined>(undefined);
  const generate = async (input: GenerationInput) => {
    setStatus('submitting');
    const submitted = await transport.submit(input, { idempotencyKey: crypto.randomUUID() });
    setJob(submitted);
    setStatus(submitted.status);
    const timer = setInterval(async () => {
      const next = await transport.getJob(submitted.id);
      setJob(next);
      setStatus(next.status);
      if (isTerminalStatus(next.status)) clearInterval(timer);
    }, 1000);
  };
  return { status, job, generate };
}

function Ours({ statusOf, start }: { statusOf: { current: string }; start: { current?: () => void } }) {
  const generation = useSeedanceGeneration();
  statusOf.current = generation.status;
  start.current = () => void generation.generate(INPUT).catch(() => {});
  return <p data-state={generation.status}>{generation.job?.updatedAt}</p>;
}

function Naive({ statusOf, start }: { statusOf: { current: string }; start: { current?: () => void } }) {
  const generation = useNaiveGeneration();
  statusOf.current = generation.status;
  start.current = () => void generation.generate(INPUT);
  return <p data-state={generation.status}>{generation.job?.updatedAt}</p>;
}

async function simulate(Watcher: typeof Ours): Promise<Tally & { requests: number }> {
  const transport: MockTransport = createMockTransport(SIMULATION);
  const statusOf = { current: 'idle' };
  const start: { current?: () => void } = {};
  const { tally, onCommit } = tallyFor();
  const view = renderWithProviders(
    <Profiler id="watcher" onRender={() => onCommit(statusOf.current)}>
      <Watcher statusOf={statusOf} start={start} />
    </Profiler>,
    { transport },
  );
  await act(async () => start.current?.());
  for (let second = 0; second < 95; second++) await act(() => vi.advanceTimersByTimeAsync(1000));
  view.unmount();
  return { ...tally, requests: transport.calls.length };
}

it('counts renders over a simulated 90 s generation', async () => {
  vi.useFakeTimers();
  const ours = await simulate(Ours);
  const naive = await simulate(Naive);
  vi.useRealTimers();
  const row = (name: string, result: Tally & { requests: number }) => ({
    hook: name,
    'renders (commits)': result.commits,
    'status changes': result.statusChanges,
    'renders per status change': round(result.commits / Math.max(1, result.statusChanges)),
    'renders from polls that changed nothing': result.noOpCommits,
    'requests to the signer': result.requests,
    statuses: result.statuses.join(' → '),
  });
  console.info('\nRender-count benchmark: one 90 s generation (10 s queued, 80 s running, pollAfterMs 1000)\n');
  console.info(formatTable([row('useSeedanceGeneration', ours), row('naive useState + setInterval', naive)]));
  console.info(
    `\nRatios (naive / ours): renders ${round(naive.commits / ours.commits)}x, requests ${round(naive.requests / ours.requests)}x; no-op renders ${ours.noOpCommits} vs ${naive.noOpCommits}.\n`,
  );
});

function formatTable(rows: Record<string, string | number>[]): string {
  const columns = Object.keys(rows[0] ?? {});
  const widths = columns.map((column) => Math.max(column.length, ...rows.map((row) => String(row[column]).length)));
  const line = (cells: string[]) => cells.map((cell, index) => cell.padEnd(widths[index] ?? 0)).join(' | ');
  return [
    line(columns),
    widths.map((width) => '-'.repeat(width)).join('-|-'),
    ...rows.map((row) => line(columns.map((column) => String(row[column])))),
  ].join('\n');
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}
