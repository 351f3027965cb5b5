import { describe, expect, it } from 'vitest';
import type { Selectable } from 'kysely';
import type { HouseholdTable, PersonTable } from '../../platform/db/schema.ts';
import {
  DEFAULT_FAMILY_SETTINGS,
  addressAgreement,
  alignMembers,
  familyProbability,
  findFamilyPairs,
  scoreFamilyPair,
  type HouseholdFacts,
  type PersonLink,
} from './family.ts';
import { alignFamilies, completeFieldChoices, mergedHouseholdValues } from './family.presenter.ts';
import { familyPairsTouching, familySettings } from './family.service.ts';

function household(id: number, members: number[], patch: Partial<HouseholdFacts> = {}): HouseholdFacts {
  return {
    id,
    kkNumber: `64740${id}`,
    address: 'Jl. Mulawarman Gg. 3 No. 12',
    rw: '002',
    rt: '007',
    villageCode: '64.74.01.1003',
    memberIds: members,
    headId: members[0] ?? null,
    ...patch,
  };
}

const link = (left: number, right: number, probability = 0.999, status = 'auto_accepted'): PersonLink => ({
  left,
  right,
  probability,
  status,
  pairId: left * 1000 + right,
});

const contribution = (pair: ReturnType<typeof scoreFamilyPair>, key: string) =>
  pair.reasons.find((r) => r.key === key)?.contribution;

describe('family pair score', () => {
  it('accepts a card entered twice: every member linked, heads linked, same address', () => {
    const a = household(10, [1, 2, 3, 4]);
    const b = household(20, [11, 12, 13, 14], { kkNumber: '6474999' });
    const pair = scoreFamilyPair(a, b, [link(1, 11), link(2, 12), link(3, 13), link(4, 14, 0.8, 'review')]);
    expect(pair.left).toBe(10);
    expect(pair.right).toBe(20);
    expect(pair.linkedMembers).toHaveLength(4);
    expect(contribution(pair, 'members')).toBeCloseTo(12 * ((3 * 0.999 + 0.8) / 4) - 6, 3);
    expect(contribution(pair, 'head')).toBe(2);
    expect(contribution(pair, 'kk')).toBe(0);
    expect(contribution(pair, 'address')).toBe(2);
    expect(contribution(pair, 'rt')).toBe(1);
    expect(contribution(pair, 'village')).toBe(1);
    // The score is the sum of the contributions, and the probability follows from it.
    const sum = pair.reasons.reduce((s, r) => s + r.contribution, 0);
    expect(pair.score).toBeCloseTo(sum, 6);
    expect(pair.probability).toBeCloseTo(1 / (1 + 2 ** -sum), 9);
    expect(pair.status).toBe('auto_accepted');
  });

  it('drops one person listed on two cards (an elderly parent on a child’s card)', () => {
    const parent = household(1, [1]);
    const child = household(2, [5, 6, 7, 1001], { address: 'Jl. Lain No. 3', rt: '001' });
    const pair = scoreFamilyPair(child, parent, [link(1001, 1)]);
    expect(pair.left).toBe(1);
    expect(pair.linkedMembers).toEqual([expect.objectContaining({ left: 1, right: 1001 })]);
    expect(contribution(pair, 'size')).toBe(-9);
    expect(contribution(pair, 'singleLink')).toBe(-4);
    expect(pair.status).toBe('dropped');
    expect(pair.probability).toBeLessThan(0.5);
  });

  it('sends a copy with one member link missing and a move to another kelurahan to review', () => {
    const a = household(1, [1, 2, 3]);
    const b = household(2, [11, 12, 13], {
      villageCode: '64.74.02.1001',
      address: 'Jl. Pupuk Raya No. 8',
      rt: '010',
    });
    const pair = scoreFamilyPair(a, b, [link(1, 11), link(2, 12)]);
    expect(pair.status).toBe('review');
    expect(contribution(pair, 'village')).toBe(0);
    // A stricter accept threshold and a looser one move the same pair.
    expect(scoreFamilyPair(a, b, [link(1, 11), link(2, 12)], { accept: 0.6, review: 0.5 }).status).toBe(
      'auto_accepted',
    );
  });

  it('counts the same KK number, and a human-accepted link as certain', () => {
    const a = household(1, [1, 2], { kkNumber: '6474011203150001' });
    const b = household(2, [11, 12], { kkNumber: '6474011203150001' });
    const pair = scoreFamilyPair(a, b, [link(1, 11, 0.6, 'accepted'), link(2, 12, 0.6, 'review')]);
    expect(contribution(pair, 'kk')).toBe(4);
    expect(pair.linkedMembers.find((m) => m.left === 1)?.probability).toBe(1);
    expect(pair.linkedMembers.find((m) => m.left === 2)?.probability).toBe(0.6);
  });
});

