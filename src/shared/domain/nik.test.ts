import { describe, expect, it } from 'vitest';
import {
  compareNikWithPerson,
  inferBirthDate,
  isNikUsable,
  maskNik,
  normalizeNikInput,
  parseNik,
  validateNik,
  type NikFinding,
} from './nik.ts';

const ref = new Date('2025-08-15T00:00:00Z');
// Bontang Utara (64.74.01), born 15 Aug 1985 (male) / 5 Aug 1985 (female, 05 + 40 = 45), serial 0003.
const MALE = '6474011508850003';
const FEMALE = '6474014508850003';

const codes = (findings: NikFinding[]) => findings.map((finding) => finding.code);
const check = (raw: unknown, person = {}, source?: 'spreadsheet' | 'typed') =>
  codes(validateNik(raw, person, { refDate: ref, source }));

describe('parseNik', () => {
  it('splits region, birth date, sex and serial', () => {
    expect(parseNik(MALE)).toEqual({
      province: '64',
      regency: '74',
      district: '01',
      regionCode: '64.74.01',
      day: 15,
      month: 8,
      yy: 85,
      sex: 1,
      serial: '0003',
    });
  });

  it('reads day + 40 as a woman: 41 is the 1st, 71 the 31st', () => {
    expect(parseNik('6474014101900003')).toMatchObject({ day: 1, month: 1, yy: 90, sex: 2 });
    expect(parseNik('6474017112990001')).toMatchObject({ day: 31, month: 12, yy: 99, sex: 2 });
    expect(parseNik('6474014001900001')).toMatchObject({ day: 40, sex: 1 });
  });

  it('returns null unless exactly 16 digits', () => {
    expect(parseNik('647401150885000')).toBeNull();
    expect(parseNik('64740115088500031')).toBeNull();
    expect(parseNik('647401150885000A')).toBeNull();
  });
});

describe('inferBirthDate', () => {
  const birth = (nik: string, at = ref) => {
    const parsed = parseNik(nik);
    if (!parsed) throw new Error(`test NIK ${nik} does not parse`);
    return inferBirthDate(parsed, at);
  };

  it('takes the latest year ending in yy that is not after the reference year', () => {
    expect(birth(MALE)).toBe('1985-08-15');
    expect(birth(FEMALE)).toBe('1985-08-05');
    expect(birth('6474010101250001')).toBe('2025-01-01');
    expect(birth('6474010101260001')).toBe('1926-01-01');
    expect(birth('6474010101000001')).toBe('2000-01-01');
    expect(birth('6474010101990001', new Date('2099-06-01T00:00:00Z'))).toBe('2099-01-01');
  });

  it('rejects days that do not exist in the month or year', () => {
    expect(birth('6474013104900001')).toBeNull();
    expect(birth('6474012902240001')).toBe('2024-02-29');
    expect(birth('6474016902240001')).toBe('2024-02-29');
    expect(birth('6474012902230001')).toBeNull();
    expect(birth('6474011513900001')).toBeNull();
  });
});

describe('validateNik: valid numbers', () => {
  it('accepts well-formed NIKs with and without the person fields', () => {
    expect(check(MALE)).toEqual([]);
    expect(check(FEMALE)).toEqual([]);
    expect(check(MALE, { birthDate: '1985-08-15', sex: 1 })).toEqual([]);
    expect(check(FEMALE, { birthDate: '1985-08-05', sex: 2 })).toEqual([]);
    expect(check(FEMALE, { birthDate: null, sex: null })).toEqual([]);
  });

  it('accepts every current province code, including Papua 91–96', () => {
    for (const code of ['11', '21', '36', '65', '76', '82', '91', '96']) {
      expect(check(`${code}74011508850003`)).toEqual([]);
    }
  });

  it('strips the Excel text apostrophe, spaces, dots and the ="..." CSV form', () => {
    for (const raw of [
      `'${MALE}`,
      ` ${MALE} `,
      '6474 0115 0885 0003',
      '6474.0115.0885.0003',
      `="${MALE}"`,
      `${MALE}.0`,
    ]) {
      expect(normalizeNikInput(raw)).toEqual({ value: MALE, damaged: false, scientific: false });
      expect(check(raw)).toEqual([]);
    }
  });

  it('accepts an exact JS number below Number.MAX_SAFE_INTEGER', () => {
    expect(6474014101900003).toBeLessThan(Number.MAX_SAFE_INTEGER);
    expect(normalizeNikInput(6474014101900003)).toEqual({
      value: '6474014101900003',
      damaged: false,
      scientific: false,
    });
    expect(check(6474014101900003)).toEqual([]);
  });
});

