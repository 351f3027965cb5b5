/**
 * generateDemoCity: a deterministic, seeded synthetic registry shaped like Kota Bontang's Kemensos
 * extract (domain.md §1–4), with the hidden truth kept apart: per-capita expenditure, the true person
 * behind every record, and every injected defect. Pure: no database, no file I/O.
 */
import {
  BONTANG_DESIL_PERSONS,
  BONTANG_DISTRICTS,
  BONTANG_REFERENCE_HOUSEHOLDS,
  BONTANG_REGION_CODE,
  BONTANG_RT_COUNT,
  BONTANG_VILLAGES,
  HOUSING_ESTATES,
  STREET_NAMES,
  type BontangVillage,
} from './bontang.ts';
import type {
  DefectRates,
  DefectType,
  DemoCity,
  DemoCityOptions,
  DemoDefect,
  DemoHousehold,
  DemoPerson,
  DemoRtUnit,
  DemoVillage,
} from './demo.types.ts';
import { drawHouseholdVariables } from './household-variables.ts';
import { IdentityIssuer } from './identity.ts';
import { injectDefects, injectDuplicateFamilies, type DefectDraft } from './defects.ts';
import {
  drawChronicIllness,
  drawDisability,
  drawHouseholdInsurance,
  drawHouseholdSize,
  drawSchooling,
  drawSkeleton,
  drawWork,
  nameFor,
  type MemberDraft,
  type Skeleton,
} from './members.ts';
import { communityDef, ORIGIN_REGIONS } from './names.ts';
import { createRng, type Rng } from './rng.ts';

/**
 * Default defect rates: shares of true persons, of desil 1–4 households (asn_tni_polri) or of households
 * (invalid_kk, duplicate_family).
 */
export const DEFAULT_DEFECT_RATES: Readonly<DefectRates> = {
  same_person_two_kk: 0.02,
  nik_typo: 0.01,
  missing_nik: 0.03,
  old_spelling: 0.005,
  title: 0.005,
  duplicate_nik: 0.005,
  deceased: 0.01,
  moved_away: 0.015,
  asn_tni_polri: 0.01,
  invalid_nik: 0.01,
  invalid_kk: 0.005,
  duplicate_family: 0.003,
};

/** Share of missing_nik defects that are an extra record without NIK rather than an original record losing it. */
export const MISSING_NIK_DUPLICATE_SHARE = 0.3;

const DEFAULT_REFERENCE_DATE = '2025-08-15';
const MS_PER_DAY = 86_400_000;
const DAYS_PER_YEAR = 365.2425;

// Median per-capita monthly expenditure of the extract (Rp). With the spread below about 8 % of households
// fall under the 2024 poverty line of Rp 801,945 and almost none under the extreme line of Rp 322,170.
const MEDIAN_PCE = 1_650_000;
const PCE_WEALTH_LOADING = 0.42;
const PCE_SIZE_ELASTICITY = 0.3;
// Consumption that no dwelling or asset variable reveals: this caps how well any PMT can rank households.
const PCE_HIDDEN_NOISE = 0.32;
// The official desil comes from an older, noisier ranking (Regsosek 2022 plus the national PMT error):
// many households improved since then, so some desil-1 households are no longer poor (domain.md §1).
const OFFICIAL_NOISE = 0.2;
const IMPROVED_SHARE = 0.35;

const DESIL_5_TO_10_SHARES = [0.15, 0.16, 0.17, 0.17, 0.18, 0.17];

export interface HouseholdDraft {
  village: BontangVillage;
  villageCode: string;
  districtCode: string;
  rt: DemoRtUnit;
  members: MemberDraft[];
  wealth: number;
  logPce: number;
  officialScore: number;
  officialDesil: number;
  kkNumber: string;
  address: string;
  lat: number | null;
  lng: number | null;
  dtsenId: string;
  variables: DemoHousehold['variables'];
  /** Multiplier applied to the hidden expenditure (a salaried ASN/TNI/Polri member). */
  pceFactor: number;
  /** Household id, assigned when the city is assembled (0 before). */
  id: number;
}

