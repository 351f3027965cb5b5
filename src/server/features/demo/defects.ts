/**
 * Injects the data-quality problems of real registries (domain.md §3–4) into the demo households and
 * records each one for the truth: duplicate records of the same person (another KK, typos in the NIK,
 * no NIK, old spelling, titles), shared NIKs, invalid NIK and KK numbers, deceased or moved-away people
 * still listed, and ASN/TNI/Polri members in households ranked poor.
 */
import type { DefectType, DemoCity, PersonCode } from './demo.types.ts';
import type { HouseholdDraft } from './generate-demo-city.ts';
import {
  drawInvalidNikKind,
  excelDamageDetectable,
  invalidKk,
  invalidNik,
  nikTypo,
  type IdentityIssuer,
} from './identity.ts';
import type { MemberDraft } from './members.ts';
import { hasOldSpelling, spellingVariant, toModernSpelling, toOldSpelling, withTitles } from './names.ts';
import type { Rng } from './rng.ts';

export interface DefectDraft {
  type: DefectType;
  person: MemberDraft | null;
  household: HouseholdDraft;
  other?: MemberDraft;
  /** For duplicate_family: the original family card the copy was made from. */
  otherHousehold?: HouseholdDraft;
  detail: string;
}

interface Slot {
  m: MemberDraft;
  h: HouseholdDraft;
}

const RELATIONSHIP_WORD: Record<number, string> = {
  1: 'head',
  2: 'spouse',
  3: 'child',
  4: 'child-in-law',
  5: 'grandchild',
  6: 'parent',
  7: 'domestic worker',
  8: 'other relative',
};

const MOVED_TO = [
  'SAMARINDA',
  'BALIKPAPAN',
  'SANGATTA',
  'PENAJAM PASER UTARA',
  'MAKASSAR',
  'SURABAYA',
  'TARAKAN',
  'JAKARTA',
  'KUTAI KARTANEGARA',
];

/**
 * Weighted sample without replacement (Efraimidis–Spirakis): the `count` largest keys log(u)/w,
 * kept in a min-heap so that a sample of a few thousand from 10^5 records stays cheap.
 */
function weightedSample<T>(rng: Rng, items: readonly T[], weight: (item: T) => number, count: number): T[] {
  if (count <= 0) return [];
  const heapKeys: number[] = [];
  const heapItems: T[] = [];
  const swap = (i: number, j: number): void => {
    const k = heapKeys[i] as number;
    heapKeys[i] = heapKeys[j] as number;
    heapKeys[j] = k;
    const it = heapItems[i] as T;
    heapItems[i] = heapItems[j] as T;
    heapItems[j] = it;
  };
  for (const item of items) {
    const w = weight(item);
    if (w <= 0) continue;
    const key = Math.log(rng.next() || Number.MIN_VALUE) / w;
    if (heapKeys.length < count) {
      heapKeys.push(key);
      heapItems.push(item);
      for (let i = heapKeys.length - 1; i > 0;) {
        const parent = (i - 1) >> 1;
        if ((heapKeys[parent] as number) <= (heapKeys[i] as number)) break;
        swap(i, parent);
        i = parent;
      }
    } else if (key > (heapKeys[0] as number)) {
      heapKeys[0] = key;
      heapItems[0] = item;
      for (let i = 0; ;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let smallest = i;
        if (l < heapKeys.length && (heapKeys[l] as number) < (heapKeys[smallest] as number)) smallest = l;
        if (r < heapKeys.length && (heapKeys[r] as number) < (heapKeys[smallest] as number)) smallest = r;
        if (smallest === i) break;
        swap(i, smallest);
        i = smallest;
      }
    }
  }
  // Largest key first, as a plain ordering that does not depend on heap layout.
  const order = heapKeys.map((key, i) => ({ key, i })).sort((a, b) => b.key - a.key);
  return order.map(({ i }) => heapItems[i] as T);
}

/** Relationship of a person listed again in another family card, plausible against that card's head. */
function relationshipInOtherKk(m: MemberDraft, head: MemberDraft): PersonCode<'relationship'> {
  if (m.age >= 50 && head.age <= m.age - 15) return 6;
  const gap = head.age - m.age;
  if (m.age < 25 && gap >= 38) return 5;
  if (m.age < 25 && gap >= 17) return 3;
  return 8;
}

