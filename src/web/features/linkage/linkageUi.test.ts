import { describe, expect, it } from 'vitest';
import type { LinkagePairSide } from '../../api/types.ts';
import {
  agreementColor,
  defaultFieldChoices,
  formatBits,
  formatProbability,
  reviewActionOfKey,
  shortcutOf,
} from './linkageUi.ts';

function side(patch: Partial<LinkagePairSide>): LinkagePairSide {
  return {
    id: 1,
    householdId: 1,
    nik: null,
    name: 'SITI',
    sex: 2,
    birthDate: '1990-01-05',
    birthPlace: null,
    relationship: 1,
    marital: 2,
    schooling: 0,
    education: 3,
    work: 0,
    disability: 0,
    chronicIllness: 0,
    healthInsurance: 2,
    status: 1,
    version: 1,
    kkNumber: null,
    address: '',
    rw: '',
    rt: '',
    villageCode: '64.74.01.1003',
    villageName: 'Lok Tuan',
    headName: null,
    ...patch,
  };
}

const key = (k: string, patch: Partial<Parameters<typeof reviewActionOfKey>[0]> = {}) =>
  reviewActionOfKey({
    key: k,
    ctrlKey: false,
    metaKey: false,
    altKey: false,
    targetTag: 'BODY',
    targetEditable: false,
    ...patch,
  });

describe('merge defaults', () => {
  it('prefers a value to none, a valid NIK to an invalid one, the longer name and a non-zero code', () => {
    // Women's NIKs carry the birth day + 40: 45 for the 5th.
    const left = side({ id: 3, nik: '6474014501900003', name: 'SITI AMINAH', birthPlace: null, work: 0 });
    const right = side({ id: 9, nik: '6474010501900003', name: 'SITI', birthPlace: 'BONTANG', work: 4 });
    const c = defaultFieldChoices(left, right, 'left');
    expect(c.nik).toBe('left');
    expect(c.name).toBe('left');
    expect(c.birthPlace).toBe('right');
    expect(c.work).toBe('right');
    expect(c.marital).toBe('left');
    expect(defaultFieldChoices(left, right, 'right').marital).toBe('right');
  });

  it('takes the only NIK when the other record has none', () => {
    const c = defaultFieldChoices(side({ nik: null }), side({ id: 2, nik: '6474014501900003' }), 'left');
    expect(c.nik).toBe('right');
  });
});

describe('keyboard', () => {
  it('maps plain letters to review actions and ignores typing and modifiers', () => {
    expect(key('a')).toBe('accept');
    expect(key('R')).toBe('reject');
    expect(key('s')).toBe('skip');
    expect(key('j')).toBe('next');
    expect(key('k')).toBe('previous');
    expect(key('x')).toBeNull();
    expect(key('a', { targetTag: 'INPUT' })).toBeNull();
    expect(key('a', { targetEditable: true })).toBeNull();
    expect(key('r', { ctrlKey: true })).toBeNull();
    expect(shortcutOf('accept')).toBe('A');
    expect(shortcutOf('merge')).toBe('M');
  });
});

describe('formatting', () => {
  it('colours agreement and writes bits and probabilities per language', () => {
    expect(agreementColor('exact')).toBe('green');
    expect(agreementColor('different')).toBe('red');
    expect(formatBits(13.87, 'id-ID')).toBe('+13,9');
    expect(formatBits(-5.8, 'en-GB')).toBe('\u22125.8');
    expect(formatProbability(0.999991, 'en-GB')).toBe('99.9991 %');
    expect(formatProbability(0.5, 'id-ID')).toBe('50 %');
  });
});
