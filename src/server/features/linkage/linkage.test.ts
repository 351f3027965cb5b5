import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Selectable } from 'kysely';
import type { PersonTable } from '../../platform/db/schema.ts';
import { agreementOf } from './linkage.presenter.ts';
import { clustersFromLinks, readTruth } from './linkage.quality.ts';
import { mergedValues } from './linkage.review.ts';
import { pairsTouching, toLinkRecords } from './linkage.service.ts';
import { computeDedupe } from './linkage.worker.ts';
import { indonesianPersonSettings } from './preset/indonesian.ts';

function person(patch: Partial<Selectable<PersonTable>>): Selectable<PersonTable> {
  return {
    id: 1,
    household_id: 1,
    nik: null,
    name: 'X',
    sex: 1,
    birth_date: null,
    birth_place: null,
    relationship: 1,
    marital: null,
    schooling: null,
    education: null,
    work: null,
    disability: null,
    chronic_illness: null,
    health_insurance: null,
    status: 1,
    merged_into: null,
    version: 1,
    created_at: new Date(0),
    updated_at: new Date(0),
    ...patch,
  };
}

describe('agreement of a comparison level', () => {
  it('tells equal, near with and without evidence, different and missing apart', () => {
    expect(agreementOf({ level: 'exact', kind: 'exact', weight: 9 })).toBe('exact');
    expect(agreementOf({ level: 'jw', kind: 'jaro_winkler', weight: 5.4 })).toBe('close');
    expect(agreementOf({ level: 'dl', kind: 'damerau_levenshtein', weight: -5.9 })).toBe('weak');
    expect(agreementOf({ level: 'else', kind: 'else', weight: -9 })).toBe('different');
    expect(agreementOf({ level: 'null', kind: 'null', weight: 0 })).toBe('missing');
    expect(agreementOf(undefined)).toBe('missing');
  });
});

describe('merged values', () => {
  it('takes each chosen field from the chosen record, left being the smaller id, and keeps the rest', () => {
    const survivor = person({
      id: 20,
      household_id: 7,
      name: 'SUHARTO',
      nik: '6474010101700001',
      relationship: 1,
    });
    const other = person({
      id: 5,
      household_id: 3,
      name: 'SOEHARTO',
      birth_place: 'KEDIRI',
      relationship: 8,
      nik: null,
    });
    const next = mergedValues(survivor, other, { name: 'left', birthPlace: 'left', nik: 'right' });
    expect(next.name).toBe('SOEHARTO');
    expect(next.birth_place).toBe('KEDIRI');
    expect(next.nik).toBe('6474010101700001');
    expect(next.household_id).toBe(7);
    expect(next.relationship).toBe(1);
    expect(next.id).toBe(20);
  });
});

describe('clusters from links', () => {
  it('joins linked ids transitively and keeps singletons', () => {
    const c = clustersFromLinks(
      [1, 2, 3, 4, 5],
      [
        { a: 1, b: 2 },
        { a: 3, b: 2 },
        { a: 9, b: 4 },
      ],
    );
    const of = new Map(c.map((x) => [x.recordId, x.clusterId]));
    expect(of.get('1')).toBe(of.get('3'));
    expect(of.get('4')).not.toBe(of.get('1'));
    expect(new Set(of.values()).size).toBe(3);
  });
});

describe('incremental filter', () => {
  it('keeps pairs with at least one person in the given households', () => {
    const pair = (left: number, right: number) => ({
      left,
      right,
      weight: 1,
      probability: 0.6,
      status: 'review' as const,
      fields: {},
    });
    const householdOf = new Map([
      [1, 10],
      [2, 11],
      [3, 12],
    ]);
    const kept = pairsTouching([pair(1, 2), pair(2, 3), pair(1, 3)], householdOf, new Set([12]));
    expect(kept.map((p) => `${p.left}-${p.right}`)).toEqual(['2-3', '1-3']);
  });
});

describe('ground truth files', () => {
  it('reads entities and gathers several defects of one person', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'truth-'));
    try {
      fs.writeFileSync(path.join(dir, 'truth-entities.csv'), 'record_id,cluster_id\n1,1\n2,1\n3,3\n');
      fs.writeFileSync(
        path.join(dir, 'truth-defects.csv'),
        'type,person_id,household_id,other_person_id,detail\nnik_typo,2,1,1,"one digit, swapped"\ntitle,2,1,1,H.\ninvalid_kk,,4,,x\n',
      );
      const truth = readTruth(dir);
      expect(truth?.entities).toHaveLength(3);
      expect(truth?.defects.get('2')).toBe('nik_typo;title');
      expect(truth?.defects.size).toBe(1);
      expect(readTruth(path.join(dir, 'none'))).toBeNull();
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

/** A fixed model shaped like the preset's comparisons: agreement strongly for, disagreement against. */
function presetModel() {
  const m: number[][] = [];
  const u: number[][] = [];
  for (const c of indonesianPersonSettings.comparisons) {
    const levels = c.levels as readonly { kind: string }[];
    const nonNull = levels.filter((l) => l.kind !== 'null').length;
    m.push(levels.map((l) => (l.kind === 'null' ? 0 : l.kind === 'else' ? 0.02 : 0.98 / (nonNull - 1))));
    u.push(levels.map((l) => (l.kind === 'null' ? 0 : l.kind === 'else' ? 0.97 : 0.03 / (nonNull - 1))));
  }
  return { lambda: 0.01, m, u };
}

describe('dedupe job', () => {
  it('keeps only pairs above the review threshold, ordered by person id, with every field contribution', () => {
    const base = { birth_place: 'BONTANG', kk_number: null, village_code: '64.74.01.1003', address: '' };
    const rows = [
      {
        id: 10,
        household_id: 1,
        nik: '6474011706920003',
        name: 'MUHAMMAD AGUS SALIM',
        birth_date: '1992-06-17',
        sex: 1,
        ...base,
      },
      {
        id: 4,
        household_id: 2,
        nik: '6474011706920003',
        name: 'MOEHAMMAD AGOES SALIM',
        birth_date: '1992-06-17',
        sex: 1,
        ...base,
      },
      {
        id: 7,
        household_id: 3,
        nik: '6474015208850001',
        name: 'SITI RAHMAWATI',
        birth_date: '1985-08-12',
        sex: 2,
        ...base,
      },
    ];
    const result = computeDedupe({
      records: toLinkRecords(rows),
      model: presetModel(),
    });
    expect(result.pairs).toHaveLength(1);
    const [p] = result.pairs;
    expect(p?.left).toBe(4);
    expect(p?.right).toBe(10);
    expect(p?.status).toBe('auto_accepted');
    expect(Object.keys(p?.fields ?? {}).sort()).toEqual(
      ['birth_date', 'birth_place', 'kelurahan', 'name', 'nik', 'sex'].sort(),
    );
    expect(p?.fields.nik?.kind).toBe('exact');
  });
});
