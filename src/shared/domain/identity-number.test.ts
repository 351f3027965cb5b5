import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  PROVINCE_CODES,
  checkIdNumberStructure,
  detectTruncatedColumn,
  isKnownProvinceCode,
  maskIdNumber,
  normalizeIdNumberInput,
  regionCodeOf,
} from './identity-number.ts';

describe('PROVINCE_CODES', () => {
  it('holds exactly the province rows of data/wilayah/regions.csv', () => {
    const csv = readFileSync(new URL('../../../data/wilayah/regions.csv', import.meta.url), 'utf8');
    const fromCsv = csv
      .split(/\r?\n/)
      .filter((line) => line.endsWith(',province'))
      .map((line) => line.split(',')[0]);
    expect(fromCsv).toHaveLength(38);
    expect([...PROVINCE_CODES].sort()).toEqual(fromCsv.sort());
  });

  it('knows Kalimantan Timur and Papua Barat Daya, not 00 or the old Timor Timur 54', () => {
    expect(isKnownProvinceCode('64')).toBe(true);
    expect(isKnownProvinceCode('96')).toBe(true);
    expect(isKnownProvinceCode('00')).toBe(false);
    expect(isKnownProvinceCode('54')).toBe(false);
  });
});

describe('normalizeIdNumberInput', () => {
  it('keeps digits from strings, numbers and bigints', () => {
    expect(normalizeIdNumberInput('6474011508850003').value).toBe('6474011508850003');
    expect(normalizeIdNumberInput(6474011508850003).value).toBe('6474011508850003');
    expect(normalizeIdNumberInput(6474011508850003n).value).toBe('6474011508850003');
    expect(normalizeIdNumberInput('\u00a06474 0115 0885 0003\t').value).toBe('6474011508850003');
    expect(normalizeIdNumberInput('’6474011508850003').value).toBe('6474011508850003');
  });

  it('keeps other text as it is so the checks can name the problem', () => {
    expect(normalizeIdNumberInput('64740115-0885-0003').value).toBe('64740115-0885-0003');
    expect(normalizeIdNumberInput(6474.5).value).toBe('6474.5');
    expect(normalizeIdNumberInput(true).value).toBe('true');
  });

  it('marks the Excel 0000 serial, scientific notation and lost precision as damaged', () => {
    expect(normalizeIdNumberInput('6474011508850000').damaged).toBe(true);
    expect(normalizeIdNumberInput('6474011508850010').damaged).toBe(false);
    expect(normalizeIdNumberInput('647401150885000').damaged).toBe(false);
    expect(normalizeIdNumberInput('6.47401E+15')).toEqual({ value: null, damaged: true, scientific: true });
    expect(normalizeIdNumberInput(Number('9271011508850003')).damaged).toBe(true);
    expect(normalizeIdNumberInput(9271011508850003n).damaged).toBe(false);
  });
});

describe('checkIdNumberStructure', () => {
  const problems = (raw: unknown, source: 'spreadsheet' | 'typed' = 'spreadsheet') =>
    checkIdNumberStructure(normalizeIdNumberInput(raw), source).problems;

  it('returns the digits only for 16-digit values', () => {
    expect(checkIdNumberStructure(normalizeIdNumberInput('6474011508850003'), 'typed')).toEqual({
      problems: [],
      digits: '6474011508850003',
    });
    expect(checkIdNumberStructure(normalizeIdNumberInput('647401'), 'typed').digits).toBeNull();
  });

  it('reports unknown province and damage together', () => {
    expect(problems('9974011508850000')).toEqual(['unknown_province', 'excel_damaged']);
    expect(problems('9974011508850000', 'typed')).toEqual(['unknown_province', 'serial_zero']);
  });
});

describe('helpers', () => {
  it('builds the dotted region code and masks the middle', () => {
    expect(regionCodeOf('6474011508850003')).toBe('64.74.01');
    expect(maskIdNumber('6474011508850003')).toBe('647401********03');
    expect(maskIdNumber('')).toBe('');
  });
});

describe('detectTruncatedColumn', () => {
  const genuine = Array.from({ length: 40 }, (_, i) => `64740115088500${String(i + 1).padStart(2, '0')}`);

  it('accepts a column where about one value in ten ends in 0', () => {
    expect(detectTruncatedColumn(genuine)).toEqual({ checked: 40, endingInZero: 4, suspicious: false });
  });

  it('flags a column where most values end in 0', () => {
    const truncated = genuine.map((nik) => `${nik.slice(0, 15)}0`);
    const result = detectTruncatedColumn([...truncated, null, '', 'x']);
    expect(result).toEqual({ checked: 40, endingInZero: 40, suspicious: true });
  });

  it('needs at least ten values before judging', () => {
    expect(detectTruncatedColumn(['6474011508850010', '6474011508850020']).suspicious).toBe(false);
  });
});
