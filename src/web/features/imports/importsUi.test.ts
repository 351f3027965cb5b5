import { describe, expect, it } from 'vitest';
import type { ImportBatchDetail, ImportField } from '../../api/types.ts';
import {
  assignField,
  batchActions,
  columnKeys,
  countRows,
  followUpLine,
  followUpOf,
  formatBytes,
  isBusy,
  jobPercent,
  mappingRows,
  missingRequiredGroups,
  phaseOf,
  type ImportFollowUp,
} from './importsUi.ts';

const field = (key: string, requiredGroup: string[] | null = null): ImportField => ({
  key,
  label: { id: key, en: key },
  kind: 'text',
  level: 'person',
  required: requiredGroup !== null,
  requiredGroup,
});

describe('columnKeys', () => {
  it('names repeated headers HEADER#n like the server', () => {
    expect(columnKeys(['NAMA', 'NIK', 'NAMA', 'NAMA'])).toEqual(['NAMA', 'NIK', 'NAMA#2', 'NAMA#3']);
  });
});

describe('mappingRows', () => {
  const headers = ['NO', 'NO KK', 'NAMA', '', 'NAMA', 'KEL'];
  const autoMap = {
    matches: [
      { field: 'kk_number', header: 'NO KK', column: 1, confidence: 1, how: 'synonym' as const },
      { field: 'village', header: 'KEL', column: 5, confidence: 0.8, how: 'fuzzy' as const },
    ],
  };

  it('shows each non-empty header with its field and how it was matched', () => {
    const rows = mappingRows(
      headers,
      { columns: { kk_number: 'NO KK', village: 'KEL', name: 'NAMA#2' } },
      autoMap,
    );
    expect(rows.map((r) => [r.key, r.field, r.origin, r.confidence])).toEqual([
      ['NO', null, 'none', null],
      ['NO KK', 'kk_number', 'synonym', 1],
      ['NAMA', null, 'none', null],
      ['NAMA#2', 'name', 'manual', null],
      ['KEL', 'village', 'fuzzy', 0.8],
    ]);
    expect(rows.find((r) => r.key === 'NAMA#2')?.column).toBe(4);
  });

  it('calls a column manual when the user moved it away from the automatic field', () => {
    const rows = mappingRows(headers, { columns: { district: 'KEL' } }, autoMap);
    expect(rows.find((r) => r.key === 'KEL')).toMatchObject({ field: 'district', origin: 'manual' });
  });

  it('works without a mapping or automatic matches', () => {
    expect(mappingRows(['A'], null, null)).toEqual([
      { column: 0, header: 'A', key: 'A', field: null, origin: 'none', confidence: null },
    ]);
  });
});

describe('assignField', () => {
  it('moves a field to a new column and frees the old one', () => {
    expect(assignField({ name: 'NAMA', nik: 'NIK' }, 'NAMA LENGKAP', 'name')).toEqual({
      nik: 'NIK',
      name: 'NAMA LENGKAP',
    });
  });

  it('replaces the field of a column', () => {
    expect(assignField({ name: 'NAMA', nik: 'NIK' }, 'NIK', 'kk_number')).toEqual({
      name: 'NAMA',
      kk_number: 'NIK',
    });
  });

  it('clears a column', () => {
    expect(assignField({ name: 'NAMA', nik: 'NIK' }, 'NIK', null)).toEqual({ name: 'NAMA' });
  });
});

describe('missingRequiredGroups', () => {
  const fields = [
    field('nik'),
    field('name', ['name']),
    field('village', ['village', 'village_code']),
    field('village_code', ['village', 'village_code']),
  ];

  it('lists each unfilled group once', () => {
    expect(missingRequiredGroups(fields, { columns: { nik: 'NIK' } })).toEqual([
      ['name'],
      ['village', 'village_code'],
    ]);
  });

  it('counts any one field of a group, and defaults', () => {
    expect(
      missingRequiredGroups(fields, { columns: { village_code: 'KODE' }, defaults: { name: 'X' } }),
    ).toEqual([]);
  });
});