/** Injects every defect type at the configured rates; mutates the drafts and returns the defect list. */
export function injectDefects(
  rng: Rng,
  drafts: HouseholdDraft[],
  issuer: IdentityIssuer,
  opts: DemoCity['options'],
): DefectDraft[] {
  const rates = opts.defectRates;
  const defects: DefectDraft[] = [];
  const slots: Slot[] = drafts.flatMap((h) => h.members.map((m) => ({ m, h })));
  const truePersons = slots.length;
  const count = (rate: number, base = truePersons): number => Math.round(rate * base);
  // A person takes part in at most one identity defect, so that each defect stays recognisable.
  const touched = new Set<MemberDraft>();
  const free = (s: Slot): boolean => !touched.has(s.m) && s.m.nik !== null;
  const byVillage = new Map<string, HouseholdDraft[]>();
  for (const h of drafts) {
    const list = byVillage.get(h.villageCode);
    if (list) list.push(h);
    else byVillage.set(h.villageCode, [h]);
  }

  /**
   * Another household for a duplicate record, mostly in the same kelurahan. An ASN/TNI/Polri member
   * is never copied into a desil 1–4 household: that case is its own defect, injected below.
   */
  const otherHousehold = (source: HouseholdDraft, m: MemberDraft): HouseholdDraft => {
    const salaried = m.work === 5 || m.work === 6;
    for (let attempt = 0; attempt < 50; attempt += 1) {
      const pool = rng.chance(0.75) ? (byVillage.get(source.villageCode) ?? drafts) : drafts;
      const target = rng.pick(pool);
      if (target !== source && !(salaried && target.officialDesil <= 4)) return target;
    }
    return source;
  };

  /** Adds an extra record of `m` to `target` (or to its own household when target is null). */
  const addDuplicate = (
    s: Slot,
    target: HouseholdDraft | null,
    changes: Partial<MemberDraft>,
  ): { dup: MemberDraft; household: HouseholdDraft } => {
    const household = target ?? s.h;
    const head = household.members[0];
    const relationship =
      household !== s.h && head
        ? relationshipInOtherKk(s.m, head)
        : s.m.relationship === 1
          ? 8
          : s.m.relationship;
    const dup: MemberDraft = { ...s.m, relationship, ...changes, duplicate: true };
    household.members.push(dup);
    touched.add(dup);
    return { dup, household };
  };
  /** Same KK for a double entry (never for the head, which would make two heads), otherwise another KK. */
  const placeDuplicate = (s: Slot, sameShare: number): HouseholdDraft | null =>
    s.m.relationship !== 1 && rng.chance(sameShare) ? null : otherHousehold(s.h, s.m);
  const where = (household: HouseholdDraft, s: Slot): string =>
    household === s.h ? 'again in the same KK' : `in KK ${household.kkNumber} (${household.villageCode})`;

  // invalid_kk: the family card number is malformed (first, so that details cite the numbers as listed).
  for (const h of weightedSample(rng, drafts, () => 1, count(rates.invalid_kk, drafts.length))) {
    const result = invalidKk(rng, h.kkNumber);
    h.kkNumber = result.kk;
    defects.push({ type: 'invalid_kk', person: null, household: h, detail: result.detail });
  }

  // invalid_nik: the record's own NIK is malformed.
  {
    const candidates = rng.shuffle(slots.filter(free));
    let cursor = 0;
    for (let i = 0; i < count(rates.invalid_nik); i += 1) {
      const kind = drawInvalidNikKind(rng);
      let picked: Slot | undefined;
      for (let j = cursor; j < candidates.length; j += 1) {
        const c = candidates[j];
        if (!c || touched.has(c.m) || c.m.nik === null) continue;
        if (kind === 'excel_damaged' && !excelDamageDetectable(c.m.nik)) continue;
        picked = c;
        if (j === cursor) cursor += 1;
        break;
      }
      if (!picked || picked.m.nik === null) break;
      const result = invalidNik(rng, picked.m.nik, picked.m.sex, kind);
      picked.m.nik = result.nik;
      touched.add(picked.m);
      defects.push({ type: 'invalid_nik', person: picked.m, household: picked.h, detail: result.detail });
    }
  }

  // duplicate_nik: two different people carry the same NIK (issuance or entry error).
  for (const b of weightedSample(rng, slots.filter(free), () => 1, count(rates.duplicate_nik))) {
    if (touched.has(b.m)) continue;
    const siblings = b.h.members.filter(
      (x) => x !== b.m && !touched.has(x) && x.nik !== null && !x.duplicate,
    );
    let a: Slot | undefined;
    if (siblings.length > 0 && rng.chance(0.3)) a = { m: rng.pick(siblings), h: b.h };
    for (let attempt = 0; !a && attempt < 50; attempt += 1) {
      const c = rng.pick(slots);
      if (c.m !== b.m && free(c)) a = c;
    }
    if (!a || a.m.nik === null) continue;
    const lost = b.m.nik;
    b.m.nik = a.m.nik;
    touched.add(a.m);
    touched.add(b.m);
    defects.push({
      type: 'duplicate_nik',
      person: b.m,
      household: b.h,
      other: a.m,
      detail: `${b.m.name} carries NIK ${a.m.nik} of ${a.m.name} (own NIK ${lost ?? '-'} not recorded)`,
    });
  }

  // missing_nik: mostly the original record without NIK, sometimes an extra record without it.
  const missingTotal = count(rates.missing_nik);
  const missingDuplicates = Math.round(missingTotal * 0.3);
  for (const s of weightedSample(
    rng,
    slots.filter(free),
    (x) => (x.m.age < 17 || x.m.age >= 70 ? 2 : 1),
    missingTotal - missingDuplicates,
  )) {
    const lost = s.m.nik;
    s.m.nik = null;
    touched.add(s.m);
    defects.push({
      type: 'missing_nik',
      person: s.m,
      household: s.h,
      detail: `NIK empty in the registry (true NIK ${lost ?? '-'})`,
    });
  }

  const duplicateSources = (n: number, weight: (s: Slot) => number): Slot[] => {
    const chosen = weightedSample(rng, slots.filter(free), weight, n);
    for (const s of chosen) touched.add(s.m);
    return chosen;
  };

  for (const s of duplicateSources(missingDuplicates, () => 1)) {
    const name = rng.chance(0.3) ? spellingVariant(rng, s.m.name) : s.m.name;
    const { dup, household } = addDuplicate(s, otherHousehold(s.h, s.m), { nik: null, name });
    defects.push({
      type: 'missing_nik',
      person: dup,
      household,
      other: s.m,
      detail: `extra record without NIK ${where(household, s)}${name !== s.m.name ? `, name written ${name}` : ''}`,
    });
  }

  // same_person_two_kk: an elderly parent on two children's cards, a young adult still on the parents' card.
  const twoKkWeight = (s: Slot): number => (s.m.age >= 55 ? 3 : s.m.age >= 18 && s.m.age <= 35 ? 2 : 1);
  for (const s of duplicateSources(count(rates.same_person_two_kk), twoKkWeight)) {
    const name = rng.chance(0.3) ? spellingVariant(rng, s.m.name) : s.m.name;
    const { dup, household } = addDuplicate(s, otherHousehold(s.h, s.m), { name });
    defects.push({
      type: 'same_person_two_kk',
      person: dup,
      household,
      other: s.m,
      detail: `also listed ${where(household, s)} as ${RELATIONSHIP_WORD[dup.relationship] ?? 'member'}${name !== s.m.name ? `, name written ${name}` : ''}`,
    });
  }

  // nik_typo: an extra record whose NIK has one digit changed or two adjacent digits swapped.
  for (const s of duplicateSources(count(rates.nik_typo), (x) => (x.m.age >= 17 ? 1 : 0.5))) {
    if (s.m.nik === null) continue;
    const typo = nikTypo(rng, s.m.nik, { has: (nik) => issuer.hasNik(nik) });
    issuer.reserveNik(typo.nik);
    const name = rng.chance(0.2) ? spellingVariant(rng, s.m.name) : s.m.name;
    const { dup, household } = addDuplicate(s, placeDuplicate(s, 0.4), { nik: typo.nik, name });
    defects.push({
      type: 'nik_typo',
      person: dup,
      household,
      other: s.m,
      detail: `${typo.kind}, ${typo.detail}; ${where(household, s)}`,
    });
  }

  // old_spelling: an extra record in the pre-1972 spelling (or the modern one when the original is old).
  const respell = (name: string): string => {
    if (hasOldSpelling(name)) return toModernSpelling(name);
    // Old documents rarely respell every word: convert some tokens, at least one with a telltale.
    const tokens = name.split(' ');
    const telltale = tokens.map((t) => hasOldSpelling(toOldSpelling(t)));
    const forced = rng.pick(tokens.map((_, i) => i).filter((i) => telltale[i]));
    return tokens.map((t, i) => (i === forced || rng.chance(0.5) ? toOldSpelling(t) : t)).join(' ');
  };
  // Mostly people born before the 1972 reform, whose old documents used the old spelling.
  const oldWeight = (s: Slot): number =>
    s.m.age >= 35 && (hasOldSpelling(s.m.name) || hasOldSpelling(toOldSpelling(s.m.name)))
      ? s.m.age >= 50
        ? 3
        : 0.3
      : 0;
  for (const s of duplicateSources(count(rates.old_spelling), oldWeight)) {
    const name = respell(s.m.name);
    const nik = rng.chance(0.7) ? s.m.nik : null;
    const { dup, household } = addDuplicate(s, placeDuplicate(s, 0.4), { name, nik });
    defects.push({
      type: 'old_spelling',
      person: dup,
      household,
      other: s.m,
      detail: `${s.m.name} → ${name}${nik === null ? ', no NIK' : ''}; ${where(household, s)}`,
    });
  }

  // title: an extra record with hajj titles, degrees or abbreviations.
  const titleCandidates = slots.filter((s) => s.m.age >= 30);
  let titlesLeft = count(rates.title);
  for (const s of rng.shuffle(titleCandidates.filter(free))) {
    if (titlesLeft <= 0) break;
    if (touched.has(s.m)) continue;
    const name = withTitles(rng, s.m.name, {
      sex: s.m.sex,
      age: s.m.age,
      muslim: !s.m.christian,
      education: s.m.education,
    });
    if (name === s.m.name) continue;
    touched.add(s.m);
    titlesLeft -= 1;
    const nik = rng.chance(0.7) ? s.m.nik : null;
    const { dup, household } = addDuplicate(s, placeDuplicate(s, 0.4), { name, nik });
    defects.push({
      type: 'title',
      person: dup,
      household,
      other: s.m,
      detail: `${s.m.name} → ${name}${nik === null ? ', no NIK' : ''}; ${where(household, s)}`,
    });
  }

  // asn_tni_polri: a salaried civil servant, soldier or police officer in a household ranked desil 1–4.
  const poorHouseholds = drafts.filter((h) => h.officialDesil >= 1 && h.officialDesil <= 4);
  for (const h of weightedSample(
    rng,
    poorHouseholds,
    () => 1,
    count(rates.asn_tni_polri, poorHouseholds.length),
  )) {
    const eligible = h.members.filter((m) => !m.duplicate && m.age >= 22 && m.age <= 55);
    if (eligible.length === 0) continue;
    const m = rng.weighted(
      eligible,
      eligible.map((x) => (x.relationship === 1 || x.relationship === 2 ? 3 : 1)),
    );
    const work: PersonCode<'work'> = m.sex === 1 && rng.chance(0.35) ? 6 : 5;
    m.work = work;
    m.schooling = 2;
    if (m.education < 3) m.education = 3;
    m.healthInsurance = 2;
    h.pceFactor = rng.float(1.5, 2.2);
    defects.push({
      type: 'asn_tni_polri',
      person: m,
      household: h,
      detail: `${m.name} works as ${work === 5 ? 'ASN (PNS/PPPK)' : 'TNI/Polri'} in a desil-${h.officialDesil} household`,
    });
  }

  // deceased and moved_away: true only in the truth; the registry still shows the person as active.
  const lifeEvent = new Set<MemberDraft>();
  const refMs = Date.parse(`${opts.referenceDate}T00:00:00Z`);
  const deathWeight = (s: Slot): number => {
    const a = s.m.age;
    return a >= 80 ? 20 : a >= 70 ? 8 : a >= 60 ? 3 : a >= 40 ? 0.7 : 0.1;
  };
  for (const s of weightedSample(rng, slots, deathWeight, count(rates.deceased))) {
    lifeEvent.add(s.m);
    const died = new Date(refMs - rng.int(20, 3 * 365) * 86_400_000).toISOString().slice(0, 10);
    defects.push({ type: 'deceased', person: s.m, household: s.h, detail: `died ${died}` });
  }
  const moveWeight = (s: Slot): number =>
    lifeEvent.has(s.m) ? 0 : s.m.age >= 18 && s.m.age <= 35 ? 4 : s.m.age <= 60 && s.m.age > 35 ? 1 : 0.4;
  for (const s of weightedSample(rng, slots, moveWeight, count(rates.moved_away))) {
    const year = Number(opts.referenceDate.slice(0, 4)) - rng.int(0, 3);
    defects.push({
      type: 'moved_away',
      person: s.m,
      household: s.h,
      detail: `moved to ${rng.pick(MOVED_TO)} in ${year}`,
    });
  }
  return defects;
}

