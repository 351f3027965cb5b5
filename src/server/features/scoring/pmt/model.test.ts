import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  parsePmtModel,
  pmtModelFileName,
  PmtModelError,
  serializePmtModel,
  validatePmtModel,
} from './model.ts';

const text = readFileSync(new URL('../../../../../models/pmt/default-v1.json', import.meta.url), 'utf8');
const json = JSON.parse(text) as Record<string, unknown> & { features: Record<string, unknown>[] };

describe('PMT model file', () => {
  it('round-trips the shipped default through parse and serialize', () => {
    const model = parsePmtModel(text);
    expect(parsePmtModel(serializePmtModel(model))).toEqual(model);
    expect(pmtModelFileName(model)).toBe('default-v1.json');
    expect(model.features.length).toBeGreaterThan(40);
  });

  it('rejects unknown variables, wrong kinds, unknown codes and duplicate names', () => {
    const bad = structuredClone(json);
    bad.features.push(
      {
        spec: { name: 'x1', kind: 'asset', variable: 'asset_yacht' },
        coefficient: 1,
        label: { id: 'a', en: 'a' },
      },
      {
        spec: { name: 'x2', kind: 'asset', variable: 'floor_material' },
        coefficient: 1,
        label: { id: 'a', en: 'a' },
      },
      {
        spec: { name: 'x3', kind: 'variable_code_in', variable: 'floor_material', codes: [42] },
        coefficient: 1,
        label: { id: 'a', en: 'a' },
      },
      {
        spec: { name: 'x3', kind: 'head_code_in', field: 'work', codes: [99] },
        coefficient: 1,
        label: { id: 'a', en: 'a' },
      },
    );
    const result = validatePmtModel(bad);
    expect(result.ok).toBe(false);
    const issues = result.ok ? [] : result.issues.join('\n');
    expect(issues).toContain('unknown variable asset_yacht');
    expect(issues).toContain('floor_material is code, not boolean');
    expect(issues).toContain('unknown code 42');
    expect(issues).toContain('duplicate feature x3');
    expect(issues).toContain('unknown work code 99');
  });

  it('rejects cut-points that do not increase or are not nine', () => {
    const bad = structuredClone(json);
    bad.cutPoints = { mode: 'national', national: [1, 2, 3, 4, 5, 5, 7, 8, 9] };
    expect(() => parsePmtModel(JSON.stringify(bad))).toThrow(/cut-points must increase/);
    bad.cutPoints = { mode: 'national', national: [1, 2, 3] };
    expect(() => parsePmtModel(JSON.stringify(bad))).toThrow(PmtModelError);
  });

  it('rejects text that is not JSON', () => {
    expect(() => parsePmtModel('{')).toThrow(/not JSON/);
  });
});
