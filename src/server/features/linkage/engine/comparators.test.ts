import { describe, expect, it } from 'vitest';
import {
  damerauLevenshtein,
  datesAgree,
  dayNumber,
  hammingDistance,
  isAdjacentTransposition,
  jaro,
  jaroWinkler,
  jaroWinklerUpperBound,
  levenshtein,
  levenshteinBounded,
  numbersAgree,
  parseDate,
  tokenSetSimilarity,
} from './comparators.ts';

describe('jaro and jaroWinkler (published values, Winkler 1990)', () => {
  it.each([
    ['MARTHA', 'MARHTA', 0.944, 0.961],
    ['DWAYNE', 'DUANE', 0.822, 0.84],
    ['DIXON', 'DICKSONX', 0.767, 0.813],
  ])('%s / %s', (a, b, j, jw) => {
    expect(jaro(a, b)).toBeCloseTo(j, 3);
    expect(jaroWinkler(a, b)).toBeCloseTo(jw, 3);
    expect(jaroWinkler(b, a)).toBeCloseTo(jw, 3);
  });

  it('gives 1 for equal strings and 0 when nothing matches or a side is empty', () => {
    expect(jaroWinkler('SITI', 'SITI')).toBe(1);
    expect(jaroWinkler('ABC', 'XYZ')).toBe(0);
    expect(jaroWinkler('', 'ABC')).toBe(0);
  });

  it('has a cheap upper bound that never undercuts the real score', () => {
    const words = [
      'MUHAMMAD',
      'MOHAMAD',
      'SITI',
      'STI',
      'AMINAH',
      'NUR AINI',
      'NURAINI',
      'X',
      'ÉLODIE',
      'ELODIE',
    ];
    for (const a of words)
      for (const b of words)
        expect(jaroWinklerUpperBound(a, b)).toBeGreaterThanOrEqual(jaroWinkler(a, b) - 1e-12);
    expect(jaroWinklerUpperBound('ABCD', 'WXYZ')).toBe(0);
  });

  it('handles strings longer than the scratch buffers', () => {
    const a = 'A'.repeat(300) + 'B';
    const b = 'A'.repeat(300) + 'C';
    expect(jaro(a, b)).toBeCloseTo((300 / 301 + 300 / 301 + 1) / 3, 6);
  });
});

describe('levenshtein', () => {
  it.each([
    ['KITTEN', 'SITTING', 3],
    ['FLAW', 'LAWN', 2],
    ['', 'ABC', 3],
    ['SAME', 'SAME', 0],
  ])('%s / %s = %i', (a, b, d) => {
    expect(levenshtein(a, b)).toBe(d);
  });

  it('bounded version exits early with k + 1 and agrees with the full distance', () => {
    expect(levenshteinBounded('KITTEN', 'SITTING', 2)).toBe(3);
    expect(levenshteinBounded('KITTEN', 'SITTING', 3)).toBe(3);
    expect(levenshteinBounded('A', 'ABCDEFG', 2)).toBe(3);
    const words = ['', 'A', 'AB', 'BA', 'ABC', 'ACB', 'MUHAMAD', 'MUHAMMAD', 'MOHAMMAD', 'AHMAD', 'ACHMAD'];
    for (const a of words) {
      for (const b of words) {
        const d = levenshtein(a, b);
        for (let k = 0; k <= 4; k++) expect(levenshteinBounded(a, b, k)).toBe(d <= k ? d : k + 1);
      }
    }
  });
});