describe('countRows', () => {
  it('sorts by count, then code, and drops zeros', () => {
    expect(countRows({ b: 2, a: 2, c: 5, d: 0 })).toEqual([
      { code: 'c', count: 5 },
      { code: 'a', count: 2 },
      { code: 'b', count: 2 },
    ]);
    expect(countRows(null)).toEqual([]);
  });
});

describe('progress and actions', () => {
  it('knows when a batch is busy', () => {
    expect(isBusy('staging', null)).toBe(true);
    expect(isBusy('staged', { state: 'running' })).toBe(true);
    expect(isBusy('staged', { state: 'done' })).toBe(false);
    expect(isBusy('committing', { state: 'done' })).toBe(true);
  });

  it('gives a percent, or null when the size is unknown', () => {
    expect(jobPercent({ state: 'running', percent: null, done: 0, total: null })).toBeNull();
    expect(jobPercent({ state: 'running', percent: 42, done: 0, total: null })).toBe(42);
    expect(jobPercent({ state: 'running', percent: null, done: 50, total: 200 })).toBe(25);
    expect(jobPercent({ state: 'done', percent: null, done: 0, total: null })).toBe(100);
    expect(jobPercent(null)).toBeNull();
  });

  it('maps unknown phases to reading', () => {
    expect(phaseOf('validating')).toBe('validating');
    expect(phaseOf('something_new')).toBe('reading');
    expect(phaseOf(undefined)).toBe('reading');
  });

  it('allows commit only on a staged batch that is not busy', () => {
    expect(batchActions({ status: 'staged', job: null })).toEqual({
      editMapping: true,
      commit: true,
      discard: true,
    });
    expect(batchActions({ status: 'needs_mapping', job: null }).commit).toBe(false);
    expect(batchActions({ status: 'staged', job: { state: 'running' } as never })).toEqual({
      editMapping: false,
      commit: false,
      discard: false,
    });
    expect(batchActions({ status: 'committed', job: null })).toEqual({
      editMapping: false,
      commit: false,
      discard: false,
    });
  });
});

describe('formatBytes', () => {
  it('uses the locale and a sensible unit', () => {
    expect(formatBytes(512, 'en-GB')).toBe('512 B');
    expect(formatBytes(8170, 'id-ID')).toBe('8,0 KB');
    expect(formatBytes(27.4 * 1024 * 1024, 'en-GB')).toBe('27.4 MB');
  });
});

describe('follow-ups after a commit', () => {
  const step = {
    status: 'done' as const,
    reason: null,
    runId: 3,
    model: { id: 1, key: 'default', version: 1 },
    households: 2,
    changed: 2,
    durationMs: 40,
    error: null,
  };
  const followUp: ImportFollowUp = {
    state: 'failed',
    firstLoad: false,
    households: 2,
    startedAt: '2026-11-27T10:00:00Z',
    finishedAt: '2026-11-27T10:00:05Z',
    scoring: step,
    dedupe: {
      status: 'failed',
      runId: 4,
      mode: 'incremental',
      stored: 0,
      autoAccepted: 0,
      review: 0,
      seconds: 0,
      error: { code: 'linkage_run_active', message: { id: 'x', en: 'y' } },
    },
  };

  it('reads the follow-up of a batch, and null when the server sent none', () => {
    const batch = { status: 'committed', followUp } as unknown as ImportBatchDetail;
    expect(followUpOf(batch)).toBe(followUp);
    expect(followUpOf({ status: 'committed', followUp: null } as unknown as ImportBatchDetail)).toBeNull();
    expect(followUpOf({ status: 'committed' } as unknown as ImportBatchDetail)).toBeNull();
  });

  it('shows each step as done, skipped, failed or not run', () => {
    expect(followUpLine(followUp.scoring)).toBe('done');
    expect(followUpLine(followUp.dedupe)).toBe('failed');
    expect(followUpLine({ ...step, status: 'skipped', reason: 'no_active_model' })).toBe('skipped');
    // Still pending or running once the job has stopped: the process was interrupted.
    expect(followUpLine({ ...step, status: 'running' })).toBe('notRun');
    expect(followUpLine({ ...step, status: 'pending' })).toBe('notRun');
  });

  it('knows the follow-up phases of the commit job', () => {
    expect(phaseOf('scoring')).toBe('scoring');
    expect(phaseOf('dedupe')).toBe('dedupe');
  });
});