describe('member alignment and candidate pairs', () => {
  it('aligns one to one, strongest link first', () => {
    const aligned = alignMembers([link(1, 11, 0.7), link(1, 12, 0.99), link(2, 12, 0.95), link(2, 11, 0.6)]);
    expect(aligned.map((m) => [m.left, m.right])).toEqual([
      [1, 12],
      [2, 11],
    ]);
  });

  it('finds every pair of cards with linked members, ignoring rejected and same-card links', () => {
    const facts = new Map([
      [1, household(1, [1, 2])],
      [2, household(2, [11, 12])],
      [3, household(3, [21, 22])],
    ]);
    const pairs = findFamilyPairs(facts, [
      link(11, 1),
      link(2, 12),
      link(1, 2),
      link(21, 1, 0.9, 'rejected'),
      link(22, 99),
    ]);
    expect(pairs.map((p) => [p.left, p.right])).toEqual([[1, 2]]);
    expect(pairs[0]?.linkedMembers.map((m) => [m.left, m.right])).toEqual([
      [1, 11],
      [2, 12],
    ]);
    expect(familyPairsTouching(pairs, new Set([3]))).toEqual([]);
    expect(familyPairsTouching(pairs, new Set([2]))).toHaveLength(1);
  });

  it('compares addresses by their words', () => {
    expect(addressAgreement('Jl. Mulawarman No. 12', 'JL MULAWARMAN NO 12')).toBe('same');
    expect(addressAgreement('Jl. Mulawarman Gg. Damai No. 12', 'Jl. Mulawarman Gg. Damai No. 14')).toBe(
      'similar',
    );
    expect(addressAgreement('Jl. Mulawarman No. 12', 'Jl. Pupuk Raya No. 8')).toBe('different');
    expect(addressAgreement('', 'Jl. Pupuk')).toBe('missing');
    expect(familyProbability(0)).toBe(0.5);
  });

  it('checks and orders the thresholds', () => {
    expect(familySettings()).toEqual(DEFAULT_FAMILY_SETTINGS);
    expect(familySettings({ accept: 0.7, review: 0.9 })).toEqual({ accept: 0.7, review: 0.7 });
    expect(() => familySettings({ accept: 0 })).toThrow();
  });
});

describe('family merge rules', () => {
  const base: Selectable<HouseholdTable> = {
    id: 5,
    kk_number: 'A',
    address: 'Jl. A',
    rw: '001',
    rt: '002',
    village_code: 'V1',
    district_code: 'D1',
    lat: 1,
    lng: 2,
    dtsen_id: 'X',
    external_ids: {},
    variables: { floor_material: 1 },
    dictionary_version: '1',
    official_desil: 3,
    official_desil_release_id: 1,
    status: 1,
    merged_into: null,
    version: 4,
    created_at: new Date(0),
    updated_at: new Date(0),
  };

  it('takes each chosen household field from the chosen card, left being the smaller id', () => {
    const survivor = { ...base, id: 9 };
    const other = { ...base, id: 5, kk_number: 'B', rt: '009', rw: '003', village_code: 'V2', lat: 7 };
    const next = mergedHouseholdValues(survivor, other, { kkNumber: 'left', rtRw: 'left', gps: 'right' });
    expect(next.kk_number).toBe('B');
    expect([next.rt, next.rw]).toEqual(['009', '003']);
    expect(next.lat).toBe(1);
    expect(next.village_code).toBe('V1');
    expect(next.id).toBe(9);
    expect(next.official_desil).toBe(3);
  });

  const person = (patch: Partial<Selectable<PersonTable>>): Selectable<PersonTable> => ({
    id: 1,
    household_id: 1,
    nik: null,
    name: 'X',
    sex: 1,
    birth_date: '1980-03-12',
    birth_place: null,
    relationship: 1,
    marital: null,
    schooling: null,
    education: null,
    work: null,
    disability: null,
    chronic_illness: null,
    health_insurance: null,
    status: 1,
    merged_into: null,
    version: 1,
    created_at: new Date(0),
    updated_at: new Date(0),
    ...patch,
  });

  it('fills the survivor member’s empty fields from the merged record', () => {
    const survivor = person({ id: 30, nik: null, birth_place: 'BONTANG', work: 2 });
    const merged = person({ id: 10, nik: '6474011203800001', birth_place: 'PALU', work: null, marital: 2 });
    expect(completeFieldChoices(survivor, merged)).toEqual({ nik: 'left', marital: 'left' });
  });

  it('aligns members side by side with their agreement, unlinked members after', () => {
    const m = (id: number, household_id: number, name: string, nik: string | null) => ({
      id,
      household_id,
      nik,
      name,
      sex: 1,
      birth_date: '1990-01-01',
      relationship: 3,
      status: 1,
    });
    const rows = alignFamilies(
      [m(1, 1, 'SITI AMINAH', '6474010101900001'), m(2, 1, 'ANDI', null)],
      [m(11, 2, 'SITI AMINAH', '6474010101900002'), m(12, 2, 'BUDI', '6474010101900003')],
      [link(11, 1)],
    );
    expect(rows).toHaveLength(3);
    expect(rows[0]?.right?.id).toBe(11);
    expect(rows[0]?.agreement).toEqual({ nik: 'close', name: 'exact', birthDate: 'exact', sex: 'exact' });
    expect(rows[1]?.right).toBeNull();
    expect(rows[2]?.left).toBeNull();
    expect(rows[2]?.right?.id).toBe(12);
  });
});