const MS_PER_DAY = 86_400_000;

/**
 * duplicate_family: whole family cards entered a second time under another KK number (a new card issued
 * after a move or a change in the family, the old one never removed). The copy lists the same members,
 * with the slips of a second data entry: some NIKs left out or mistyped, a name or two spelled another
 * way; half of the copies live at the same address, the others moved to another RT of the same
 * kelurahan or to another kelurahan. The copies are appended after every other household (so the rest
 * of the city keeps its ids) and share their members' true entities with the original card.
 */
export function injectDuplicateFamilies(
  rng: Rng,
  drafts: HouseholdDraft[],
  issuer: IdentityIssuer,
  opts: DemoCity['options'],
): DefectDraft[] {
  const wanted = Math.round(opts.defectRates.duplicate_family * drafts.length);
  if (wanted <= 0) return [];
  const originals = drafts.filter((h) => h.members.length >= 2);
  const sources = weightedSample(rng, originals, () => 1, wanted);
  const byVillage = new Map<string, HouseholdDraft[]>();
  for (const h of drafts) {
    const list = byVillage.get(h.villageCode);
    if (list) list.push(h);
    else byVillage.set(h.villageCode, [h]);
  }
  const usedDtsen = new Set(drafts.map((h) => h.dtsenId));
  const regionDigits = opts.regionCode.replace('.', '');
  const refMs = Date.parse(`${opts.referenceDate}T00:00:00Z`);
  const defects: DefectDraft[] = [];
  for (const source of sources) {
    const roll = rng.next();
    const move = roll < 0.5 ? 'same' : roll < 0.85 ? 'rt' : 'village';
    let place: HouseholdDraft = source;
    if (move !== 'same') {
      const pool = move === 'rt' ? (byVillage.get(source.villageCode) ?? drafts) : drafts;
      for (let attempt = 0; attempt < 50; attempt += 1) {
        const candidate = rng.pick(pool);
        const sameRt = candidate.villageCode === source.villageCode && candidate.rt.rt === source.rt.rt;
        if (
          candidate !== source &&
          (move === 'rt' ? !sameRt : candidate.villageCode !== source.villageCode)
        ) {
          place = candidate;
          break;
        }
      }
    }
    const address =
      place === source ? source.address : place.address.replace(/No\. \d+$/, `No. ${rng.int(1, 120)}`);
    const issued = new Date(refMs - rng.int(30, 720) * MS_PER_DAY).toISOString().slice(0, 10);
    const kkNumber = issuer.issueKk(rng, place.districtCode.replace(/\./g, ''), issued);
    let serial = rng.int(0, 99_999_999);
    let dtsenId = `${regionDigits}${String(serial).padStart(8, '0')}`;
    while (usedDtsen.has(dtsenId)) {
      serial = rng.int(0, 99_999_999);
      dtsenId = `${regionDigits}${String(serial).padStart(8, '0')}`;
    }
    usedDtsen.add(dtsenId);

    const respelled = new Set(
      rng.shuffle(source.members.map((_, i) => i)).slice(0, rng.weighted([0, 1, 2], [0.3, 0.45, 0.25])),
    );
    const notes: string[] = [];
    const members = source.members.map((m, i): MemberDraft => {
      let nik = m.nik;
      if (nik !== null) {
        const r = rng.next();
        if (r < 0.15) {
          nik = null;
          notes.push(`${m.name}: no NIK`);
        } else if (r < 0.23) {
          const typo = nikTypo(rng, nik, { has: (x) => issuer.hasNik(x) });
          issuer.reserveNik(typo.nik);
          nik = typo.nik;
          notes.push(`${m.name}: NIK ${typo.nik}`);
        }
      }
      let name = m.name;
      if (respelled.has(i)) {
        name = spellingVariant(rng, m.name);
        if (name !== m.name) notes.push(`${m.name} → ${name}`);
      }
      return { ...m, nik, name, duplicate: true, id: 0 };
    });
    const copy: HouseholdDraft = {
      ...source,
      village: place.village,
      villageCode: place.villageCode,
      districtCode: place.districtCode,
      rt: place.rt,
      lat: place.lat,
      lng: place.lng,
      address,
      kkNumber,
      dtsenId,
      members,
      id: 0,
    };
    drafts.push(copy);
    const where =
      move === 'same'
        ? 'same address'
        : move === 'rt'
          ? `moved to RT ${place.rt.rt} of the same kelurahan`
          : `moved to ${place.villageCode}`;
    defects.push({
      type: 'duplicate_family',
      person: null,
      household: copy,
      otherHousehold: source,
      detail: `family card ${source.kkNumber} entered again as ${kkNumber} (issued ${issued}), ${where}${notes.length > 0 ? `; ${notes.join('; ')}` : ''}`,
    });
    members.forEach((dup, i) => {
      const original = source.members[i];
      if (!original) return;
      defects.push({
        type: 'duplicate_family',
        person: dup,
        household: copy,
        other: original,
        otherHousehold: source,
        detail: `member of family card ${source.kkNumber} entered again as ${kkNumber}`,
      });
    });
  }
  return defects;
}
