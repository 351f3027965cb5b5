import { describe, expect, it } from 'vitest';
import {
  COMMUNITIES,
  drawName,
  hasOldSpelling,
  spellingVariant,
  toModernSpelling,
  toOldSpelling,
  withTitles,
} from './names.ts';
import { createRng, inverseNormalCdf } from './rng.ts';

describe('spelling', () => {
  it('converts to and from the pre-1972 spelling', () => {
    expect(toOldSpelling('SUHARTO')).toBe('SOEHARTO');
    expect(toOldSpelling('JOKO')).toBe('DJOKO');
    expect(toOldSpelling('CAHYONO')).toBe('TJAHJONO');
    expect(toOldSpelling('SYAMSUL')).toBe('SJAMSOEL');
    expect(toOldSpelling('NYOMAN')).toBe('NJOMAN');
    expect(toOldSpelling('KHAIRUL')).toBe('CHAIROEL');
    for (const name of ['SUHARTO', 'JOKO WIDODO', 'CAHYONO', 'SYAMSUL BAHRI', 'YUSUF', 'NYOMAN'])
      expect(toModernSpelling(toOldSpelling(name))).toBe(name);
    expect(hasOldSpelling('SOEPARMAN')).toBe(true);
    expect(hasOldSpelling('MICHAEL')).toBe(false);
  });

  it('makes small spelling variants and adds titles', () => {
    const rng = createRng(1);
    expect(spellingVariant(rng, 'MUHAMMAD SYAMSUDDIN')).not.toBe('MUHAMMAD SYAMSUDDIN');
    const titled = withTitles(rng, 'MUHAMMAD RIDWAN', { sex: 1, age: 50, muslim: true, education: 5 });
    expect(titled).not.toBe('MUHAMMAD RIDWAN');
    expect(titled).toMatch(/\b(H|MUH|MOH|MUHD|M|IR|DRS|DR)\. |, [A-Z.]+$/);
    expect(withTitles(rng, 'YOHANES PALIMBONG', { sex: 1, age: 25, muslim: false, education: 2 })).toBe(
      'YOHANES PALIMBONG',
    );
  });
});

describe('drawName', () => {
  it('draws upper-case names, with family names where the community has them', () => {
    const rng = createRng(2);
    expect(COMMUNITIES.reduce((a, c) => a + c.weight, 0)).toBeCloseTo(1, 6);
    for (let i = 0; i < 500; i += 1) {
      const name = drawName(rng, {
        community: 'batak',
        sex: 1,
        birthYear: 1970,
        christian: true,
        familyName: 'SIREGAR',
      });
      expect(name).toMatch(/^[A-Z][A-Z .'-]* SIREGAR$/);
    }
    const bugis = Array.from({ length: 2000 }, () =>
      drawName(rng, { community: 'bugis', sex: 1, birthYear: 1975, christian: false, familyName: null }),
    );
    expect(bugis.filter((n) => n.startsWith('ANDI ')).length).toBeGreaterThan(50);
    expect(bugis.filter((n) => /\bMUHAMMAD\b/.test(n)).length).toBeGreaterThan(100);
  });

  it('is deterministic for a seed', () => {
    const draw = (seed: number) => {
      const rng = createRng(seed);
      return Array.from({ length: 50 }, () =>
        drawName(rng, { community: 'jawa', sex: 2, birthYear: 2001, christian: false, familyName: null }),
      );
    };
    expect(draw(8)).toEqual(draw(8));
    expect(draw(8)).not.toEqual(draw(9));
  });
});

describe('rng', () => {
  it('produces uniform and normal draws with the right moments', () => {
    const rng = createRng(123);
    let sum = 0;
    let sumSq = 0;
    const n = 20_000;
    for (let i = 0; i < n; i += 1) {
      const x = rng.normal();
      sum += x;
      sumSq += x * x;
    }
    expect(Math.abs(sum / n)).toBeLessThan(0.03);
    expect(Math.abs(sumSq / n - 1)).toBeLessThan(0.05);
    const u = Array.from({ length: n }, () => rng.next());
    expect(Math.min(...u)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...u)).toBeLessThan(1);
    expect(Math.abs(u.reduce((a, b) => a + b, 0) / n - 0.5)).toBeLessThan(0.01);
    expect(inverseNormalCdf(0.975)).toBeCloseTo(1.959964, 5);
  });
});
