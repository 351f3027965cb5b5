/** Pure rules of the family (household) duplicates view: merge field defaults, member pairs, colours. */
import type { FamilyMergeFieldName, FamilySide, HouseholdPair } from './familyApi.ts';

/** The household fields a family merge chooses, in the order the dialog shows them. */
export const FAMILY_MERGE_FIELDS: readonly FamilyMergeFieldName[] = [
  'kkNumber',
  'address',
  'rtRw',
  'village',
  'gps',
  'dtsenId',
  'variables',
];

/** The fields that describe where and under which card the family lives now: they follow the newer card. */
const CURRENT_CARD_FIELDS: ReadonlySet<FamilyMergeFieldName> = new Set([
  'kkNumber',
  'address',
  'rtRw',
  'village',
  'gps',
]);

/** A household field of one card as text, or null when it has none (variables are compared as a whole). */
export function familyFieldValue(side: FamilySide, field: FamilyMergeFieldName): string | null {
  switch (field) {
    case 'kkNumber':
      return side.kkNumber || null;
    case 'address':
      return side.address || null;
    case 'rtRw':
      return side.rt || side.rw ? `${side.rt || '–'}/${side.rw || '–'}` : null;
    case 'village':
      return side.villageName || null;
    case 'gps':
      return side.lat !== null && side.lng !== null ? `${side.lat}, ${side.lng}` : null;
    case 'dtsenId':
      return side.dtsenId || null;
    case 'variables':
      return `#${side.id}`;
  }
}

/**
 * The issue date a KK number carries (digits 7–12, ddmmyy) as yyyymmdd, or null when it does not parse.
 * Years above the current two digits are read as 19xx.
 */
export function kkIssueKey(kk: string | null, now = new Date()): number | null {
  if (!kk || !/^\d{16}$/.test(kk)) return null;
  const day = Number(kk.slice(6, 8));
  const month = Number(kk.slice(8, 10));
  const yy = Number(kk.slice(10, 12));
  if (day < 1 || day > 31 || month < 1 || month > 12) return null;
  const year = yy <= now.getFullYear() % 100 ? 2000 + yy : 1900 + yy;
  return year * 10000 + month * 100 + day;
}

/**
 * Which card's value the survivor keeps by default, per field: the KK number, address, RT/RW, kelurahan
 * and GPS follow the more recently issued card (a card entered again is usually the newer one, after a
 * move); the DTSEN id and the household variables stay the survivor's. A value beats none.
 */
export function defaultFamilyChoices(
  left: FamilySide,
  right: FamilySide,
  survivor: 'left' | 'right',
): Record<FamilyMergeFieldName, 'left' | 'right'> {
  const l = kkIssueKey(left.kkNumber);
  const r = kkIssueKey(right.kkNumber);
  const newer: 'left' | 'right' = l !== null && r !== null && l !== r ? (l > r ? 'left' : 'right') : survivor;
  const out = {} as Record<FamilyMergeFieldName, 'left' | 'right'>;
  for (const field of FAMILY_MERGE_FIELDS) {
    let pick: 'left' | 'right' = CURRENT_CARD_FIELDS.has(field) ? newer : survivor;
    const a = familyFieldValue(left, field);
    const b = familyFieldValue(right, field);
    if (pick === 'left' && a === null && b !== null) pick = 'right';
    if (pick === 'right' && b === null && a !== null) pick = 'left';
    out[field] = pick;
  }
  return out;
}

/** The members merged as persons: each linked row, the survivor card's member kept. */
export function defaultMemberMerges(
  pair: HouseholdPair,
  survivor: 'left' | 'right',
): { keep: number; merge: number }[] {
  const out: { keep: number; merge: number }[] = [];
  for (const row of pair.members) {
    if (!row.left || !row.right) continue;
    out.push(
      survivor === 'left'
        ? { keep: row.left.id, merge: row.right.id }
        : { keep: row.right.id, merge: row.left.id },
    );
  }
  return out;
}

/** The colour of a member row by its link: green certain, lime likely, orange weak, grey none. */
export function memberLinkColor(probability: number | null): string {
  if (probability === null) return 'gray';
  if (probability >= 0.9) return 'green';
  if (probability >= 0.5) return 'lime';
  return 'orange';
}
