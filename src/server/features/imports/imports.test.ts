import { describe, expect, it } from 'vitest';
import { AppError } from '../../platform/errors.ts';
import { cellsForDisplay, decodeCells, encodeCells } from './imports.cells.ts';
import { createJobRunner } from './imports.jobs.ts';
import { createSummaryCounter, emptyDiff } from './imports.summary.ts';
import type { RowFinding } from './validate/index.ts';

const err = (code: string): RowFinding => ({ code, severity: 'error', message: { id: code, en: code } });
const warn = (code: string): RowFinding => ({ code, severity: 'warning', message: { id: code, en: code } });

describe('summary counter', () => {
  it('counts rejected rows per error code, warnings of accepted rows, families and persons', () => {
    const c = createSummaryCounter('kemensos');
    c.add({ rejected: false, findings: [], kkNumber: 'A', nik: '1' });
    c.add({ rejected: false, findings: [warn('nik_not_provided')], kkNumber: 'A', nik: null });
    c.add({
      rejected: true,
      findings: [err('nik_bad_day'), err('nik_bad_day'), err('kk_non_digit'), warn('x')],
      kkNumber: null,
      nik: null,
    });
    c.add({ rejected: false, findings: [warn('region_fuzzy_match')], kkNumber: 'B', nik: '2' });
    c.addLate([warn('kk_no_head'), warn('kk_no_head')]);
    const s = c.result(emptyDiff(3));
    expect(s).toEqual({
      rowsRead: 4,
      accepted: 3,
      rejected: 1,
      rejectedByReason: { nik_bad_day: 1, kk_non_digit: 1 },
      warningsByCode: { nik_not_provided: 1, region_fuzzy_match: 1, kk_no_head: 2 },
      families: 2,
      persons: 3,
      diff: { ...emptyDiff(), previousReleaseId: 3 },
    });
  });

  it('counts beneficiaries by distinct NIK and no families', () => {
    const c = createSummaryCounter('beneficiaries');
    c.add({ rejected: false, findings: [], kkNumber: 'A', nik: '1' });
    c.add({ rejected: false, findings: [], kkNumber: 'A', nik: '1' });
    c.add({ rejected: false, findings: [], kkNumber: null, nik: '2' });
    expect(c.result(null)).toMatchObject({ accepted: 3, persons: 2, families: 0 });
  });
});

describe('stored cells', () => {
  it('keeps dates as dates and everything else as read', () => {
    const date = new Date(Date.UTC(1980, 7, 17));
    const stored = JSON.parse(JSON.stringify(encodeCells(['A', 1, true, null, date]))) as unknown;
    expect(decodeCells(stored)).toEqual(['A', 1, true, null, date]);
    expect(cellsForDisplay(stored)).toEqual(['A', 1, true, null, '1980-08-17']);
    expect(decodeCells('not an array')).toEqual([]);
  });
});

describe('job runner', () => {
  it('runs jobs one after another with progress, and keeps failures with both messages', async () => {
    const runner = createJobRunner();
    const order: string[] = [];
    let release: () => void = () => undefined;
    const gate = new Promise<void>((r) => (release = r));
    const a = runner.enqueue(1, 'stage', async (report) => {
      order.push('a start');
      report({ phase: 'validating', done: 5, total: 10 });
      await gate;
      order.push('a end');
    });
    const b = runner.enqueue(2, 'commit', async () => {
      order.push('b');
      throw new AppError('import_not_staged', 409, { id: 'belum', en: 'not yet' });
    });
    await new Promise((r) => setTimeout(r, 10));
    expect(runner.get(a.id)?.state).toBe('running');
    expect(runner.get(a.id)?.progress).toMatchObject({ phase: 'validating', done: 5, total: 10 });
    expect(runner.get(b.id)?.state).toBe('queued');
    expect(runner.activeBatches().sort()).toEqual([1, 2]);
    release();
    await runner.idle();
    expect(order).toEqual(['a start', 'a end', 'b']);
    expect(runner.get(a.id)?.state).toBe('done');
    expect(runner.get(b.id)).toMatchObject({
      state: 'failed',
      error: { code: 'import_not_staged', messages: { id: 'belum', en: 'not yet' } },
    });
    expect(runner.latestFor(2)?.id).toBe(b.id);
    expect(runner.activeBatches()).toEqual([]);
  });
});