function resolveOptions(options: DemoCityOptions): DemoCity['options'] {
  const { households, seed } = options;
  if (!Number.isInteger(households) || households < 1 || households > 2_000_000)
    throw new RangeError('households must be an integer between 1 and 2,000,000');
  if (!Number.isFinite(seed)) throw new RangeError('seed must be a finite number');
  const regionCode = options.regionCode ?? BONTANG_REGION_CODE;
  if (!/^\d{2}\.\d{2}$/.test(regionCode)) throw new RangeError("regionCode must look like '64.74'");
  const referenceDate = options.referenceDate ?? DEFAULT_REFERENCE_DATE;
  if (!/^\d{4}-\d{2}-\d{2}$/.test(referenceDate) || Number.isNaN(Date.parse(`${referenceDate}T00:00:00Z`)))
    throw new RangeError('referenceDate must be an ISO date (YYYY-MM-DD)');
  const defectRates: DefectRates = { ...DEFAULT_DEFECT_RATES };
  for (const [key, value] of Object.entries(options.defectRates ?? {}) as [
    DefectType,
    number | undefined,
  ][]) {
    if (value === undefined) continue;
    if (!(key in DEFAULT_DEFECT_RATES)) throw new RangeError(`unknown defect type ${key}`);
    if (!Number.isFinite(value) || value < 0 || value > 0.2)
      throw new RangeError(`defect rate ${key} must be in [0, 0.2]`);
    defectRates[key] = value;
  }
  return { households, seed, regionCode, referenceDate, defectRates };
}

/** Largest-remainder apportionment of `total` by `weights`. */
export function apportion(total: number, weights: readonly number[]): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  const exact = weights.map((w) => (total * w) / sum);
  const result = exact.map(Math.floor);
  let remaining = total - result.reduce((a, b) => a + b, 0);
  const order = exact.map((x, i) => ({ i, r: x - Math.floor(x) })).sort((a, b) => b.r - a.r || a.i - b.i);
  for (const { i } of order) {
    if (remaining <= 0) break;
    result[i] = (result[i] ?? 0) + 1;
    remaining -= 1;
  }
  return result;
}

const pad3 = (n: number): string => String(n).padStart(3, '0');

/** ISO date of a UTC timestamp, by civil-from-days arithmetic (Hinnant): much faster than Date for 10^5 calls. */
export function isoFromMs(ms: number): string {
  const z = Math.floor(ms / MS_PER_DAY) + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  return `${year}-${month < 10 ? '0' : ''}${month}-${day < 10 ? '0' : ''}${day}`;
}

function pointInDisk(rng: Rng, radius: number): [number, number] {
  const r = radius * Math.sqrt(rng.next());
  const angle = 2 * Math.PI * rng.next();
  return [r * Math.cos(angle), r * Math.sin(angle)];
}

interface RtPlace {
  unit: DemoRtUnit;
  weight: number;
  streets: string[];
  center: { lat: number; lng: number };
}

function buildRtPlaces(rng: Rng, villages: readonly BontangVillage[], codes: readonly string[]): RtPlace[][] {
  const rtCounts = apportion(
    BONTANG_RT_COUNT,
    villages.map((v) => v.assumedPopulation),
  );
  return villages.map((village, vi) => {
    const villageCode = codes[vi] ?? '';
    const villageRng = rng.fork(`rt:${village.districtSuffix}.${village.suffix}`);
    const streets = villageRng.shuffle([...STREET_NAMES]).slice(0, 14);
    const count = Math.max(1, rtCounts[vi] ?? 1);
    const places: RtPlace[] = [];
    // RT numbers run through the kelurahan; RWs group consecutive RTs (Bontang addresses mostly cite RT only).
    let rw = 1;
    let leftInRw = villageRng.int(4, 8);
    for (let rt = 1; rt <= count; rt += 1) {
      if (leftInRw === 0) {
        rw += 1;
        leftInRw = villageRng.int(4, 8);
      }
      leftInRw -= 1;
      const [dLat, dLng] = pointInDisk(villageRng, village.radiusDeg * 0.65);
      places.push({
        unit: { villageCode, rw: pad3(rw), rt: pad3(rt) },
        weight: 0.5 + villageRng.next(),
        streets: [villageRng.pick(streets), villageRng.pick(streets)],
        center: { lat: village.anchor.lat + dLat, lng: village.anchor.lng + dLng },
      });
    }
    return places;
  });
}

