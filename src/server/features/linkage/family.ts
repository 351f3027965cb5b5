/**
 * Family (household) deduplication, pure: two family cards are a candidate pair when their members are
 * linked as the same persons. The score is a sum of transparent reasons in bits, like the person
 * engine's match weight, and maps to a probability-like value with 1 / (1 + 2^-score).
 *
 * score = members + size + singleLink + head + kk + address + rt + village, where
 * - members    = 12 × coverage − 6, coverage = (sum of the probabilities of the one-to-one aligned
 *                member links) / (members of the smaller card): +6 when every member is linked, 0 at half;
 * - size       = −3 per member the two cards differ in, at most −9 (a copied card lists the same people);
 * - singleLink = −4 when only one member is linked (one person on two cards is same_person_two_kk, not a
 *                copied family);
 * - head       = +2 when the two heads are linked to each other;
 * - kk         = +4 for the same KK number (the same card imported twice);
 * - address    = +2 for the same address text, +1 for a similar one (most words shared);
 * - rt         = +1 for the same kelurahan, RW and RT;
 * - village    = +1 for the same kelurahan.
 */

/** A person link as the family step reads it: a stored person pair that was not rejected. */
export interface PersonLink {
  left: number;
  right: number;
  probability: number;
  status: string;
  pairId: number | null;
}

/** What the family step knows of a household. */
export interface HouseholdFacts {
  id: number;
  kkNumber: string | null;
  address: string;
  rw: string;
  rt: string;
  villageCode: string;
  /** Active members, head first when there is one. */
  memberIds: readonly number[];
  headId: number | null;
}

/** Thresholds of the family step, kept in the run's settings. */
export interface FamilySettings {
  accept: number;
  review: number;
}

/** Default family thresholds: a family merge moves many records, so fewer pairs pass without review. */
export const DEFAULT_FAMILY_SETTINGS: FamilySettings = { accept: 0.98, review: 0.5 };

/** Keys of the reasons, in the order they are shown. */
export const FAMILY_REASON_KEYS = [
  'members',
  'size',
  'singleLink',
  'head',
  'kk',
  'address',
  'rt',
  'village',
] as const;
export type FamilyReasonKey = (typeof FAMILY_REASON_KEYS)[number];

/** One reason of a family score: what it adds in bits and the value it read. */
export interface FamilyReason {
  key: FamilyReasonKey;
  contribution: number;
  value: string | number | boolean | null;
}

/** Two members aligned by a person link. */
export interface LinkedMember {
  left: number;
  right: number;
  probability: number;
  pairId: number | null;
  status: string;
}

/** A scored pair of households (left < right as ids). */
export interface FamilyPair {
  left: number;
  right: number;
  score: number;
  probability: number;
  status: 'auto_accepted' | 'review' | 'dropped';
  reasons: FamilyReason[];
  linkedMembers: LinkedMember[];
}

/** Statuses of person pairs that count as "the same person" with certainty. */
const CERTAIN = new Set(['accepted', 'merged']);

const round = (x: number, digits = 3): number => {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
};

/** Upper-case words of an address without punctuation and filler words, for comparing addresses. */
export function addressTokens(address: string): string[] {
  const filler = new Set(['JL', 'JLN', 'JALAN', 'NO', 'GG', 'GANG', 'RT', 'RW', 'BLOK', 'KEL', 'KEC']);
  return address
    .toUpperCase()
    .replace(/[^A-Z0-9]+/g, ' ')
    .split(' ')
    .filter((t) => t.length > 0 && !filler.has(t));
}

/** How two addresses agree: the same words, most words shared (Jaccard ≥ 0.5), or different/missing. */
export function addressAgreement(a: string, b: string): 'same' | 'similar' | 'different' | 'missing' {
  const ta = addressTokens(a);
  const tb = addressTokens(b);
  if (ta.length === 0 || tb.length === 0) return 'missing';
  if (ta.join(' ') === tb.join(' ')) return 'same';
  const sa = new Set(ta);
  const sb = new Set(tb);
  let shared = 0;
  for (const t of sa) if (sb.has(t)) shared += 1;
  return shared / (sa.size + sb.size - shared) >= 0.5 ? 'similar' : 'different';
}

/** The probability-like value of a score in bits. */
export function familyProbability(score: number): number {
  return 1 / (1 + 2 ** -score);
}

/** Weight of a person link: 1 for a human-confirmed link, else the engine's probability. */
function linkWeight(link: PersonLink): number {
  return CERTAIN.has(link.status) ? 1 : link.probability;
}

