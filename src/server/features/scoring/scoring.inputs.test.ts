import { describe, expect, it } from 'vitest';
import {
  decodeStoredInputs,
  inputFromSource,
  membersFromArrays,
  sourceFacts,
  variablesTextOf,
  STORED_MEMBER_FIELDS,
  storedInputsText,
} from './scoring.inputs.ts';

// A stored form (as PostgreSQL prints jsonb: stored inputs written by earlier versions read the same).
const STORED = `{"format": 1, "members": [[1, "1980-02-29", 1, 2, 7, 2, 0, 1, 1], [2, null, 2, null, 0, 2, 0, 0, 1],
  [9, "2015-06-01", 3, 1, 0, 1, 0, 0, "x"]], "variables": {"asset_car": false, "power_va": 2, "floor_area_m2": 36},
  "villageCode": "64.74.01.1003", "districtCode": "64.74.01"}`;

describe('stored scoring inputs', () => {
  it('reads member arrays in the documented field order, unknown values as null, every member active', () => {
    const members = membersFromArrays(JSON.parse(STORED).members);
    expect(STORED_MEMBER_FIELDS[4]).toBe('work');
    expect(members[0]).toEqual({
      sex: 1,
      birthDate: '1980-02-29',
      relationship: 1,
      education: 2,
      work: 7,
      schooling: 2,
      disability: 0,
      chronicIllness: 1,
      healthInsurance: 1,
      status: 1,
    });
    expect(members[1]?.birthDate).toBeNull();
    expect(members[1]?.education).toBeNull();
    // A sex code outside 1|2 and a text where a code belongs are not guessed.
    expect(members[2]?.sex).toBeNull();
    expect(members[2]?.healthInsurance).toBeNull();
    expect(membersFromArrays('nonsense')).toEqual([]);
  });

  it('reads the compact form used for scoring into the same input as the stored form', () => {
    const checked = decodeStoredInputs(42, STORED);
    const facts = sourceFacts(
      {
        id: 42,
        officialDesil: 3,
        villageCode: '64.74.01.1003',
        districtCode: '64.74.01',
        // An unknown key and a text value are not scoring facts.
        variablesText: variablesTextOf({
          asset_car: false,
          power_va: 2,
          floor_area_m2: 36,
          not_in_dictionary: 5,
          floor_material: 'x',
        }),
      },
      JSON.stringify((JSON.parse(STORED) as { members: unknown[][] }).members),
    );
    expect(facts.input).toEqual(checked);
    expect(checked).toMatchObject({
      householdId: 42,
      villageCode: '64.74.01.1003',
      districtCode: '64.74.01',
      variables: { asset_car: false, power_va: 2, floor_area_m2: 36 },
    });
    expect(checked.members).toHaveLength(3);
    // What is stored decodes to exactly what was scored.
    const row = facts;
    expect(decodeStoredInputs(42, storedInputsText(row))).toEqual(facts.input);
    expect(inputFromSource(row)).toBe(facts.input);
  });

  it('keys the same facts by the same hash, and any changed fact by another', () => {
    const h = {
      id: 1,
      officialDesil: null,
      villageCode: '64.74.01.1003',
      districtCode: '64.74.01',
      variablesText: variablesTextOf({ power_va: 2 }),
    };
    const members = JSON.stringify([[1, '1980-01-01', 1, 5, 2, null, 0, 0, 1]]);
    const a = sourceFacts(h, members);
    expect(sourceFacts({ ...h }, `${members}`).hash).toBe(a.hash);
    expect(a.hash).toMatch(/^[0-9a-f]{32}$/);
    expect(sourceFacts({ ...h, variablesText: variablesTextOf({ power_va: 3 }) }, members).hash).not.toBe(
      a.hash,
    );
    expect(sourceFacts({ ...h, villageCode: '64.74.01.1004' }, members).hash).not.toBe(a.hash);
    expect(sourceFacts(h, JSON.stringify([[2, '1980-01-01', 1, 5, 2, null, 0, 0, 1]])).hash).not.toBe(a.hash);
    expect(sourceFacts(h, '[]').hash).not.toBe(a.hash);
  });

  it('refuses inputs of another format', () => {
    expect(() => decodeStoredInputs(1, { ...JSON.parse(STORED), format: 2 })).toThrow(/format 1/);
    expect(() => decodeStoredInputs(1, { format: 1, variables: {} })).toThrow(/household 1/);
  });
});