function drawAddress(rng: Rng, place: RtPlace, wealth: number): string {
  if (wealth > 1 && rng.chance(0.25))
    return `${rng.pick(HOUSING_ESTATES)} Blok ${rng.pick(['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H'])} No. ${rng.int(1, 40)}`;
  const street = rng.pick(place.streets);
  const gang = rng.chance(0.45)
    ? ` Gg. ${rng.chance(0.7) ? rng.int(1, 15) : rng.pick(['Mawar', 'Melati', 'Damai', 'Amal', 'Sepakat', 'Rukun', 'Nelayan', 'Family'])}`
    : '';
  return `Jl. ${street}${gang} No. ${rng.int(1, 120)}`;
}

/** Generates the synthetic city: same options and seed give the same output, byte for byte. */
export function generateDemoCity(options: DemoCityOptions): DemoCity {
  const opts = resolveOptions(options);
  const rng = createRng(opts.seed);
  const refMs = Date.parse(`${opts.referenceDate}T00:00:00Z`);
  const regionDigits = opts.regionCode.replace('.', '');
  const districtName = new Map(BONTANG_DISTRICTS.map((d) => [d.suffix, d.name]));

  const villageCodes = BONTANG_VILLAGES.map((v) => `${opts.regionCode}.${v.districtSuffix}.${v.suffix}`);
  const villages: DemoVillage[] = BONTANG_VILLAGES.map((v, i) => ({
    code: villageCodes[i] ?? '',
    name: v.name,
    districtCode: `${opts.regionCode}.${v.districtSuffix}`,
    districtName: districtName.get(v.districtSuffix) ?? '',
    assumedPopulation: v.assumedPopulation,
    desil14Persons: v.desil14Persons,
  }));
  const rtPlaces = buildRtPlaces(rng.fork('rt'), BONTANG_VILLAGES, villageCodes);
  const rtUnits = rtPlaces.flat().map((p) => p.unit);

  // Poorer kelurahan (more persons in desil 1–4 for their population) get a lower wealth level.
  const basePersons = BONTANG_VILLAGES.map(
    (v) =>
      (v.assumedPopulation / BONTANG_DISTRICTS.reduce((a, d) => a + d.population, 0)) *
      BONTANG_REFERENCE_HOUSEHOLDS *
      3.17,
  );
  const shares = BONTANG_VILLAGES.map((v, i) => v.desil14Persons / (basePersons[i] ?? 1));
  const meanShare = 16_384 / (BONTANG_REFERENCE_HOUSEHOLDS * 3.17);
  const villageShift = shares.map((s) => -2 * (s - meanShare));

  const householdCounts = apportion(
    opts.households,
    BONTANG_VILLAGES.map((v) => v.assumedPopulation),
  );
  const issuer = new IdentityIssuer();
  const usedDtsen = new Set<number>();
  const drafts: HouseholdDraft[] = [];
  let nextEntity = 1;
  const hhRng = rng.fork('households');

  BONTANG_VILLAGES.forEach((village, vi) => {
    const places = rtPlaces[vi] ?? [];
    const placeWeights = places.map((p) => p.weight);
    const villageCode = villageCodes[vi] ?? '';
    const districtCode = `${opts.regionCode}.${village.districtSuffix}`;
    const region6 = `${regionDigits}${village.districtSuffix}`;
    for (let h = 0; h < (householdCounts[vi] ?? 0); h += 1) {
      const place = hhRng.weighted(places, placeWeights);
      const size = drawHouseholdSize(hhRng);
      const skeleton: Skeleton[] = drawSkeleton(hhRng, size);
      const headEducationLatent = hhRng.normal();
      const wealth = (villageShift[vi] ?? 0) + 0.5 * headEducationLatent + 0.85 * hhRng.normal();
      const head = skeleton[0];
      if (!head) throw new Error('household without head');
      if (wealth > 1.5 && hhRng.chance(0.06)) {
        // A live-in domestic worker (pembantu), usually a young woman from Java or Sulawesi.
        skeleton.push({
          relationship: 7,
          sex: hhRng.chance(0.85) ? 2 : 1,
          age: hhRng.int(18, 50),
          marital: hhRng.chance(0.6) ? 1 : 2,
          community: hhRng.pick(['jawa', 'bugis', 'buton'] as const),
          christian: false,
          familyName: null,
        });
      }

      const members: MemberDraft[] = skeleton.map((s, index) => {
        const birthMs = refMs - (s.age * DAYS_PER_YEAR + hhRng.float(0, 364)) * MS_PER_DAY;
        const birthDate = isoFromMs(birthMs);
        const birthYear = Number(birthDate.slice(0, 4));
        const latent =
          index === 0
            ? headEducationLatent
            : s.relationship === 2
              ? 0.6 * headEducationLatent + 0.8 * hhRng.normal()
              : 0.45 * wealth + 0.9 * hhRng.normal();
        const { schooling, education } = drawSchooling(hhRng, s.age, latent, wealth);
        const disability = drawDisability(hhRng, s.age);
        const work = drawWork(
          hhRng,
          { relationship: s.relationship, sex: s.sex, age: s.age, schooling, education, disability },
          wealth,
        );
        const bornHere = hhRng.chance(s.age < 18 ? 0.8 : s.age < 30 ? 0.55 : s.age < 45 ? 0.3 : 0.12);
        const birthPlace = bornHere ? 'BONTANG' : hhRng.pick(communityDef(s.community).birthPlaces);
        const member: MemberDraft = {
          relationship: s.relationship,
          sex: s.sex,
          age: s.age,
          birthDate,
          marital: s.marital,
          community: s.community,
          christian: s.christian,
          familyName: s.familyName,
          name: nameFor(hhRng, s, birthYear),
          birthPlace,
          nik: null,
          schooling,
          education,
          work,
          disability,
          chronicIllness: drawChronicIllness(hhRng, s.age, wealth),
          healthInsurance: 0,
          entity: nextEntity++,
          duplicate: false,
          id: 0,
        };
        return member;
      });
      const headMember = members[0];
      if (!headMember) throw new Error('household without head');
      const insurance = drawHouseholdInsurance(hhRng, wealth, headMember.work);
      for (const m of members) {
        m.healthInsurance = hhRng.chance(0.88) ? insurance : hhRng.pick([0, 1, 2] as const);
        m.nik = issuer.issueNik(hhRng, nikRegion(hhRng, m, region6, regionDigits), m.birthDate, m.sex);
      }

      const n = members.length;
      const logPce =
        Math.log(MEDIAN_PCE) +
        PCE_WEALTH_LOADING * wealth -
        PCE_SIZE_ELASTICITY * (Math.log(n) - Math.log(3.2)) +
        PCE_HIDDEN_NOISE * hhRng.normal();
      const improvement = hhRng.chance(IMPROVED_SHARE)
        ? hhRng.float(0.1, 0.5)
        : hhRng.chance(0.15)
          ? -hhRng.float(0.05, 0.3)
          : 0;
      const officialScore =
        PCE_WEALTH_LOADING * wealth -
        improvement -
        PCE_SIZE_ELASTICITY * (Math.log(n) - Math.log(3.2)) +
        OFFICIAL_NOISE * hhRng.normal();

      const variables = drawHouseholdVariables(hhRng, {
        wealth,
        coastal: village.coastal,
        size: n,
        headAge: headMember.age,
        headWork: headMember.work,
        christian: headMember.christian,
        pupils: members.filter((m) => m.schooling === 1).length,
        elderlyOnly: members.every((m) => m.age >= 60),
      });

      const headBirthYear = Number(headMember.birthDate.slice(0, 4));
      // The card was issued on a day between the head's adulthood (or 2006) and the extract date.
      const firstMs = Math.min(refMs - 30 * MS_PER_DAY, Date.UTC(Math.max(2006, headBirthYear + 19), 0, 1));
      const issueMs =
        firstMs + hhRng.int(0, Math.floor((refMs - MS_PER_DAY - firstMs) / MS_PER_DAY)) * MS_PER_DAY;
      const kkNumber = issuer.issueKk(hhRng, region6, isoFromMs(issueMs));

      // The DTSEN id format is not public: an illustrative 12-digit number starting with the region code.
      let dtsenSerial = hhRng.int(0, 99_999_999);
      while (usedDtsen.has(dtsenSerial)) dtsenSerial = hhRng.int(0, 99_999_999);
      usedDtsen.add(dtsenSerial);
      const dtsenId = `${regionDigits}${String(dtsenSerial).padStart(8, '0')}`;

      let lat: number | null = null;
      let lng: number | null = null;
      // A few households were never geotagged.
      if (!hhRng.chance(0.02)) {
        const [dLat, dLng] = pointInDisk(hhRng, village.radiusDeg * 0.34);
        lat = Math.round((place.center.lat + dLat) * 1e6) / 1e6;
        lng = Math.round((place.center.lng + dLng) * 1e6) / 1e6;
      }

      drafts.push({
        village,
        villageCode,
        districtCode,
        rt: place.unit,
        members,
        wealth,
        logPce,
        officialScore,
        officialDesil: 0,
        kkNumber,
        address: drawAddress(hhRng, place, wealth),
        lat,
        lng,
        dtsenId,
        variables,
        pceFactor: 1,
        id: 0,
      });
    }
  });

  assignOfficialDesil(drafts, opts);

  // Kemensos does not list ASN/TNI/Polri households as poor: such members appear only as injected defects.
  for (const draft of drafts) {
    if (draft.officialDesil > 4) continue;
    for (const m of draft.members) if (m.work === 5 || m.work === 6) m.work = 4;
  }

  const defectDrafts = injectDefects(rng.fork('defects'), drafts, issuer, opts);
  // Last, and on its own stream: the copied cards are appended, so every other id stays as it was.
  defectDrafts.push(...injectDuplicateFamilies(rng.fork('duplicate_family'), drafts, issuer, opts));
  return assemble(opts, villages, rtUnits, drafts, defectDrafts);
}

