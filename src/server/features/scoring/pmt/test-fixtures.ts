/** Builders for small hand-made households used by the scoring and criteria tests. */
import type { ScoringInput, ScoringMember } from './types.ts';

/** A member with every coded field null unless given; active by default. */
export function member(overrides: Partial<ScoringMember> = {}): ScoringMember {
  return {
    sex: 1,
    birthDate: null,
    relationship: null,
    education: null,
    work: null,
    schooling: null,
    disability: null,
    chronicIllness: null,
    healthInsurance: null,
    status: 1,
    ...overrides,
  };
}

/** A household in Bontang Utara (64.74.01) unless codes are given. */
export function household(
  variables: ScoringInput['variables'],
  members: ScoringMember[],
  overrides: Partial<Omit<ScoringInput, 'variables' | 'members'>> = {},
): ScoringInput {
  return {
    householdId: 1,
    villageCode: '64.74.01.1003',
    districtCode: '64.74.01',
    variables,
    members,
    ...overrides,
  };
}
