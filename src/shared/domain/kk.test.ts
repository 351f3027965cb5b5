import { describe, expect, it } from 'vitest';
import { maskKk, normalizeKkInput, parseKk, validateKk } from './kk.ts';

const KK = '6474010203150007';
const codes = (raw: unknown, source?: 'spreadsheet' | 'typed') =>
  validateKk(raw, { source }).map((finding) => finding.code);

describe('validateKk', () => {
  it('accepts a well-formed No KK in the usual cell forms', () => {
    expect(codes(KK)).toEqual([]);
    expect(codes(`'${KK}`)).toEqual([]);
    expect(codes('6474 0102 0315 0007')).toEqual([]);
    expect(codes(6474010203150007)).toEqual([]);
  });

  it('reports shape problems with kk_ codes', () => {
    expect(codes('')).toEqual(['kk_missing']);
    expect(codes('-')).toEqual(['kk_missing']);
    expect(codes('64740102031500X7')).toEqual(['kk_non_digit']);
    expect(codes('647401020315')).toEqual(['kk_not_16_digits']);
    expect(codes('0074010203150007')).toEqual(['kk_unknown_province']);
  });

  it('flags Excel damage the same way as NIK', () => {
    expect(normalizeKkInput('6474010203150000').damaged).toBe(true);
    expect(codes('6474010203150000')).toEqual(['kk_excel_damaged']);
    expect(codes('6.47401E+15')).toEqual(['kk_scientific_notation']);
    expect(codes(Number('9474010203150007'))).toEqual(['kk_excel_damaged']);
    expect(codes('6474010203150000', 'typed')).toEqual(['kk_serial_zero']);
  });

  it('names the KK number in the messages, in both languages', () => {
    const [finding] = validateKk('647401');
    expect(finding?.severity).toBe('error');
    expect(finding?.message.id).toContain('Nomor KK');
    expect(finding?.message.en).toContain('KK number');
  });
});

describe('parseKk and maskKk', () => {
  it('splits region, date part and serial', () => {
    expect(parseKk(KK)).toEqual({
      province: '64',
      regency: '74',
      district: '01',
      regionCode: '64.74.01',
      datePart: '020315',
      serial: '0007',
    });
    expect(parseKk('647401020315000')).toBeNull();
  });

  it('masks for display', () => {
    expect(maskKk(KK)).toBe('647401********07');
  });
});