function nikRegion(rng: Rng, m: MemberDraft, region6: string, regionDigits: string): string {
  if (m.birthPlace !== 'BONTANG' && m.age >= 22 && rng.chance(0.35)) {
    const origin = ORIGIN_REGIONS[m.birthPlace];
    if (origin) return origin.regency.replace('.', '') + rng.pick(origin.districts);
  }
  // Most people got their NIK where they live; some in another kecamatan of the city.
  return rng.chance(0.8) ? region6 : `${regionDigits}${rng.pick(['01', '02', '03'])}`;
}

/** Expected share of extra (duplicate) person records, to scale the desil 1–4 quotas. */
export function expectedExtraRecordRate(rates: DefectRates): number {
  return (
    rates.same_person_two_kk +
    rates.nik_typo +
    rates.old_spelling +
    rates.title +
    rates.missing_nik * MISSING_NIK_DUPLICATE_SHARE
  );
}

function assignOfficialDesil(drafts: HouseholdDraft[], opts: DemoCity['options']): void {
  const extra = expectedExtraRecordRate(opts.defectRates);
  const scale = opts.households / BONTANG_REFERENCE_HOUSEHOLDS / (1 + extra);
  const total =
    BONTANG_DESIL_PERSONS[1] + BONTANG_DESIL_PERSONS[2] + BONTANG_DESIL_PERSONS[3] + BONTANG_DESIL_PERSONS[4];
  const desilShares = [1, 2, 3, 4].map((d) => BONTANG_DESIL_PERSONS[d as 1 | 2 | 3 | 4] / total);

  const byVillage = new Map<BontangVillage, HouseholdDraft[]>();
  for (const d of drafts) {
    const list = byVillage.get(d.village);
    if (list) list.push(d);
    else byVillage.set(d.village, [d]);
  }
  const rest: HouseholdDraft[] = [];
  for (const [village, list] of byVillage) {
    list.sort((a, b) => a.officialScore - b.officialScore);
    const quota = village.desil14Persons * scale;
    const cumulative: number[] = [];
    let acc = 0;
    for (const share of desilShares) {
      acc += quota * share;
      cumulative.push(acc);
    }
    let desil = 1;
    let persons = 0;
    for (const d of list) {
      const size = d.members.length;
      while (desil <= 4 && persons + size / 2 > (cumulative[desil - 1] ?? 0)) desil += 1;
      if (desil > 4) {
        rest.push(d);
        continue;
      }
      d.officialDesil = desil;
      persons += size;
    }
  }
  rest.sort((a, b) => a.officialScore - b.officialScore);
  const cuts = apportion(rest.length, DESIL_5_TO_10_SHARES);
  let index = 0;
  cuts.forEach((count, k) => {
    for (let i = 0; i < count; i += 1) {
      const d = rest[index++];
      if (d) d.officialDesil = 5 + k;
    }
  });
}