describe('damerauLevenshtein (optimal string alignment) and transpositions', () => {
  it('counts an adjacent swap as one edit', () => {
    expect(damerauLevenshtein('CA', 'AC')).toBe(1);
    expect(damerauLevenshtein('RTI', 'TRI')).toBe(1);
    expect(levenshtein('RTI', 'TRI')).toBe(2);
    // The textbook OSA case: no substring is edited twice, so CA → ABC costs 3 (unrestricted: 2).
    expect(damerauLevenshtein('CA', 'ABC')).toBe(3);
  });

  it('recognises exactly one adjacent transposition', () => {
    expect(isAdjacentTransposition('6474010101900001', '6474010101900010')).toBe(true);
    expect(isAdjacentTransposition('6474010101900001', '6474010101900001')).toBe(false);
    expect(isAdjacentTransposition('ABCD', 'BADC')).toBe(false);
    expect(isAdjacentTransposition('ABC', 'ACBD')).toBe(false);
    expect(hammingDistance('12345', '12045')).toBe(1);
    expect(hammingDistance('123', '1234')).toBe(-1);
  });
});

describe('tokenSetSimilarity', () => {
  it('ignores word order and scores a dropped middle name by the mean length', () => {
    expect(tokenSetSimilarity(['AMINAH', 'SITI'], ['SITI', 'AMINAH'])).toBe(1);
    expect(tokenSetSimilarity(['SITI', 'AMINAH'], ['SITI', 'NUR', 'AMINAH'])).toBeCloseTo(0.8, 6);
    expect(tokenSetSimilarity(['SITI', 'AMINAH'], ['SITI', 'NUR', 'AMINAH'], 0.92, 'overlap')).toBe(1);
  });

  it('pairs tokens one to one and tolerates typos within a token', () => {
    expect(tokenSetSimilarity(['BUDI', 'BUDI'], ['BUDI'])).toBeCloseTo(2 / 3, 6);
    const typo = tokenSetSimilarity(['JOKO', 'SUSILO'], ['SUSILA', 'JOKO']);
    expect(typo).toBeGreaterThan(0.9);
    expect(typo).toBeLessThan(1);
    expect(tokenSetSimilarity(['AGUS'], ['RINA'])).toBe(0);
    expect(tokenSetSimilarity([], ['RINA'])).toBe(0);
  });
});

describe('dates and numbers', () => {
  it('parses the common Indonesian and ISO formats and rejects impossible dates', () => {
    expect(parseDate('1985-07-31')).toEqual({ year: 1985, month: 7, day: 31 });
    expect(parseDate('31-07-1985')).toEqual({ year: 1985, month: 7, day: 31 });
    expect(parseDate('31/07/1985')).toEqual({ year: 1985, month: 7, day: 31 });
    expect(parseDate('19850731')).toEqual({ year: 1985, month: 7, day: 31 });
    expect(parseDate('1985-02-30')).toBeNull();
    expect(parseDate('tidak tahu')).toBeNull();
  });

  it('agrees within a tolerance, on a day/month swap and on a one-part typo', () => {
    const d = (s: string): [number, number, number, number] => {
      const p = parseDate(s);
      if (!p) throw new Error(s);
      return [dayNumber(p.year, p.month, p.day), p.year, p.month, p.day];
    };
    const strict = { toleranceDays: 0, allowDayMonthSwap: false };
    expect(datesAgree(...d('1990-03-04'), ...d('1990-04-03'), strict)).toBe(false);
    expect(datesAgree(...d('1990-03-04'), ...d('1990-04-03'), { ...strict, allowDayMonthSwap: true })).toBe(
      true,
    );
    expect(datesAgree(...d('1990-12-31'), ...d('1991-01-01'), { ...strict, toleranceDays: 1 })).toBe(true);
    expect(datesAgree(...d('1958-06-01'), ...d('1985-06-01'), { ...strict, minEqualParts: 2 })).toBe(true);
    expect(datesAgree(...d('1958-07-02'), ...d('1985-06-01'), { ...strict, minEqualParts: 2 })).toBe(false);
    expect(numbersAgree(100, 104, 5, 0)).toBe(true);
    expect(numbersAgree(100, 110, 0, 0.1)).toBe(true);
    expect(numbersAgree(100, 120, 5, 0.1)).toBe(false);
  });
});
