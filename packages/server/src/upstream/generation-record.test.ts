import { describe, expect, it } from 'vitest';
import { readGenerationRecord } from './generation-record';

const ID = '5708ee2c54894941661597cd38eb68af';

describe('readGenerationRecord', () => {
  it('reads the fields the SDK names: model_status, generation_url, credits_deduction, latency_ms, request_body', () => {
    const record = {
      request_id: ID,
      model_name: 'seedance-2.0-fast',
      model_status: 'COMPLETED',
      generation_url: 'https://images.segmind.com/generations/x.mp4',
      credits_deduction: 0.77,
      latency_ms: 98_500,
      request_body: { prompt: 'p', seed: 9 },
    };
    expect(readGenerationRecord(record, ID)).toMatchObject({
      status: 'COMPLETED',
      output: record.generation_url,
      seed: 9,
      metrics: { cost: 0.77, totalTime: 98.5 },
    });
    expect(readGenerationRecord({ ...record, model_status: 'PENDING' }, ID)).toMatchObject({
      status: 'UNKNOWN',
      rawStatus: 'PENDING',
    });
  });

  it('reads a bare record, one under data, and the matching row of a list', () => {
    const row = { request_id: ID, status: 'completed', output: 'https://images.segmind.com/generations/x.mp4' };
    for (const body of [row, { data: row }, { data: [{ ...row, request_id: 'other' }, row] }]) {
      expect(readGenerationRecord(body, ID)).toMatchObject({ status: 'COMPLETED', output: row.output });
    }
  });

  it('takes cost from credits_deduction, time from latency_ms, the seed from the record or its request body', () => {
    expect(
      readGenerationRecord(
        {
          request_id: ID,
          status: 'COMPLETED',
          credits_deduction: '0.77',
          latency_ms: 98_500,
          request_body: { seed: 7 },
        },
        ID,
      ),
    ).toMatchObject({ metrics: { cost: 0.77, totalTime: 98.5 }, seed: 7 });
  });

  it('keeps a FAILED record’s error and an unknown status as UNKNOWN', () => {
    expect(readGenerationRecord({ request_id: ID, status: 'FAILED', error: 'Model error' }, ID)).toMatchObject({
      status: 'FAILED',
      error: 'Model error',
    });
    expect(readGenerationRecord({ request_id: ID, status: 'STARTING' }, ID)).toMatchObject({
      status: 'UNKNOWN',
      rawStatus: 'STARTING',
    });
  });

  it('finds nothing in another id’s row, an error body, or something that is not a record', () => {
    expect(readGenerationRecord({ request_id: 'other', status: 'COMPLETED' }, ID)).toBeUndefined();
    expect(readGenerationRecord({ error: 'Generation not found' }, ID)).toBeUndefined();
    expect(readGenerationRecord({ data: [] }, ID)).toBeUndefined();
    expect(readGenerationRecord('not json', ID)).toBeUndefined();
    expect(readGenerationRecord(null, ID)).toBeUndefined();
  });
});