function assemble(
  opts: DemoCity['options'],
  villages: DemoVillage[],
  rtUnits: DemoRtUnit[],
  drafts: HouseholdDraft[],
  defectDrafts: DefectDraft[],
): DemoCity {
  const households: DemoHousehold[] = [];
  const persons: DemoPerson[] = [];
  const entities: DemoCity['truth']['entities'] = [];
  const expenditure: DemoCity['truth']['expenditure'] = [];
  // Entities are numbered in order of first appearance; entity numbers are dense, so an array suffices.
  const entityIds: number[] = [];
  let entityCount = 0;

  drafts.forEach((d, hi) => {
    const householdId = hi + 1;
    d.id = householdId;
    households.push({
      id: householdId,
      kkNumber: d.kkNumber,
      address: d.address,
      rw: d.rt.rw,
      rt: d.rt.rt,
      villageCode: d.villageCode,
      districtCode: d.districtCode,
      lat: d.lat,
      lng: d.lng,
      dtsenId: d.dtsenId,
      variables: d.variables,
      officialDesil: d.officialDesil,
    });
    expenditure.push({
      householdId,
      perCapitaMonthly: Math.round((Math.exp(d.logPce) * d.pceFactor) / 1000) * 1000,
    });
    for (const m of d.members) {
      const id = persons.length + 1;
      m.id = id;
      let entityId = entityIds[m.entity];
      if (entityId === undefined) {
        entityCount += 1;
        entityId = entityCount;
        entityIds[m.entity] = entityId;
      }
      entities.push({ personId: id, entityId });
      persons.push({
        id,
        householdId,
        nik: m.nik,
        name: m.name,
        sex: m.sex,
        birthDate: m.birthDate,
        birthPlace: m.birthPlace,
        relationship: m.relationship,
        marital: m.marital,
        schooling: m.schooling,
        education: m.education,
        work: m.work,
        disability: m.disability,
        chronicIllness: m.chronicIllness,
        healthInsurance: m.healthInsurance,
        status: 1,
      });
    }
  });

  const defects: DemoDefect[] = defectDrafts.map((dd) => {
    const defect: DemoDefect = {
      type: dd.type,
      personId: dd.person ? dd.person.id : null,
      householdId: dd.household.id,
      detail: dd.detail,
    };
    if (dd.other) defect.otherPersonId = dd.other.id;
    if (dd.otherHousehold) defect.otherHouseholdId = dd.otherHousehold.id;
    return defect;
  });
  const duplicateFamilies = defects
    .filter((d) => d.type === 'duplicate_family' && d.personId === null && d.otherHouseholdId !== undefined)
    .map((d) => ({ householdId: d.householdId, otherHouseholdId: d.otherHouseholdId ?? 0 }));
  defects.sort(
    (a, b) =>
      a.householdId - b.householdId || (a.personId ?? 0) - (b.personId ?? 0) || a.type.localeCompare(b.type),
  );

  return {
    options: opts,
    villages,
    rtUnits,
    households,
    persons,
    truth: { expenditure, entities, defects, duplicateFamilies },
  };
}
