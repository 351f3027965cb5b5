import { describe, expect, it } from 'vitest';
import {
  computeRuleKeys,
  generateCandidatePairs,
  sampleRandomPairs,
  seededRandom,
  totalComparablePairs,
} from './blocking.ts';
import { builtinRegistry } from './registry.ts';
import { normaliseBlockingRule } from './settings.ts';
import { RecordTable } from './table.ts';

const records = [
  { record_id: 'a', nik: '1', name: 'Siti Aminah', dob: '1990-01-02' },
  { record_id: 'b', nik: '1', name: 'SITI AMINAH', dob: '1990-01-02' },
  { record_id: 'c', nik: '2', name: 'siti aminah', dob: '1990-01-02' },
  { record_id: 'd', nik: '', name: 'Budi', dob: '1990-01-02' },
  { record_id: 'e', nik: '', name: 'BUDI', dob: '' },
];

function pairsOf(result: ReturnType<typeof generateCandidatePairs>, table: RecordTable): string[] {
  const out: string[] = [];
  for (let k = 0; k < result.pairs.length; k++) {
    out.push(`${table.ids[result.pairs.left[k] ?? 0]}-${table.ids[result.pairs.right[k] ?? 0]}`);
  }
  return out.sort();
}

describe('blocking', () => {
  const table = new RecordTable(records, 'record_id');
  const rule = (keys: string[], max = 100) => normaliseBlockingRule(keys, max);

  it('emits each pair once across OR-ed rules, crediting the first rule that finds it', () => {
    const keys = [rule(['nik']), rule(['upper(name)'])].map((r) =>
      computeRuleKeys(table, r, builtinRegistry),
    );
    const result = generateCandidatePairs(keys, { linkType: 'dedupe_only', source: table.source });
    expect(pairsOf(result, table)).toEqual(['a-b', 'a-c', 'b-c', 'd-e']);
    expect(result.stats.map((s) => s.pairs)).toEqual([1, 3]);
  });

  it('never blocks on a missing key and combines several keys', () => {
    const keys = [computeRuleKeys(table, rule(['dob', 'first_token(upper(name))']), builtinRegistry)];
    const result = generateCandidatePairs(keys, { linkType: 'dedupe_only', source: table.source });
    expect(pairsOf(result, table)).toEqual(['a-b', 'a-c', 'b-c']);
  });

  it('skips blocks above the size cap and warns', () => {
    const warnings: string[] = [];
    const keys = [computeRuleKeys(table, rule(['dob'], 3), builtinRegistry)];
    const result = generateCandidatePairs(keys, {
      linkType: 'dedupe_only',
      source: table.source,
      onWarning: (w) => warnings.push(w),
    });
    expect(result.pairs.length).toBe(0);
    expect(result.stats[0]?.skippedBlocks).toBe(1);
    expect(warnings[0]).toMatch(/larger than 3/);
  });

  it('keeps only cross-source pairs for link_only', () => {
    const linked = new RecordTable(records, 'record_id', [0, 1, 0, 1, 0]);
    const keys = [computeRuleKeys(linked, rule(['upper(name)']), builtinRegistry)];
    const result = generateCandidatePairs(keys, { linkType: 'link_only', source: linked.source });
    expect(pairsOf(result, linked)).toEqual(['a-b', 'b-c', 'd-e']);
    expect(totalComparablePairs('link_only', linked.source)).toBe(6);
    expect(totalComparablePairs('dedupe_only', linked.source)).toBe(10);
  });

  it('samples random pairs, enumerating them all when the sample would cover them', () => {
    const source = new Uint8Array(5);
    expect(sampleRandomPairs('dedupe_only', source, 1000, seededRandom(1)).length).toBe(10);
    const big = new Uint8Array(2000);
    const sample = sampleRandomPairs('dedupe_only', big, 500, seededRandom(1));
    expect(sample.length).toBe(500);
    for (let k = 0; k < sample.length; k++) expect(sample.left[k]).toBeLessThan(sample.right[k] ?? 0);
  });
});
