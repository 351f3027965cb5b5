import { describe, expect, it } from 'vitest';
import { HOUSEHOLD_VARIABLES } from '../../../../shared/dictionary/dictionary.ts';
import { cellText, collapseSpaces, compactKey, dateToIso, editDistance, normalizeKey } from './text.ts';
import {
  parseBoolean,
  parseCode,
  parseDate,
  parseDesil,
  parseInteger,
  parseNumber,
  parsePeriod,
  parseRelationship,
  parseRtRw,
  parseSex,
  splitRtRw,
} from './values.ts';

const codesOf = (key: string) => {
  const v = HOUSEHOLD_VARIABLES.find((x) => x.key === key);
  if (!v?.codes) throw new Error(`no codes for ${key}`);
  return v.codes;
};

describe('text helpers', () => {
  it('normalises keys and compacts them', () => {
    expect(normalizeKey(' Tgl. Lahir (dd/mm/yyyy)')).toBe('TGL LAHIR DD MM YYYY');
    expect(compactKey('NO_KK')).toBe(compactKey('No. KK'));
    expect(normalizeKey('Mundé')).toBe('MUNDE');
  });

  it('reads cell text, dropping placeholders and Excel text markers', () => {
    expect(cellText('  -  ')).toBeNull();
    expect(cellText('NULL')).toBeNull();
    expect(cellText("'=cmd")).toBe('=cmd');
    expect(cellText("'6474011708800001")).toBe('6474011708800001');
    expect(cellText(12)).toBe('12');
    expect(cellText(null)).toBeNull();
    for (const placeholder of ['n/a', '#n/a', 'Na', 'kosong', '(Kosong)', '--', '.']) {
      expect(cellText(placeholder)).toBeNull();
    }
    for (const value of ['NAMA', 'KAWIN', '(1)', '-5', '.5', '#1']) expect(cellText(value)).toBe(value);
  });

  it('collapses inner whitespace of free text', () => {
    expect(collapseSpaces('  SITI   AMINAH ')).toBe('SITI AMINAH');
    expect(collapseSpaces('Jl.\tMerdeka\u00a0No. 5')).toBe('Jl. Merdeka No. 5');
    expect(collapseSpaces('Jl. Merdeka No. 5')).toBe('Jl. Merdeka No. 5');
  });

  it('rounds date cells to the nearest day (local midnight in UTC+8)', () => {
    expect(dateToIso(new Date('1980-08-16T16:00:00Z'))).toBe('1980-08-17');
    expect(dateToIso(new Date('1980-08-17T00:00:00Z'))).toBe('1980-08-17');
  });

  it('computes edit distance with transpositions and a cut-off', () => {
    expect(editDistance('LOKTUAN', 'LOKTAUN', 2)).toBe(1);
    expect(editDistance('BERBAS', 'BEREBAS', 2)).toBe(1);
    expect(editDistance('KANAAN', 'GUNTUNG', 2)).toBe(3);
  });
});