describe('validateNik: shape', () => {
  it('reports a missing NIK, including common placeholders', () => {
    for (const raw of [null, undefined, '', '   ', '-', '0', '0000000000000000', 'TIDAK ADA']) {
      expect(check(raw)).toEqual(['nik_missing']);
    }
  });

  it('reports non-digits and wrong length, and stops there', () => {
    expect(check('647401150885000O')).toEqual(['nik_non_digit']);
    expect(check('647401150885000')).toEqual(['nik_not_16_digits']);
    expect(check('64740115088500031')).toEqual(['nik_not_16_digits']);
    const [finding] = validateNik('647401150885000', {}, { refDate: ref });
    expect(finding?.message.id).toContain('15 digit');
    expect(finding?.message.en).toContain('not 15');
  });

  it('reports unknown province codes', () => {
    expect(check('0074011508850003')).toEqual(['nik_unknown_province']);
    expect(check('5474011508850003')).toEqual(['nik_unknown_province']);
    expect(check('9974011508850003')).toEqual(['nik_unknown_province']);
  });

  it('reports a bad month and bad days', () => {
    expect(check('6474011513850003')).toEqual(['nik_bad_month']);
    expect(check('6474011500850003')).toEqual(['nik_bad_month']);
    for (const dd of ['00', '32', '40', '72', '99']) {
      expect(check(`647401${dd}08850003`)).toEqual(['nik_bad_day']);
    }
    expect(check('6474013104850003')).toEqual(['nik_bad_day']);
    expect(check('6474017104850003')).toEqual(['nik_bad_day']);
    expect(check('6474013213850003')).toEqual(['nik_bad_day', 'nik_bad_month']);
  });
});

describe('validateNik: Excel damage', () => {
  it('flags a 16-digit value whose serial became 0000 as damaged', () => {
    expect(normalizeNikInput('6474014101900000')).toEqual({
      value: '6474014101900000',
      damaged: true,
      scientific: false,
    });
    expect(check('6474014101900000')).toEqual(['nik_excel_damaged']);
    expect(check(6474014101900000)).toEqual(['nik_excel_damaged']);
  });

  it('flags scientific notation, in English and Indonesian decimal style', () => {
    for (const raw of ['6.47401E+15', '6,47401E+15', '6.474014101900E+15', 1e21]) {
      expect(normalizeNikInput(raw)).toEqual({ value: null, damaged: true, scientific: true });
      expect(check(raw)).toEqual(['nik_scientific_notation']);
    }
  });

  it('flags JS numbers above Number.MAX_SAFE_INTEGER, e.g. every Papua NIK stored as a number', () => {
    const papua = Number('9171011508850003');
    expect(papua).toBeGreaterThan(Number.MAX_SAFE_INTEGER);
    expect(normalizeNikInput(papua).damaged).toBe(true);
    expect(check(papua)).toEqual(['nik_excel_damaged']);
    expect(check('9171011508850003')).toEqual([]);
  });

  it('reads serial 0000 typed into a form as a plain serial error, not Excel damage', () => {
    expect(check('6474011508850000', {}, 'typed')).toEqual(['nik_serial_zero']);
    expect(check('6474011508850000', {}, 'spreadsheet')).toEqual(['nik_excel_damaged']);
  });

  it('still checks the birth date of a damaged NIK', () => {
    expect(check('6474011508850000', { sex: 2 })).toEqual(['nik_excel_damaged', 'nik_sex_mismatch']);
  });
});

