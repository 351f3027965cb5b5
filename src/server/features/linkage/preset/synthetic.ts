/**
 * Synthetic Indonesian person records with known duplicates, for tests and benchmarks of the linkage
 * engine. Households share a KK number, kelurahan and address; duplicates carry labelled defects
 * (name typo, old spelling or title, missing or mistyped NIK, day/month swap, sex entry error with
 * NIK day ± 40, move to another household).
 */

/** One generated record, with its true entity and defects. */
export interface SyntheticPerson {
  record_id: string;
  nik: string;
  name: string;
  birth_date: string;
  sex: string;
  birth_place: string;
  kk_number: string;
  village_code: string;
  address: string;
  entity_id: string;
  defect: string;
}

/** Options of the generator. */
export interface SyntheticOptions {
  persons: number;
  /** Share of entities with one or more duplicate records. */
  duplicateRate?: number;
  seed?: number;
}

const MALE = [
  'MUHAMMAD',
  'AHMAD',
  'ABDUL',
  'BUDI',
  'AGUS',
  'JOKO',
  'SUSILO',
  'BAMBANG',
  'HERU',
  'EKO',
  'DEDI',
  'RUDI',
  'ANDI',
  'RIZKI',
  'FAJAR',
  'ARIF',
  'HENDRA',
  'YUSUF',
  'IBRAHIM',
  'HASAN',
  'SYAIFUL',
  'KHAIRUL',
  'TAUFIK',
  'IRWAN',
  'WAHYU',
  'DANI',
  'YOGA',
  'ADI',
  'SLAMET',
  'SUPARMAN',
  'SUTRISNO',
  'HARYANTO',
  'SURYADI',
  'RAHMAT',
  'HIDAYAT',
  'ZAINAL',
  'ILHAM',
  'FIRMAN',
  'ANTON',
  'ISKANDAR',
  'JUNAIDI',
  'MARDI',
  'NANANG',
  'PURNOMO',
];
const FEMALE = [
  'SITI',
  'NUR',
  'DEWI',
  'SRI',
  'RINA',
  'YULIANA',
  'FATIMAH',
  'AMINAH',
  'AISYAH',
  'RATNA',
  'WULAN',
  'INDAH',
  'LESTARI',
  'PUTRI',
  'NOVI',
  'FITRI',
  'RAHMAWATI',
  'KARTINI',
  'SUMIATI',
  'MARYAM',
  'HALIMAH',
  'ZAHRA',
  'ANISA',
  'NURHAYATI',
  'ERNAWATI',
  'SUSANTI',
  'YANTI',
  'MEGA',
  'TRI',
  'ENDANG',
  'WATI',
  'HARTINI',
];
const SECOND = [
  'SAPUTRA',
  'SETIAWAN',
  'HIDAYAT',
  'RAHMAN',
  'HAKIM',
  'SANTOSO',
  'WIJAYA',
  'KURNIAWAN',
  'PRATAMA',
  'NUGROHO',
  'HARAHAP',
  'LUBIS',
  'SIREGAR',
  'PANGARIBUAN',
  'RAMADHAN',
  'FIRMANSYAH',
  'SUPRIADI',
  'IRAWAN',
  'HASIBUAN',
  'SYAHPUTRA',
  'WAHYUDI',
  'MAULANA',
  'ALAMSYAH',
  'GUNAWAN',
  'HERMAWAN',
  'SUSANTO',
  'PRASETYO',
  'AMINAH',
  'RAHAYU',
  'LESTARI',
  'SARI',
  'WATI',
  'NINGSIH',
  'HANDAYANI',
  'PERTIWI',
  'UTAMI',
  'ANGGRAINI',
];
const PLACES = [
  'BONTANG',
  'BONTANG',
  'BONTANG',
  'SAMARINDA',
  'BALIKPAPAN',
  'MAKASSAR',
  'SURABAYA',
  'JAKARTA',
  'KUTAI KARTANEGARA',
  'PALU',
  'BONE',
  'MALANG',
];
const STREETS = [
  'MERDEKA',
  'AHMAD YANI',
  'SUDIRMAN',
  'PELABUHAN',
  'KS TUBUN',
  'MT HARYONO',
  'BRIGJEN KATAMSO',
  'KAPAL SELAM',
  'CUMI CUMI',
  'FLORES',
  'SULAWESI',
  'DANAU TOBA',
];
const VILLAGES = [
  '6474011001',
  '6474011002',
  '6474011003',
  '6474011004',
  '6474011005',
  '6474011006',
  '6474021001',
  '6474021002',
  '6474021003',
  '6474021004',
  '6474021005',
  '6474021006',
  '6474031001',
  '6474031002',
  '6474031003',
];
const OLD_SPELLING: readonly [RegExp, string][] = [
  [/^JOKO$/, 'DJOKO'],
  [/^SUSILO$/, 'SOESILO'],
  [/^SURYADI$/, 'SOERJADI'],
  [/^SUTRISNO$/, 'SOETRISNO'],
  [/^SUPARMAN$/, 'SOEPARMAN'],
  [/^MUHAMMAD$/, 'MOCHAMMAD'],
  [/^AHMAD$/, 'ACHMAD'],
  [/^KHAIRUL$/, 'CHAIRUL'],
  [/^SITI$/, 'ST.'],
  [/^NUR$/, 'NURUL'],
  [/^SYAIFUL$/, 'SJAIFUL'],
];
const DEFECTS = [
  'typo',
  'spelling',
  'title',
  'nik_missing',
  'nik_typo',
  'date_swap',
  'date_typo',
  'sex_error',
  'moved',
];