describe('parseDate', () => {
  it.each([
    ['17/08/1980', '1980-08-17'],
    ['17-08-1980', '1980-08-17'],
    ['17.08.1980', '1980-08-17'],
    ['1980-08-17', '1980-08-17'],
    ['1980/8/7', '1980-08-07'],
    ['1980-08-17 00:00:00', '1980-08-17'],
    ['1980-08-17T00:00:00.000Z', '1980-08-17'],
    ['17 Agustus 1945', '1945-08-17'],
    ['17-AGU-1980', '1980-08-17'],
    ['17 Agt 1980', '1980-08-17'],
    ['17AGT1980', '1980-08-17'],
    ['3-AGT-1999', '1999-08-03'],
    ['1 Juli 1966', '1966-07-01'],
    ['09-JAN-2012', '2012-01-09'],
    ['12 Desember 2010', '2010-12-12'],
    ['5 Nopember 2001', '2001-11-05'],
    ['August 17, 1945', '1945-08-17'],
    ['Senin, 17 Agustus 1945', '1945-08-17'],
    ['19800817', '1980-08-17'],
    ['17081980', '1980-08-17'],
    ['29450', '1980-08-17'],
  ])('reads %s', (input, expected) => {
    expect(parseDate(input, { pivotYear: 2025 })).toEqual({ value: expected });
  });

  it('reads Excel serial numbers, yyyymmdd numbers and date cells', () => {
    expect(parseDate(29450).value).toBe('1980-08-17');
    expect(parseDate(25851).value).toBe('1970-10-10');
    expect(parseDate(29450.75).value).toBe('1980-08-17');
    expect(parseDate(19800817).value).toBe('1980-08-17');
    expect(parseDate(new Date(Date.UTC(1985, 2, 5))).value).toBe('1985-03-05');
    expect(parseDate(60).problem).toBe('invalid');
  });

  it('places two-digit years in the past', () => {
    expect(parseDate('17/08/80', { pivotYear: 2025 }).value).toBe('1980-08-17');
    expect(parseDate('17/08/05', { pivotYear: 2025 }).value).toBe('2005-08-17');
    expect(parseDate('17/08/26', { pivotYear: 2025 }).value).toBe('1926-08-17');
  });

  it('reads month-first only when day-first is impossible, with a note', () => {
    expect(parseDate('08/17/1980')).toEqual({ value: '1980-08-17', note: 'month_day_swapped' });
    expect(parseDate('05/03/1985').value).toBe('1985-03-05');
  });

  it('rejects impossible dates and text', () => {
    expect(parseDate('31/02/1980').problem).toBe('invalid');
    expect(parseDate('32/01/1980').problem).toBe('invalid');
    expect(parseDate('tidak tahu').problem).toBe('invalid');
    expect(parseDate('17 Agustus').problem).toBe('invalid');
    expect(parseDate('29/02/1981').problem).toBe('invalid');
    expect(parseDate('29/02/1980').value).toBe('1980-02-29');
    expect(parseDate('01/01/1700').problem).toBe('out_of_range');
    expect(parseDate('')).toEqual({ value: null });
    expect(parseDate(null)).toEqual({ value: null });
    expect(parseDate(true).problem).toBe('invalid');
  });
});

describe('sex and relationship', () => {
  it.each([
    ['L', 1],
    ['l', 1],
    ['LK', 1],
    ['Laki-laki', 1],
    ['LAKI LAKI', 1],
    ['Pria', 1],
    ['Male', 1],
    ['1', 1],
    [1, 1],
    ['P', 2],
    ['PR', 2],
    ['Perempuan', 2],
    ['WANITA', 2],
    ['F', 2],
    ['2', 2],
    [2, 2],
  ] as const)('sex %s → %s', (input, expected) => {
    expect(parseSex(input).value).toBe(expected);
  });

  it('rejects unknown sex values and keeps empty cells empty', () => {
    expect(parseSex('X').problem).toBe('invalid');
    expect(parseSex(3).problem).toBe('invalid');
    expect(parseSex('-')).toEqual({ value: null });
  });

  it.each([
    ['KEPALA KELUARGA', 1],
    ['Kepala Rumah Tangga', 1],
    ['ISTRI', 2],
    ['SUAMI', 2],
    ['Istri/suami', 2],
    ['Spouse', 2],
    ['ANAK KANDUNG', 3],
    ['MENANTU', 4],
    ['CUCU', 5],
    ['MERTUA', 6],
    ['FAMILI LAIN', 8],
    ['3', 3],
    [7, 7],
    ['3. Anak', 3],
  ] as const)('relationship %s → %s', (input, expected) => {
    expect(parseRelationship(input).value).toBe(expected);
  });

  it('rejects relationship codes outside the dictionary', () => {
    expect(parseRelationship(11).problem).toBe('invalid');
    expect(parseRelationship('TETANGGA').problem).toBe('invalid');
  });
});

describe('parseCode for household variables', () => {
  it('reads codes by number, by Indonesian or English label, and by label part', () => {
    const tenure = codesOf('tenure');
    expect(parseCode('Milik sendiri', tenure).value).toBe(1);
    expect(parseCode('KONTRAK/SEWA', tenure).value).toBe(2);
    expect(parseCode('sewa', tenure).value).toBe(2);
    expect(parseCode('Rented', tenure).value).toBe(2);
    expect(parseCode(3, tenure).value).toBe(3);
    expect(parseCode('03', tenure).value).toBe(3);
    expect(parseCode('2. Kontrak/sewa', tenure).value).toBe(2);
    expect(parseCode(9, tenure).problem).toBe('invalid');
    expect(parseCode('Istana', tenure).problem).toBe('invalid');
    const floor = codesOf('floor_material');
    expect(parseCode('KAYU/PAPAN', floor).value).toBe(5);
    expect(parseCode('Keramik', floor).value).toBe(2);
    expect(parseCode('tanah', floor).value).toBe(8);
  });

  it('gives the same, unchangeable result for a text seen before, per code list and parser', () => {
    const tenure = codesOf('tenure');
    const first = parseCode('KONTRAK/SEWA', tenure);
    expect(parseCode('KONTRAK/SEWA', tenure)).toEqual(first);
    expect(Object.isFrozen(parseCode('KONTRAK/SEWA', tenure))).toBe(true);
    // The same text against another list, or read by another parser, is parsed on its own.
    expect(parseCode('8', tenure).problem).toBe('invalid');
    expect(parseCode('8', codesOf('floor_material')).value).toBe(8);
    expect(parseRelationship('8').value).toBe(8);
    expect(parseSex('8').problem).toBe('invalid');
    expect(parseNumber('8').value).toBe(8);
    expect(parseBoolean('8').problem).toBe('invalid');
    expect(parseRtRw('8').value).toBe('008');
    expect(parseRtRw(Number.NaN)).toEqual({ value: null });
  });
});