/** One-to-one alignment of the links between two member lists, strongest link first. */
export function alignMembers(links: readonly PersonLink[]): LinkedMember[] {
  const sorted = [...links].sort(
    (x, y) => linkWeight(y) - linkWeight(x) || x.left - y.left || x.right - y.right,
  );
  const usedLeft = new Set<number>();
  const usedRight = new Set<number>();
  const out: LinkedMember[] = [];
  for (const l of sorted) {
    if (usedLeft.has(l.left) || usedRight.has(l.right)) continue;
    usedLeft.add(l.left);
    usedRight.add(l.right);
    out.push({
      left: l.left,
      right: l.right,
      probability: round(linkWeight(l), 6),
      pairId: l.pairId,
      status: l.status,
    });
  }
  return out.sort((x, y) => x.left - y.left);
}

/**
 * Scores one pair of households from the person links between their members (each link oriented so
 * that `left` is a member of household `a`).
 */
export function scoreFamilyPair(
  a: HouseholdFacts,
  b: HouseholdFacts,
  links: readonly PersonLink[],
  settings: FamilySettings = DEFAULT_FAMILY_SETTINGS,
): FamilyPair {
  const [left, right] = a.id < b.id ? [a, b] : [b, a];
  const oriented = links.map((l) => (left === a ? l : { ...l, left: l.right, right: l.left }));
  const linkedMembers = alignMembers(oriented);
  const small = Math.min(left.memberIds.length, right.memberIds.length);
  const matched = linkedMembers.reduce((s, m) => s + m.probability, 0);
  const coverage = small > 0 ? Math.min(1, matched / small) : 0;
  const sizeGap = Math.abs(left.memberIds.length - right.memberIds.length);
  const headLinked =
    left.headId !== null &&
    right.headId !== null &&
    linkedMembers.some((m) => m.left === left.headId && m.right === right.headId);
  const sameKk = left.kkNumber !== null && left.kkNumber !== '' && left.kkNumber === right.kkNumber;
  const address = addressAgreement(left.address, right.address);
  const sameVillage = left.villageCode === right.villageCode;
  const sameRt = sameVillage && left.rt !== '' && left.rt === right.rt && left.rw === right.rw;
  const reasons: FamilyReason[] = [
    { key: 'members', contribution: round(12 * coverage - 6), value: round(coverage, 4) },
    { key: 'size', contribution: -Math.min(9, 3 * sizeGap), value: sizeGap },
    { key: 'singleLink', contribution: linkedMembers.length === 1 ? -4 : 0, value: linkedMembers.length },
    { key: 'head', contribution: headLinked ? 2 : 0, value: headLinked },
    { key: 'kk', contribution: sameKk ? 4 : 0, value: sameKk },
    {
      key: 'address',
      contribution: address === 'same' ? 2 : address === 'similar' ? 1 : 0,
      value: address,
    },
    { key: 'rt', contribution: sameRt ? 1 : 0, value: sameRt },
    { key: 'village', contribution: sameVillage ? 1 : 0, value: sameVillage },
  ];
  const score = round(
    reasons.reduce((s, r) => s + r.contribution, 0),
    3,
  );
  const probability = familyProbability(score);
  const review = Math.min(settings.review, settings.accept);
  return {
    left: left.id,
    right: right.id,
    score,
    probability,
    status: probability >= settings.accept ? 'auto_accepted' : probability >= review ? 'review' : 'dropped',
    reasons,
    linkedMembers,
  };
}

/**
 * Every pair of households with at least one person link between their members, scored. Links inside
 * one household, links to households not in `households` and rejected links are ignored.
 */
export function findFamilyPairs(
  households: ReadonlyMap<number, HouseholdFacts>,
  links: readonly PersonLink[],
  settings: FamilySettings = DEFAULT_FAMILY_SETTINGS,
): FamilyPair[] {
  const householdOf = new Map<number, number>();
  for (const h of households.values()) for (const m of h.memberIds) householdOf.set(m, h.id);
  const byPair = new Map<string, { a: number; b: number; links: PersonLink[] }>();
  for (const link of links) {
    if (link.status === 'rejected') continue;
    const ha = householdOf.get(link.left);
    const hb = householdOf.get(link.right);
    if (ha === undefined || hb === undefined || ha === hb) continue;
    // Orient each link so that its left person lies in the smaller household id.
    const oriented = ha < hb ? link : { ...link, left: link.right, right: link.left };
    const key = `${Math.min(ha, hb)}-${Math.max(ha, hb)}`;
    const entry = byPair.get(key);
    if (entry) entry.links.push(oriented);
    else byPair.set(key, { a: Math.min(ha, hb), b: Math.max(ha, hb), links: [oriented] });
  }
  const out: FamilyPair[] = [];
  for (const { a, b, links: pairLinks } of byPair.values()) {
    const ha = households.get(a);
    const hb = households.get(b);
    if (!ha || !hb) continue;
    out.push(scoreFamilyPair(ha, hb, pairLinks, settings));
  }
  return out.sort((x, y) => y.score - x.score || x.left - y.left || x.right - y.right);
}
