/**
 * Family structures and person attributes of a demo household: head, spouse, children, sometimes a
 * parent, an adult child with a child-in-law and grandchildren, or a domestic worker; ages that fit
 * the relationships, children of school age in school, and education and work that follow welfare.
 */
import type { PersonCode } from './demo.types.ts';
import { communityDef, drawCommunity, drawFamilyName, drawName, type Community } from './names.ts';
import { inverseNormalCdf, type Rng } from './rng.ts';

export interface MemberDraft {
  relationship: PersonCode<'relationship'>;
  sex: 1 | 2;
  age: number;
  birthDate: string;
  marital: PersonCode<'marital'>;
  community: Community;
  christian: boolean;
  familyName: string | null;
  name: string;
  birthPlace: string;
  nik: string | null;
  schooling: PersonCode<'schooling'>;
  education: PersonCode<'education'>;
  work: PersonCode<'work'>;
  disability: PersonCode<'disability'>;
  chronicIllness: PersonCode<'chronicIllness'>;
  healthInsurance: PersonCode<'healthInsurance'>;
  /** True person this record belongs to (duplicates share it). */
  entity: number;
  /** True for the extra records injected as duplicates. */
  duplicate: boolean;
  /** Record id, assigned when the city is assembled (0 before). */
  id: number;
}

type Skeleton = Pick<
  MemberDraft,
  'relationship' | 'sex' | 'age' | 'marital' | 'community' | 'christian' | 'familyName'
>;

const clamp = (x: number, lo: number, hi: number): number => Math.min(hi, Math.max(lo, x));

/** Household size in the registry before duplicates: mean about 3.17. */
export function drawHouseholdSize(rng: Rng): number {
  return rng.weighted([1, 2, 3, 4, 5, 6, 7, 8], [0.13, 0.23, 0.25, 0.21, 0.115, 0.045, 0.015, 0.005]);
}

/** Ages of `count` children of a mother aged `motherAge`, eldest first. */
function childAges(rng: Rng, motherAge: number, count: number): number[] {
  if (count <= 0) return [];
  const gaps: number[] = [];
  for (let i = 1; i < count; i += 1) gaps.push(rng.float(1.2, 5));
  let span = gaps.reduce((a, b) => a + b, 0);
  const maxEldest = Math.max(0, motherAge - 19);
  const minYoungest = Math.max(0, motherAge - 43);
  // Many children for a young mother: squeeze the gaps (floors then give twins) rather than make a
  // child older than the mother allows.
  const room = maxEldest - minYoungest;
  if (span > room) {
    const squeeze = room / span;
    for (let i = 0; i < gaps.length; i += 1) gaps[i] = (gaps[i] ?? 0) * squeeze;
    span = room;
  }
  const youngest = rng.float(minYoungest, maxEldest - span + 0.999);
  const ages: number[] = [youngest];
  for (const gap of gaps) ages.push((ages[ages.length - 1] ?? 0) + gap);
  return ages.reverse().map((a) => Math.max(0, Math.floor(a)));
}

function childMarital(rng: Rng, age: number): PersonCode<'marital'> {
  if (age >= 25 && rng.chance(0.08)) return 3;
  return 1;
}

function spouseCommunity(rng: Rng, head: Community): Community {
  return rng.chance(0.8) ? head : drawCommunity(rng);
}