describe('parseBoolean', () => {
  it.each([
    ['YA', true],
    ['Ya', true],
    ['ADA', true],
    ['PUNYA', true],
    ['✓', true],
    [1, true],
    [true, true],
    ['1. Ya', true],
    ['TIDAK', false],
    ['Tidak Ada', false],
    ['TDK', false],
    [0, false],
    [2, false],
    ['2', false],
    [false, false],
  ] as const)('%s → %s', (input, expected) => {
    expect(parseBoolean(input).value).toBe(expected);
  });

  it('rejects other values', () => {
    expect(parseBoolean('MUNGKIN').problem).toBe('invalid');
    expect(parseBoolean(5).problem).toBe('invalid');
    expect(parseBoolean(null)).toEqual({ value: null });
  });
});

describe('parseNumber', () => {
  it.each([
    ['1.234,5', 1234.5],
    ['1.234', 1234],
    ['1.234.567', 1234567],
    ['1,234.5', 1234.5],
    ['1,234,567', 1234567],
    ['36,5', 36.5],
    ['36.5', 36.5],
    ['0.125', 0.125],
    ['2.200 VA', 2200],
    ['36 m2', 36],
    ['36 m²', 36],
    ['Rp 1.500.000', 1500000],
    ['-3', -3],
    [42, 42],
  ] as const)('%s → %s', (input, expected) => {
    expect(parseNumber(input).value).toBe(expected);
  });

  it('rejects text that is not a number', () => {
    expect(parseNumber('tiga').problem).toBe('invalid');
    expect(parseNumber('1.2.3,4,5').problem).toBe('invalid');
    expect(parseNumber('1.23.4').problem).toBe('invalid');
    expect(parseNumber('').value).toBeNull();
  });

  it('checks integers and ranges', () => {
    expect(parseInteger('4', 1, 10).value).toBe(4);
    expect(parseInteger('4,5', 1, 10).problem).toBe('invalid');
    expect(parseInteger('11', 1, 10).problem).toBe('out_of_range');
    expect(parseDesil('DESIL 3').value).toBe(3);
    expect(parseDesil('D1').value).toBe(1);
    expect(parseDesil(11).problem).toBe('out_of_range');
  });
});

describe('RT/RW and periods', () => {
  it('writes RT and RW as three digits', () => {
    expect(parseRtRw('1').value).toBe('001');
    expect(parseRtRw('RT 01').value).toBe('001');
    expect(parseRtRw('RT.012').value).toBe('012');
    expect(parseRtRw(5).value).toBe('005');
    expect(parseRtRw('0').problem).toBe('out_of_range');
    expect(parseRtRw('satu').problem).toBe('invalid');
    expect(parseRtRw('1000').problem).toBe('invalid');
  });

  it('splits combined RT/RW cells', () => {
    expect(splitRtRw('004/001')).toEqual({ rt: '004', rw: '001' });
    expect(splitRtRw('RT 1 RW 2')).toEqual({ rt: '1', rw: '2' });
    expect(splitRtRw('01-02')).toEqual({ rt: '01', rw: '02' });
    expect(splitRtRw('jalan')).toBeNull();
  });

  it('normalises programme periods', () => {
    expect(parsePeriod('Agustus 2025').value).toBe('2025-08');
    expect(parsePeriod('2025-08').value).toBe('2025-08');
    expect(parsePeriod('08/2025').value).toBe('2025-08');
    expect(parsePeriod('TW III 2025').value).toBe('2025-Q3');
    expect(parsePeriod('2025').value).toBe('2025');
    expect(parsePeriod('Tahap  2').value).toBe('Tahap 2');
  });
});