function rng(seed: number): () => number {
  let t = seed >>> 0;
  return () => {
    t = (t + 0x6d2b79f5) >>> 0;
    let x = t;
    x = Math.imul(x ^ (x >>> 15), x | 1);
    x ^= x + Math.imul(x ^ (x >>> 7), x | 61);
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

const pad = (n: number, w: number): string => String(n).padStart(w, '0');

/** Generates persons in households plus duplicates with defects; deterministic for a seed. */
export function generateSyntheticPersons(options: SyntheticOptions): SyntheticPerson[] {
  const random = rng(options.seed ?? 1);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
  const duplicateRate = options.duplicateRate ?? 0.1;
  const out: SyntheticPerson[] = [];
  const usedNik = new Set<string>();
  let entity = 0;
  let household = 0;
  const makeNik = (village: string, year: number, month: number, day: number, female: boolean): string => {
    for (;;) {
      const nik =
        village.slice(0, 6) +
        pad(female ? day + 40 : day, 2) +
        pad(month, 2) +
        pad(year % 100, 2) +
        pad(1 + Math.floor(random() * 9998), 4);
      if (!usedNik.has(nik)) {
        usedNik.add(nik);
        return nik;
      }
    }
  };
  const makeName = (female: boolean): string => {
    const first = pick(female ? FEMALE : MALE);
    const r = random();
    if (r < 0.2) return first;
    if (r < 0.85) return `${first} ${pick(SECOND)}`;
    return `${first} ${pick(female ? FEMALE : MALE)} ${pick(SECOND)}`;
  };
  const originals: SyntheticPerson[] = [];
  while (originals.length < options.persons) {
    household++;
    const village = pick(VILLAGES);
    const kk = `${village.slice(0, 6)}${pad(1 + Math.floor(random() * 28), 2)}${pad(1 + Math.floor(random() * 12), 2)}${pad(10 + Math.floor(random() * 15), 2)}${pad(household % 10000 || 1, 4)}`;
    const address = `JL. ${pick(STREETS)} NO. ${1 + Math.floor(random() * 120)} RT. ${pad(1 + Math.floor(random() * 40), 3)}`;
    const size = 1 + Math.floor(random() * 5);
    const headYear = 1950 + Math.floor(random() * 50);
    for (let m = 0; m < size && originals.length < options.persons; m++) {
      const female = m === 1 ? true : m === 0 ? random() < 0.15 : random() < 0.5;
      const year =
        m < 2
          ? headYear + Math.floor(random() * 6) - 2
          : Math.min(2024, headYear + 20 + Math.floor(random() * 20));
      const month = 1 + Math.floor(random() * 12);
      const day = 1 + Math.floor(random() * 28);
      entity++;
      originals.push({
        record_id: '',
        nik: random() < 0.93 ? makeNik(village, year, month, day, female) : '',
        name: makeName(female),
        birth_date: `${year}-${pad(month, 2)}-${pad(day, 2)}`,
        sex: female ? 'P' : 'L',
        birth_place: random() < 0.95 ? pick(PLACES) : '',
        kk_number: kk,
        village_code: village,
        address,
        entity_id: `E${entity}`,
        defect: '',
      });
    }
  }
  for (const person of originals) {
    out.push(person);
    if (random() >= duplicateRate) continue;
    const copies = random() < 0.8 ? 1 : 2;
    for (let c = 0; c < copies; c++) {
      const dup: SyntheticPerson = { ...person, defect: '' };
      const defect = pick(DEFECTS);
      dup.defect = defect;
      applyDefect(dup, defect, random, pick);
      // A second independent slip now and then.
      if (random() < 0.3) {
        const second = pick(DEFECTS.filter((d) => d !== defect && d !== 'sex_error'));
        applyDefect(dup, second, random, pick);
        dup.defect = `${defect};${second}`;
      }
      out.push(dup);
    }
  }
  // Shuffle so duplicates are not adjacent, then number the records.
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    const a = out[i];
    const b = out[j];
    if (a && b) {
      out[i] = b;
      out[j] = a;
    }
  }
  out.forEach((p, i) => {
    p.record_id = `R${i + 1}`;
  });
  return out;
}

function typo(value: string, random: () => number): string {
  if (value.length < 3) return value;
  const i = 1 + Math.floor(random() * (value.length - 2));
  const r = random();
  const letters = 'AEIOUNRSTMKLHY';
  const ch = letters[Math.floor(random() * letters.length)] ?? 'A';
  if (r < 0.35) return value.slice(0, i) + ch + value.slice(i + 1);
  if (r < 0.6) return value.slice(0, i) + value.slice(i + 1);
  if (r < 0.8) return value.slice(0, i) + ch + value.slice(i);
  return value.slice(0, i - 1) + (value[i] ?? '') + (value[i - 1] ?? '') + value.slice(i + 1);
}

function applyDefect(
  dup: SyntheticPerson,
  defect: string,
  random: () => number,
  pick: <T>(list: readonly T[]) => T,
): void {
  switch (defect) {
    case 'typo': {
      const tokens = dup.name.split(' ');
      const k = Math.floor(random() * tokens.length);
      tokens[k] = typo(tokens[k] ?? '', random);
      dup.name = tokens.join(' ');
      break;
    }
    case 'spelling': {
      let changed = false;
      const tokens = dup.name.split(' ').map((t) => {
        for (const [pattern, old] of OLD_SPELLING) {
          if (pattern.test(t)) {
            changed = true;
            return old;
          }
        }
        return t;
      });
      dup.name = changed ? tokens.join(' ') : dup.name.toLowerCase().replace(/\b\w/g, (c) => c.toUpperCase());
      break;
    }
    case 'title':
      dup.name = `${pick(['H.', 'Hj.', 'Drs.', 'Ir.'])} ${dup.name}${random() < 0.5 ? `, ${pick(['S.Pd.', 'S.E.', 'S.H.', 'A.Md'])}` : ''}`;
      break;
    case 'nik_missing':
      dup.nik = '';
      break;
    case 'nik_typo':
      if (dup.nik.length === 16) {
        // Clerks slip on the birth-date part and the serial more than on the region code.
        const i = 6 + Math.floor(random() * 9);
        dup.nik =
          random() < 0.5
            ? dup.nik.slice(0, i) + (dup.nik[i + 1] ?? '') + (dup.nik[i] ?? '') + dup.nik.slice(i + 2)
            : dup.nik.slice(0, i) + String((Number(dup.nik[i]) + 1) % 10) + dup.nik.slice(i + 1);
      } else {
        dup.name = typo(dup.name, random);
      }
      break;
    case 'date_swap': {
      const [y, m, d] = dup.birth_date.split('-');
      if (y && m && d && Number(d) <= 12 && d !== m) dup.birth_date = `${y}-${d}-${m}`;
      else dup.birth_date = `${y}-${m}-${pad(Math.min(28, Number(d) + 1), 2)}`;
      break;
    }
    case 'date_typo': {
      const [y, m, d] = dup.birth_date.split('-');
      dup.birth_date =
        random() < 0.5
          ? `${Number(y) + (random() < 0.5 ? 1 : -1)}-${m}-${d}`
          : `${y}-${m}-${pad(((Number(d) + 9) % 28) + 1, 2)}`;
      break;
    }
    case 'sex_error':
      if (dup.nik.length === 16) {
        const dd = Number(dup.nik.slice(6, 8));
        dup.nik = dup.nik.slice(0, 6) + pad(dd > 40 ? dd - 40 : dd + 40, 2) + dup.nik.slice(8);
      }
      dup.sex = dup.sex === 'L' ? 'P' : 'L';
      break;
    case 'moved':
      dup.kk_number = `${dup.kk_number.slice(0, 12)}${pad(Math.floor(random() * 9999), 4)}`;
      dup.village_code = pick(VILLAGES);
      dup.address = `JL. ${pick(STREETS)} NO. ${1 + Math.floor(random() * 120)}`;
      break;
  }
}
