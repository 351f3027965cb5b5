import { describe, expect, it } from 'vitest';
import { ageAt, parseAsOf } from './features.ts';
import { formatSurveyCsv, parseSurveyCsv } from './survey.ts';

const AS_OF = '2026-11-27';

describe('parseSurveyCsv', () => {
  it('groups person rows into households and reads household columns once', () => {
    const csv = [
      'household_id,per_capita_expenditure,weight,district_code,floor_material,asset_car,relationship,sex,age,work',
      'A,750000,2.5,64.74.02,8,0,1,1,45,7',
      'A,,,,,,2,2,40,0',
      'A,,,,,,3,1,8,',
      'B,1500000,,64.74.01,2,ya,1,2,61,5',
    ].join('\n');
    const { households, problems } = parseSurveyCsv(csv, { asOf: AS_OF });
    expect(problems.filter((p) => p.severity === 'error')).toEqual([]);
    expect(households).toHaveLength(2);
    const [a, b] = households;
    expect(a?.perCapitaExpenditure).toBe(750000);
    expect(a?.weight).toBe(2.5);
    expect(a?.input.districtCode).toBe('64.74.02');
    expect(a?.input.variables).toEqual({ floor_material: 8, asset_car: false });
    expect(a?.input.members).toHaveLength(3);
    expect(a?.input.members.map((m) => ageAt(m.birthDate, parseAsOf(AS_OF)))).toEqual([45, 40, 8]);
    expect(a?.input.members[2]?.work).toBeNull();
    expect(b?.weight).toBe(1);
    expect(b?.input.variables.asset_car).toBe(true);
  });

  it('accepts semicolons and decimal commas, and reports bad rows in both languages', () => {
    const csv = [
      'household_id;per_capita_expenditure;floor_area_m2;asset_fridge;relationship;mystery',
      '1;812345,5;36,5;mungkin;1;x',
      '2;;20;1;1;',
      ';1000;20;1;1;',
    ].join('\n');
    const { households, problems } = parseSurveyCsv(csv, { asOf: AS_OF });
    expect(households).toHaveLength(1);
    expect(households[0]?.perCapitaExpenditure).toBe(812345.5);
    expect(households[0]?.input.variables.floor_area_m2).toBe(36.5);
    const texts = problems.map((p) => `${p.line}:${p.severity}:${p.message.en}`);
    expect(texts).toContain('1:warning:Unknown column mystery ignored');
    expect(texts).toContain('2:error:Unreadable asset_fridge value: "mungkin"');
    expect(texts).toContain('3:error:Household 2 has no positive per_capita_expenditure; skipped');
    expect(texts).toContain('4:error:Empty household_id');
    expect(problems.every((p) => p.message.id.length > 0)).toBe(true);
  });

  it('refuses a file without the required columns', () => {
    const { households, problems } = parseSurveyCsv('a,b\n1,2\n');
    expect(households).toEqual([]);
    expect(problems[0]?.severity).toBe('error');
  });

  it('reads back what formatSurveyCsv writes', () => {
    const original = parseSurveyCsv(
      'household_id,per_capita_expenditure,weight,power_va,asset_ac,relationship,sex,birth_date,education\n' +
        '7,1200000,3,3,1,1,1,1970-05-05,5\n7,,,,,2,2,1972-06-06,3\n',
    ).households;
    const again = parseSurveyCsv(formatSurveyCsv(original)).households;
    expect(again[0]?.input.members).toEqual(original[0]?.input.members);
    expect(again[0]?.input.variables.power_va).toBe(3);
    expect(again[0]?.input.variables.asset_ac).toBe(true);
    expect(again[0]?.perCapitaExpenditure).toBe(1200000);
    expect(again[0]?.weight).toBe(3);
  });
});
