import { describe, expect, it } from 'vitest';
import { validateKk } from '../../../shared/domain/kk.ts';
import { parseNik, validateNik } from '../../../shared/domain/nik.ts';
import {
  IdentityIssuer,
  excelDamage,
  invalidKk,
  invalidNik,
  nikDatePart,
  nikTypo,
  type InvalidNikKind,
} from './identity.ts';
import { createRng } from './rng.ts';

const refDate = new Date('2025-08-15T00:00:00Z');

describe('IdentityIssuer', () => {
  it('builds NIKs from region, birth date (+40 for women) and a serial, unique and valid', () => {
    const rng = createRng(3);
    const issuer = new IdentityIssuer();
    expect(nikDatePart('1990-01-05', 1)).toBe('050190');
    expect(nikDatePart('1990-01-05', 2)).toBe('450190');
    const niks = Array.from({ length: 300 }, () => issuer.issueNik(rng, '647401', '1990-01-05', 2));
    expect(new Set(niks).size).toBe(300);
    for (const nik of niks) {
      expect(nik).toMatch(/^647401450190\d{4}$/);
      expect(validateNik(nik, { birthDate: '1990-01-05', sex: 2 }, { refDate })).toEqual([]);
      expect(parseNik(nik)?.sex).toBe(2);
    }
  });

  it('builds unique, valid KK numbers: region, issue date, serial', () => {
    const rng = createRng(4);
    const issuer = new IdentityIssuer();
    const kks = Array.from({ length: 100 }, () => issuer.issueKk(rng, '647403', '2019-03-07'));
    expect(new Set(kks).size).toBe(100);
    for (const kk of kks) {
      expect(kk).toMatch(/^647403070319\d{4}$/);
      expect(validateKk(kk)).toEqual([]);
    }
  });
});

describe('defective numbers', () => {
  const nik = '6474014101900003';

  it('makes a typo of one changed digit or two swapped adjacent digits', () => {
    const rng = createRng(5);
    for (let i = 0; i < 200; i += 1) {
      const { nik: typo, kind } = nikTypo(rng, nik, new Set());
      expect(typo).toHaveLength(16);
      const diff = [...typo].map((ch, j) => (ch === nik[j] ? -1 : j)).filter((j) => j >= 0);
      if (kind === 'digit_changed') expect(diff).toHaveLength(1);
      else expect(diff).toEqual([diff[0], (diff[0] ?? 0) + 1]);
    }
  });

  it('makes every kind of invalid NIK invalid for validateNik', () => {
    const rng = createRng(6);
    const kinds: InvalidNikKind[] = [
      'unknown_province',
      'day_zero',
      'day_out_of_range',
      'month_invalid',
      'serial_zero',
      'length_15',
      'length_17',
      'excel_damaged',
      'non_digit',
    ];
    for (const kind of kinds)
      for (const sex of [1, 2] as const) {
        const valid = sex === 1 ? '6474010101900003' : nik;
        const result = invalidNik(rng, valid, sex, kind);
        expect(result.kind).toBe(kind);
        expect(validateNik(result.nik).some((f) => f.severity === 'error')).toBe(true);
      }
    expect(excelDamage(nik)).toBe('6474014101900000');
  });

  it('makes invalid KK numbers invalid for validateKk', () => {
    const rng = createRng(7);
    for (let i = 0; i < 100; i += 1) {
      const result = invalidKk(rng, '6474030703190004');
      expect(validateKk(result.kk).some((f) => f.severity === 'error')).toBe(true);
    }
  });
});
