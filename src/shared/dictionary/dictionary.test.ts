import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { HOUSEHOLD_VARIABLES, PERSON_CODES, validateHouseholdVariables, codeLabel } from './dictionary.ts';
import { dictionaryMarkdown } from './dictionary-markdown.ts';

describe('data dictionary', () => {
  it('has unique keys and unique codes within each list', () => {
    const keys = HOUSEHOLD_VARIABLES.map((v) => v.key);
    expect(new Set(keys).size).toBe(keys.length);
    for (const v of HOUSEHOLD_VARIABLES) {
      if (v.kind !== 'code') continue;
      const list = (v.codes ?? []).map((c) => c.code);
      expect(list.length, v.key).toBeGreaterThan(1);
      expect(new Set(list).size, v.key).toBe(list.length);
    }
    for (const [name, list] of Object.entries(PERSON_CODES))
      expect(new Set(list.map((c) => c.code)).size, name).toBe(list.length);
  });

  it('validates values by kind, code list and range', () => {
    expect(validateHouseholdVariables({ floor_material: 8, asset_car: false, floor_area_m2: 36 })).toEqual(
      [],
    );
    expect(validateHouseholdVariables({ floor_material: 42 })).toEqual([
      { key: 'floor_material', problem: 'unknown_code' },
    ]);
    expect(validateHouseholdVariables({ asset_car: 1 })).toEqual([
      { key: 'asset_car', problem: 'not_boolean' },
    ]);
    expect(validateHouseholdVariables({ floor_area_m2: -3 })).toEqual([
      { key: 'floor_area_m2', problem: 'out_of_range' },
    ]);
    expect(validateHouseholdVariables({ nonsense: 1 })).toEqual([
      { key: 'nonsense', problem: 'unknown_variable' },
    ]);
  });

  it('labels codes in both languages', () => {
    expect(codeLabel(PERSON_CODES.relationship, 1, 'id')).toBe('Kepala keluarga');
    expect(codeLabel(PERSON_CODES.relationship, 1, 'en')).toBe('Head of family');
    expect(codeLabel(PERSON_CODES.relationship, 99, 'en')).toBe('99');
  });

  it('is documented in docs/data-dictionary.md exactly as generated', () => {
    const file = path.resolve(import.meta.dirname, '../../../docs/data-dictionary.md');
    expect(fs.readFileSync(file, 'utf8')).toBe(dictionaryMarkdown());
  });
});