/** Relationship, sex, age, marital status and community of each member, head first. */
export function drawSkeleton(rng: Rng, size: number): Skeleton[] {
  const community = drawCommunity(rng);
  const christian = rng.chance(communityDef(community).christianShare);
  const fatherFamily = drawFamilyName(rng, community);
  const members: Skeleton[] = [];
  // Objects are built with one fixed property order so that V8 keeps a single hidden class for them.
  const add = (s: Omit<Skeleton, 'community' | 'christian' | 'familyName'> & Partial<Skeleton>): void => {
    members.push({
      relationship: s.relationship,
      sex: s.sex,
      age: s.age,
      marital: s.marital,
      community: s.community ?? community,
      christian: s.christian ?? christian,
      familyName: s.familyName === undefined ? fatherFamily : s.familyName,
    });
  };
  const addWife = (age: number): void => {
    const wifeCommunity = spouseCommunity(rng, community);
    add({
      relationship: 2,
      sex: 2,
      age: clamp(age, 17, 95),
      marital: 2,
      community: wifeCommunity,
      familyName: drawFamilyName(rng, wifeCommunity),
    });
  };
  const addChildren = (motherAge: number, count: number, relationship: 3 | 5 = 3): void => {
    for (const age of childAges(rng, motherAge, count))
      add({ relationship, sex: rng.chance(0.51) ? 1 : 2, age, marital: childMarital(rng, age) });
  };

  if (size === 1) {
    const u = rng.next();
    if (u < 0.5) {
      const sex = rng.chance(0.7) ? 2 : 1;
      add({
        relationship: 1,
        sex,
        age: clamp(60 + Math.floor(Math.abs(rng.normal()) * 11), 60, 97),
        marital: rng.chance(0.85) ? 4 : 3,
      });
    } else if (u < 0.78) {
      add({
        relationship: 1,
        sex: rng.chance(0.65) ? 1 : 2,
        age: rng.int(19, 38),
        marital: rng.chance(0.9) ? 1 : 3,
      });
    } else {
      add({
        relationship: 1,
        sex: rng.chance(0.5) ? 1 : 2,
        age: rng.int(39, 59),
        marital: rng.weighted([3, 4, 1], [0.55, 0.38, 0.07]),
      });
    }
    return members;
  }

  const type = rng.weighted(
    ['couple', 'single_parent', 'three_generations'],
    size >= 3 ? [0.76, 0.14, 0.1] : [0.82, 0.18, 0],
  );
  if (type === 'couple') {
    const wantParent = size >= 3 && rng.chance(0.09);
    const children = size - 2 - (wantParent ? 1 : 0);
    let headAge: number;
    if (size === 2) headAge = rng.chance(0.5) ? rng.int(21, 35) : rng.int(55, 82);
    else headAge = Math.round(clamp(38 + 1.5 * children + rng.normal() * 9, 21 + 2 * children, 78));
    if (wantParent) headAge = Math.min(headAge, 55);
    add({ relationship: 1, sex: 1, age: headAge, marital: 2 });
    const wifeAge = Math.round(headAge - clamp(rng.normal() * 3 + 4, -4, 15));
    addWife(wifeAge);
    if (wantParent) {
      const parentSex = rng.chance(0.75) ? 2 : 1;
      const parentCommunity = rng.chance(0.6) ? community : (members[1]?.community ?? community);
      add({
        relationship: 6,
        sex: parentSex,
        age: clamp(headAge + rng.int(21, 35), 58, 98),
        marital: rng.chance(0.85) ? 4 : 2,
        community: parentCommunity,
        familyName: parentSex === 1 ? fatherFamily : drawFamilyName(rng, parentCommunity),
      });
    }
    addChildren(clamp(wifeAge, 18, 95), children);
    return members;
  }

  if (type === 'single_parent') {
    const sex = rng.chance(0.82) ? 2 : 1;
    const children = size - 1;
    const age = Math.round(clamp(44 + rng.normal() * 10, 24 + 2 * children, 80));
    add({
      relationship: 1,
      sex,
      age,
      marital: rng.chance(0.55) ? 4 : 3,
      familyName: sex === 1 ? fatherFamily : drawFamilyName(rng, community),
    });
    addChildren(sex === 2 ? age : age - 4, children);
    return members;
  }

  // Three generations: an older head, an adult child (with a spouse) and grandchildren.
  const headAge = rng.int(55, 80);
  const couple = size >= 4 ? rng.chance(0.65) : rng.chance(0.35);
  if (couple) {
    add({ relationship: 1, sex: 1, age: headAge, marital: 2 });
    addWife(headAge - rng.int(1, 8));
  } else {
    add({
      relationship: 1,
      sex: 2,
      age: headAge,
      marital: rng.chance(0.8) ? 4 : 3,
      familyName: drawFamilyName(rng, community),
    });
  }
  let slots = size - members.length;
  const motherOfChild = couple ? headAge - 4 : headAge;
  const adultChildAge = clamp(motherOfChild - rng.int(21, 34), 20, 60);
  const adultChildSex: 1 | 2 = rng.chance(0.55) ? 2 : 1;
  const withInLaw = slots >= 3 && rng.chance(0.6);
  add({
    relationship: 3,
    sex: adultChildSex,
    age: adultChildAge,
    marital: withInLaw ? 2 : rng.weighted([3, 4, 1], [0.6, 0.2, 0.2]),
  });
  slots -= 1;
  if (withInLaw) {
    const inLawCommunity = spouseCommunity(rng, community);
    add({
      relationship: 4,
      sex: adultChildSex === 1 ? 2 : 1,
      age: clamp(adultChildAge + (adultChildSex === 1 ? -rng.int(0, 6) : rng.int(0, 6)), 18, 70),
      marital: 2,
      community: inLawCommunity,
      familyName: drawFamilyName(rng, inLawCommunity),
    });
    slots -= 1;
  }
  const grandMother = adultChildSex === 2 ? adultChildAge : adultChildAge - 3;
  addChildren(clamp(grandMother, 19, 60), slots, 5);
  return members;
}

