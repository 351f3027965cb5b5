import { describe, expect, it } from 'vitest';
import type { FamilySide, HouseholdPair } from './familyApi.ts';
import {
  defaultFamilyChoices,
  defaultMemberMerges,
  familyFieldValue,
  kkIssueKey,
  memberLinkColor,
} from './familyUi.ts';

function side(patch: Partial<FamilySide>): FamilySide {
  return {
    id: 1,
    kkNumber: '6474011203150001',
    address: 'Jl. Mulawarman No. 3',
    rw: '001',
    rt: '004',
    villageCode: '64.74.01.1003',
    villageName: 'Lok Tuan',
    districtCode: '64.74.01',
    dtsenId: '647400000001',
    lat: 0.13,
    lng: 117.49,
    status: 1,
    version: 1,
    mergedInto: null,
    officialDesil: 2,
    headName: 'SUHARTO',
    memberCount: 3,
    ...patch,
  };
}

describe('family merge defaults', () => {
  it('reads the issue date of a KK number', () => {
    expect(kkIssueKey('6474011203150001')).toBe(20150312);
    expect(kkIssueKey('6474013112990001', new Date('2025-01-01'))).toBe(19991231);
    expect(kkIssueKey('6474')).toBeNull();
    expect(kkIssueKey('6474014013150001')).toBeNull();
  });

  it('takes card number and address from the newer card, DTSEN id and variables from the survivor', () => {
    const older = side({ id: 1, kkNumber: '6474011203150001', dtsenId: 'A' });
    const newer = side({ id: 2, kkNumber: '6474010504240007', address: 'Jl. Baru No. 1', dtsenId: 'B' });
    const choices = defaultFamilyChoices(older, newer, 'left');
    expect(choices.kkNumber).toBe('right');
    expect(choices.address).toBe('right');
    expect(choices.village).toBe('right');
    expect(choices.dtsenId).toBe('left');
    expect(choices.variables).toBe('left');
    expect(defaultFamilyChoices(older, newer, 'right').dtsenId).toBe('right');
  });

  it('prefers a value over none', () => {
    const a = side({ id: 1, kkNumber: '6474010504240007', lat: null, lng: null });
    const b = side({ id: 2, kkNumber: '6474011203150001' });
    expect(defaultFamilyChoices(a, b, 'left').gps).toBe('right');
    expect(familyFieldValue(a, 'gps')).toBeNull();
    expect(familyFieldValue(b, 'rtRw')).toBe('004/001');
  });

  it('merges the linked members, keeping the survivor card’s member', () => {
    const m = (id: number) => ({ id, nik: null, name: 'X', sex: 1, birthDate: null, relationship: 3 });
    const pair = {
      members: [
        {
          left: m(1),
          right: m(11),
          probability: 1,
          personPairId: 5,
          personPairStatus: 'auto_accepted',
          agreement: null,
        },
        {
          left: m(2),
          right: null,
          probability: null,
          personPairId: null,
          personPairStatus: null,
          agreement: null,
        },
      ],
    } as unknown as HouseholdPair;
    expect(defaultMemberMerges(pair, 'left')).toEqual([{ keep: 1, merge: 11 }]);
    expect(defaultMemberMerges(pair, 'right')).toEqual([{ keep: 11, merge: 1 }]);
    expect(memberLinkColor(null)).toBe('gray');
    expect(memberLinkColor(0.95)).toBe('green');
    expect(memberLinkColor(0.6)).toBe('lime');
  });
});
