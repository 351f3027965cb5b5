import { describe, expect, it } from 'vitest';
import { seededRandom } from './blocking.ts';
import { LinkageError } from './errors.ts';
import { linkRecords } from './link.ts';
import { evaluateClusters } from './metrics.ts';
import { parseSettings, type LinkageSettingsInput } from './settings.ts';

const FIRST = [
  'ANNA',
  'BRUNO',
  'CARLA',
  'DAVID',
  'EMMA',
  'FELIX',
  'GRETA',
  'HUGO',
  'IRIS',
  'JONAS',
  'KLARA',
  'LUCAS',
];
const LAST = [
  'SMITH',
  'JONES',
  'BROWN',
  'TAYLOR',
  'WILSON',
  'DAVIES',
  'EVANS',
  'THOMAS',
  'ROBERTS',
  'JOHNSON',
];
const CITIES = ['LEEDS', 'YORK', 'BATH', 'DERBY', 'HULL'];

/** People with birth dates, plus duplicates carrying a typo, a missing value or a date slip. */
function people(count: number, seed: number) {
  const random = seededRandom(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
  const two = (n: number): string => String(n).padStart(2, '0');
  const out: Record<string, string>[] = [];
  for (let i = 0; i < count; i++) {
    const month = 1 + Math.floor(random() * 12);
    const day = 1 + Math.floor(random() * 28);
    const person = {
      record_id: `p${i}`,
      first: pick(FIRST),
      last: pick(LAST) + pick(['', 'SON', 'LEY', 'TON', 'WORTH']),
      dob: `${1930 + Math.floor(random() * 70)}-${two(month)}-${two(day)}`,
      city: pick(CITIES),
      entity: `e${i}`,
    };
    out.push(person);
    if (random() < 0.2) {
      const dup = { ...person, record_id: `p${i}d` };
      const r = random();
      if (r < 0.35) dup.first = dup.first.slice(0, 1) + dup.first.slice(2);
      else if (r < 0.7) dup.city = '';
      else if (day <= 12 && day !== month) dup.dob = `${dup.dob.slice(0, 4)}-${two(day)}-${two(month)}`;
      else dup.dob = `${dup.dob.slice(0, 8)}${two(day + 1)}`;
      out.push(dup);
    }
  }
  return out;
}

const settings: LinkageSettingsInput = {
  link_type: 'dedupe_only',
  unique_id_column: 'record_id',
  comparisons: [
    {
      output_column_name: 'first',
      column: 'first',
      levels: [
        { kind: 'null' },
        { kind: 'exact' },
        { kind: 'jaro_winkler', threshold: 0.85 },
        { kind: 'else' },
      ],
    },
    {
      output_column_name: 'last',
      column: 'last',
      term_frequency_adjustments: true,
      levels: [{ kind: 'null' }, { kind: 'exact' }, { kind: 'levenshtein', k: 1 }, { kind: 'else' }],
    },
    {
      output_column_name: 'dob',
      column: 'dob',
      levels: [
        { kind: 'null' },
        { kind: 'exact' },
        { kind: 'date', tolerance_days: 10, allow_day_month_swap: true },
        { kind: 'else' },
      ],
    },
    {
      output_column_name: 'city',
      column: 'city',
      levels: [{ kind: 'null' }, { kind: 'exact' }, { kind: 'else' }],
    },
  ],
  blocking_rules: [['dob'], ['last', 'city'], ['first', 'year(dob)']],
  em_training_blocks: [['dob'], ['last', 'first']],
  thresholds: { accept: 0.9, review: 0.5 },
};

describe('linkRecords', () => {
  const data = people(600, 3);
  const result = linkRecords(data, settings);

  it('finds the planted duplicates without labels', () => {
    const truth = data.map((p) => ({ recordId: p.record_id ?? '', clusterId: p.entity ?? '' }));
    const report = evaluateClusters(result.clusters.assignments(), truth);
    expect(report.pairwise.truePairs).toBeGreaterThan(80);
    expect(report.pairwise.f1).toBeGreaterThan(0.95);
    expect(result.stats.records).toBe(data.length);
    expect(result.clusters.assignments()).toHaveLength(data.length);
    expect(result.model.lambdaSource).toBe('estimated');
    expect(result.model.sessions.map((s) => s.estimated)).toEqual([
      ['first', 'last', 'city'],
      ['dob', 'city'],
    ]);
  });

  it('gives every pair a weight, a probability and per-field contributions that add up', () => {
    const prior = Math.log2(result.model.lambda / (1 - result.model.lambda));
    for (let k = 0; k < Math.min(result.pairs.length, 200); k++) {
      const p = result.pairs.get(k);
      const sum = prior + Object.values(p.contributions).reduce((a, b) => a + b, 0);
      expect(p.matchWeight).toBeCloseTo(sum, 8);
      expect(p.probability).toBeCloseTo(1 / (1 + 2 ** -p.matchWeight), 10);
      expect(Object.keys(p.levels)).toEqual(['first', 'last', 'dob', 'city']);
      if (p.levels.city === 'null') expect(p.contributions.city).toBe(0);
    }
  });

  it('weighs agreement on a rare surname more than on a common one (term frequency)', () => {
    const rows = [
      ...Array.from({ length: 40 }, (_, i) => ({
        record_id: `s${i}`,
        first: `F${i}`,
        last: 'SMITH',
        dob: '',
        city: '',
      })),
      { record_id: 'r1', first: 'X', last: 'QUIGGLESWORTH', dob: '', city: '' },
      { record_id: 'r2', first: 'Y', last: 'QUIGGLESWORTH', dob: '', city: '' },
    ];
    const r = linkRecords(rows, {
      ...settings,
      blocking_rules: [['last']],
      em_training_blocks: undefined,
      probability_two_random_records_match: 0.01,
    });
    let common = Number.NaN;
    let rare = Number.NaN;
    for (let k = 0; k < r.pairs.length; k++) {
      const p = r.pairs.get(k);
      if (p.leftId === 'r1' && p.rightId === 'r2') rare = p.contributions.last ?? Number.NaN;
      else if (p.levels.last === 'exact') common = p.contributions.last ?? Number.NaN;
    }
    expect(rare).toBeGreaterThan(common + 3);
  });

  it('reuses a given model and takes the threshold from the options', () => {
    const again = linkRecords(data, settings, { model: result.model, acceptThreshold: 0.99 });
    expect(again.model.lambdaSource).toBe('model');
    expect(Array.from(again.pairs.weight)).toEqual(Array.from(result.pairs.weight));
    expect(again.stats.accepted).toBeLessThanOrEqual(result.stats.accepted);
  });

  it('links two datasets without pairing records of the same one', () => {
    const a = data.slice(0, 100);
    const b = data.slice(100, 200);
    const r = linkRecords(
      [...a, ...b],
      { ...settings, link_type: 'link_only' },
      {
        sources: [...a.map(() => 0), ...b.map(() => 1)],
      },
    );
    for (let k = 0; k < r.pairs.length; k++) {
      expect((r.pairs.left[k] ?? 0) < 100).not.toBe((r.pairs.right[k] ?? 0) < 100);
    }
  });
});

describe('settings validation', () => {
  it('fills defaults', () => {
    const s = parseSettings({ comparisons: settings.comparisons, blocking_rules: [['dob']] });
    expect(s.link_type).toBe('dedupe_only');
    expect(s.unique_id_column).toBe('record_id');
    expect(s.thresholds).toEqual({ accept: 0.9, review: 0.5 });
  });

  it('rejects bad settings with messages in Indonesian and English', () => {
    try {
      parseSettings({ comparisons: [], blocking_rules: [] });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(LinkageError);
      const e = error as LinkageError;
      expect(e.messages.id).toMatch(/Pengaturan linkage tidak valid/);
      expect(e.messages.en).toMatch(/comparisons/);
    }
    expect(() =>
      linkRecords([{ record_id: '1', first: 'A' }], {
        comparisons: [
          { output_column_name: 'x', column: 'first', levels: [{ kind: 'exact' }, { kind: 'null' }] },
        ],
        blocking_rules: [['first']],
      }),
    ).toThrow(/last level must be "else"/);
    expect(() => linkRecords([{ record_id: '1' }, { record_id: '1' }], settings)).toThrow(
      /Duplicate record id/,
    );
    expect(() => linkRecords([{ record_id: '1', first: 'A' }], settings)).toThrow(/Column "last"/);
  });
});