const EDUCATION_SCALE = (() => {
  const shares = [0.08, 0.25, 0.2, 0.35, 0.04, 0.075, 0.005];
  const cuts: number[] = [];
  let acc = 0;
  for (const share of shares.slice(0, -1)) {
    acc += share;
    cuts.push(inverseNormalCdf(acc));
  }
  return cuts;
})();

function educationFromLatent(latent: number, age: number): PersonCode<'education'> {
  // Older cohorts had less schooling; those under 35 grew up with free basic education.
  const adjusted = latent - 0.025 * Math.max(0, age - 35) + (age < 35 ? 0.25 : 0);
  let level = 0;
  while (level < EDUCATION_SCALE.length && adjusted >= (EDUCATION_SCALE[level] ?? Infinity)) level += 1;
  const cap = age < 21 ? 3 : age < 23 ? 4 : age < 26 ? 5 : 6;
  return Math.min(level, cap) as PersonCode<'education'>;
}

export interface AttributeContext {
  wealth: number;
  headEducationLatent: number;
}

/** Schooling and education of a member, from age and welfare. */
export function drawSchooling(
  rng: Rng,
  age: number,
  latent: number,
  wealth: number,
): { schooling: PersonCode<'schooling'>; education: PersonCode<'education'> } {
  if (age < 5) return { schooling: 0, education: 0 };
  if (age < 7) return { schooling: age === 6 && rng.chance(0.35) ? 1 : 0, education: 0 };
  if (age <= 12) return { schooling: rng.chance(0.985) ? 1 : 2, education: 0 };
  if (age <= 15) {
    if (rng.chance(clamp(0.92 + 0.03 * wealth, 0.8, 0.99))) return { schooling: 1, education: 1 };
    return { schooling: 2, education: rng.chance(0.7) ? 1 : 0 };
  }
  if (age <= 18) {
    if (rng.chance(clamp(0.76 + 0.1 * wealth, 0.5, 0.97))) return { schooling: 1, education: 2 };
    return { schooling: 2, education: rng.chance(0.6) ? 2 : 1 };
  }
  if (age <= 24 && rng.chance(clamp(0.18 + 0.12 * wealth, 0.03, 0.55))) return { schooling: 1, education: 3 };
  const education = educationFromLatent(latent, age);
  if (education === 0) return { schooling: rng.chance(0.55) ? 0 : 2, education };
  return { schooling: 2, education };
}

type WorkCode = PersonCode<'work'>;

function pickWork(rng: Rng, table: readonly (readonly [WorkCode, number])[]): WorkCode {
  let total = 0;
  for (const [, weight] of table) total += weight;
  let target = rng.next() * total;
  for (const [code, weight] of table) {
    target -= weight;
    if (target < 0) return code;
  }
  return table[table.length - 1]?.[0] ?? 0;
}