describe('validateNik: agreement with the person', () => {
  it('flags a male whose NIK day is 45 as a sex mismatch (and the reverse)', () => {
    expect(check(FEMALE, { sex: 1 })).toEqual(['nik_sex_mismatch']);
    expect(check(MALE, { sex: 2 })).toEqual(['nik_sex_mismatch']);
    const [finding] = validateNik(FEMALE, { sex: 1 }, { refDate: ref });
    expect(finding?.severity).toBe('warning');
    expect(finding?.message.id).toContain('perempuan');
  });

  it('compares day, month and two-digit year with the recorded birth date', () => {
    expect(check(MALE, { birthDate: '1985-08-16' })).toEqual(['nik_birthdate_mismatch']);
    expect(check(MALE, { birthDate: '1985-09-15' })).toEqual(['nik_birthdate_mismatch']);
    expect(check(MALE, { birthDate: '1986-08-15' })).toEqual(['nik_birthdate_mismatch']);
    // The NIK holds only yy, so another century with the same yy agrees.
    expect(check(MALE, { birthDate: '1885-08-15' })).toEqual([]);
    expect(check(FEMALE, { birthDate: '1985-08-45' })).toEqual(['nik_birthdate_mismatch']);
    expect(check(MALE, { birthDate: '1985-08-15T00:00:00.000Z' })).toEqual([]);
  });

  it('ignores a recorded birth date it cannot read', () => {
    expect(check(MALE, { birthDate: '15/08/1985' })).toEqual([]);
    expect(compareNikWithPerson(parseNik(MALE) ?? fail(), { birthDate: 'x' })).toEqual({
      birthDate: null,
      sex: null,
    });
  });

  it('reports both mismatches together', () => {
    expect(check(FEMALE, { birthDate: '1990-01-01', sex: 1 })).toEqual([
      'nik_sex_mismatch',
      'nik_birthdate_mismatch',
    ]);
  });

  it('warns about a birth date in the future unless the recorded birth date explains it', () => {
    // 15 Dec 2025 after a reference date of 15 Aug 2025.
    expect(check('6474011512250003')).toEqual(['nik_future_birth']);
    expect(check('6474011512250003', { birthDate: '1925-12-15' })).toEqual([]);
    expect(check('6474011408250003')).toEqual([]);
    expect(check('6474011508250003')).toEqual([]);
    expect(check('6474011608250003')).toEqual(['nik_future_birth']);
  });
});

describe('severity and display', () => {
  it('marks structural problems as errors and disagreements as warnings', () => {
    const warnings = validateNik(FEMALE, { sex: 1, birthDate: '1990-01-01' }, { refDate: ref });
    expect(warnings.every((finding) => finding.severity === 'warning')).toBe(true);
    expect(isNikUsable(warnings)).toBe(true);
    const errors = validateNik('6474011513850000', {}, { refDate: ref });
    expect(errors.every((finding) => finding.severity === 'error')).toBe(true);
    expect(isNikUsable(errors)).toBe(false);
  });

  it('gives every finding a message in Indonesian and English', () => {
    const all = [
      ...validateNik(null),
      ...validateNik('6.47401E+15'),
      ...validateNik('0074013213850000', {}, { refDate: ref }),
      ...validateNik(FEMALE, { sex: 1, birthDate: '1990-01-01' }, { refDate: ref }),
      ...validateNik('6474011512250003', {}, { refDate: ref }),
    ];
    expect(all.length).toBeGreaterThanOrEqual(8);
    for (const finding of all) {
      expect(finding.message.id.length).toBeGreaterThan(10);
      expect(finding.message.en.length).toBeGreaterThan(10);
      expect(finding.message.id).not.toBe(finding.message.en);
    }
  });

  it('masks the birth date and most of the serial', () => {
    expect(maskNik('6474014101900003')).toBe('647401********03');
    expect(maskNik('12345')).toBe('*****');
  });
});

function fail(): never {
  throw new Error('test NIK does not parse');
}
