import { describe, expect, it } from 'vitest';
import { createMockTransport } from './mock-transport';

describe('createMockTransport', () => {
  it('walks a job through queued → running → succeeded on its clock', async () => {
    let now = 0;
    const transport = createMockTransport({ queuedMs: 100, runningMs: 200, now: () => now, lastFrameUrl: '/last.jpg' });
    const job = await transport.submit({ prompt: 'a', return_last_frame: true }, { idempotencyKey: 'k1' });
    expect(job.status).toBe('queued');
    now = 150;
    expect((await transport.getJob(job.id)).status).toBe('running');
    now = 300;
    const done = await transport.getJob(job.id);
    expect(done).toMatchObject({
      status: 'succeeded',
      result: { lastFrameUrl: '/last.jpg', contentType: 'video/mp4' },
    });
    expect(done.pollAfterMs).toBeUndefined();
  });

  it('validates with the real schema and honours idempotency keys', async () => {
    const transport = createMockTransport();
    await expect(transport.submit({ prompt: '' }, { idempotencyKey: 'k' })).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
    });
    const first = await transport.submit({ prompt: 'a' }, { idempotencyKey: 'same' });
    const second = await transport.submit({ prompt: 'a' }, { idempotencyKey: 'same' });
    expect(second.id).toBe(first.id);
    expect(transport.calls.filter((call) => call.method === 'submit')).toHaveLength(3);
  });

  it('ends in the scripted failure', async () => {
    const transport = createMockTransport({
      queuedMs: 0,
      runningMs: 0,
      outcome: { status: 'failed', error: { code: 'GENERATION_FAILED', message: 'No.', retryable: true } },
    });
    const job = await transport.submit({ prompt: 'a' }, { idempotencyKey: 'k' });
    expect(job).toMatchObject({ status: 'failed', error: { code: 'GENERATION_FAILED' } });
  });
});