/** Work status of a member, from role, age, education and welfare. */
export function drawWork(
  rng: Rng,
  member: {
    relationship: number;
    sex: 1 | 2;
    age: number;
    schooling: number;
    education: number;
    disability: number;
  },
  wealth: number,
): WorkCode {
  const { age, education } = member;
  if (age < 15) return 0;
  if (member.schooling === 1) return rng.chance(0.05) ? 7 : 0;
  if (member.relationship === 7) return 4;
  if (age >= 65)
    return rng.chance(0.25)
      ? pickWork(rng, [
          [1, 5],
          [8, 3],
          [7, 2],
        ])
      : 0;
  if (member.disability !== 0 && rng.chance(0.4)) return 0;
  const civil = education >= 3;
  const s = 0.8 * wealth + 0.6 * rng.normal();
  const breadwinner =
    (member.relationship === 1 && member.sex === 1) ||
    (member.relationship === 4 && member.sex === 1) ||
    (member.relationship === 3 && member.sex === 1 && age >= 25);
  if (breadwinner) {
    if (rng.chance(0.05)) return 0;
    if (s < -0.8)
      return pickWork(rng, [
        [7, 35],
        [1, 35],
        [4, 22],
        [2, 5],
        [0, 3],
      ]);
    if (s < 0.3)
      return pickWork(rng, [
        [4, 45],
        [1, 25],
        [7, 12],
        [2, 8],
        [5, civil ? 5 : 0],
        [6, civil ? 3 : 0],
        [3, 2],
      ]);
    return pickWork(rng, [
      [4, 50],
      [5, civil ? 14 : 0],
      [6, civil ? 6 : 0],
      [3, 10],
      [2, 10],
      [1, 10],
    ]);
  }
  if (member.relationship === 1)
    return pickWork(rng, [
      [0, 25],
      [1, 40],
      [7, 15],
      [4, 30],
      [5, civil && s > 0 ? 8 : 0],
      [8, 7],
    ]);
  if (member.relationship === 2 || member.relationship === 4)
    return pickWork(rng, [
      [0, 55],
      [1, 18],
      [8, 8],
      [4, 12],
      [7, 4],
      [5, education >= 5 ? 12 : civil ? 3 : 0],
    ]);
  if (member.relationship === 6)
    return pickWork(rng, [
      [0, 60],
      [1, 20],
      [8, 20],
    ]);
  return pickWork(rng, [
    [0, 35],
    [4, 35],
    [7, 15],
    [1, 10],
    [8, 5],
    [5, civil ? 2 : 0],
    [6, civil && member.sex === 1 ? 2 : 0],
  ]);
}

/** Disability of a member; more common with age. */
export function drawDisability(rng: Rng, age: number): PersonCode<'disability'> {
  const p = age < 18 ? 0.01 : age < 60 ? 0.02 : 0.08;
  if (!rng.chance(p)) return 0;
  return rng.weighted<PersonCode<'disability'>>([1, 2, 3, 4, 5], [0.4, 0.15, 0.1, 0.25, 0.1]);
}

/** Chronic illness of a member; more common with age, tuberculosis more common in poor households. */
export function drawChronicIllness(rng: Rng, age: number, wealth: number): PersonCode<'chronicIllness'> {
  const p = age < 30 ? 0.01 : age < 45 ? 0.05 : age < 60 ? 0.18 : 0.35;
  if (!rng.chance(p)) return 0;
  const tb = wealth < -0.5 ? 0.12 : 0.04;
  return rng.weighted<PersonCode<'chronicIllness'>>(
    [1, 2, 3, 4, 5, 6, 7, 8],
    [0.45, 0.2, 0.1, tb, 0.03, 0.07, 0.03, 0.07],
  );
}

/** The household's usual health insurance: subsidised PBI for the poor, contributory for formal workers. */
export function drawHouseholdInsurance(
  rng: Rng,
  wealth: number,
  headWork: number,
): PersonCode<'healthInsurance'> {
  if ((headWork === 4 || headWork === 5 || headWork === 6) && rng.chance(0.8)) return 2;
  const s = wealth + 0.5 * rng.normal();
  if (s < -0.6) return rng.weighted<PersonCode<'healthInsurance'>>([1, 3, 0, 2], [65, 10, 15, 10]);
  if (s < 0.6) return rng.weighted<PersonCode<'healthInsurance'>>([2, 1, 0, 3], [50, 28, 12, 10]);
  return rng.weighted<PersonCode<'healthInsurance'>>([2, 4, 0, 1], [82, 8, 5, 5]);
}

/** A name for a skeleton member. */
export function nameFor(rng: Rng, member: Skeleton, birthYear: number): string {
  return drawName(rng, {
    community: member.community,
    sex: member.sex,
    birthYear,
    christian: member.christian,
    familyName: member.familyName,
  });
}

export type { Skeleton };
