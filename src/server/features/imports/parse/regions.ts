/**
 * Region matching for imported files: a kecamatan or kelurahan given by code (dotted or not) or by
 * name as people write it (LOKTUAN, KEL. BERBAS TENGAH, Api-api, BERBAS TGH?, BEREBAS PANTAI).
 * Built once from the deployment's regions and alias table; results are cached per spelling
 * because a file repeats the same few spellings a million times.
 */
import { editDistance, normalizeKey, type Cell } from './text.ts';

export type RegionLevel = 'province' | 'regency' | 'district' | 'village';

/** A region of the deployment, as in the `region` table. */
export interface RegionEntry {
  code: string;
  name: string;
  level: RegionLevel;
  parentCode: string | null;
}

/** A known spelling of a region, as in the `region_alias` table. */
export interface RegionAlias {
  alias: string;
  code: string;
}

export type MatchHow = 'code' | 'name' | 'alias' | 'abbreviation' | 'fuzzy';

export type RegionMatch =
  | { status: 'empty' }
  | {
      status: 'matched';
      code: string;
      name: string;
      parentCode: string | null;
      how: MatchHow;
      distance: number;
    }
  | { status: 'ambiguous'; candidates: { code: string; name: string }[] }
  /** A well-formed region code outside the deployment. */
  | { status: 'outside'; code: string }
  | { status: 'unknown' };

export interface RegionMatchOptions {
  level: RegionLevel;
  /** Kecamatan code when known: names are looked up there first. */
  parentCode?: string | null;
}

export interface RegionMatcher {
  /** The deployment's regency code, e.g. `64.74`. */
  readonly deploymentCode: string;
  /** Matches one cell (a code or a name) against the regions of one level. */
  match(raw: Cell, opts: RegionMatchOptions): RegionMatch;
  /** A region by dotted code. */
  byCode(code: string): RegionEntry | undefined;
  /** Whether a dotted code lies within the deployment (the regency itself or below it). */
  inDeployment(code: string): boolean;
}

/**
 * Known spellings for Kota Bontang (64.74) beyond what normalisation already handles (case,
 * punctuation, KEL./KELURAHAN prefixes, spaces and hyphens, abbreviations like TGH, TG, GN).
 */
export const BONTANG_REGION_ALIASES: readonly RegionAlias[] = [
  { alias: 'BEREBAS TENGAH', code: '64.74.02.1002' },
  { alias: 'BEREBAS PANTAI', code: '64.74.02.1003' },
  { alias: 'TANJUNG LAUT INDAH', code: '64.74.02.1006' },
  { alias: 'TANJUNGLAUT', code: '64.74.02.1001' },
  { alias: 'TELIHAN', code: '64.74.03.1002' },
  { alias: 'GUNUNG TELIHAN', code: '64.74.03.1002' },
  { alias: 'KANAAN', code: '64.74.03.1003' },
  { alias: 'BTG UTARA', code: '64.74.01' },
  { alias: 'BTG SELATAN', code: '64.74.02' },
  { alias: 'BTG BARAT', code: '64.74.03' },
  { alias: 'BONTANG', code: '64.74' },
  { alias: 'KALTIM', code: '64' },
];

// Prefixes people put before names, per level; stripped from names and input alike.
const PREFIXES: Record<RegionLevel, readonly string[]> = {
  village: ['DESA KELURAHAN', 'KELURAHAN', 'KEL', 'DESA', 'DS'],
  district: ['KECAMATAN', 'KEC', 'DISTRIK'],
  regency: ['KABUPATEN', 'KAB', 'KOTAMADYA', 'KOTA MADYA', 'KOTA'],
  province: ['PROVINSI', 'PROPINSI', 'PROV'],
};
// Known spelling variants of whole words.
const WORD_VARIANTS: Record<string, string> = { BEREBAS: 'BERBAS', LOKTUAN: 'LOK TUAN', APIAPI: 'API API' };

function nameKey(text: string, level: RegionLevel): string[] {
  let words = normalizeKey(text)
    .split(' ')
    .filter((w) => w !== '');
  for (const prefix of PREFIXES[level]) {
    const parts = prefix.split(' ');
    if (words.length > parts.length && parts.every((p, i) => words[i] === p)) {
      words = words.slice(parts.length);
      break;
    }
  }
  return words.flatMap((w) => (WORD_VARIANTS[w] ?? w).split(' '));
}

// An abbreviated word is a prefix of at least three letters (BERB → BERBAS), or up to four
// letters keeping the first and some later ones in order: TGH → TENGAH, TG/TJ/TJG → TANJUNG,
// GN → GUNUNG, UTR → UTARA, BTG → BONTANG. Longer words are left to the typo tolerance.
function abbreviates(short: string, word: string): boolean {
  if (short === word) return true;
  if (short.length >= word.length || short.length < 2 || short[0] !== word[0]) return false;
  if (short.length >= 3 && word.startsWith(short)) return true;
  if (short.length > 4) return false;
  let j = 1;
  for (let i = 1; i < short.length; i++) {
    const ch = short[i];
    while (j < word.length && word[j] !== ch) j++;
    if (j === word.length) return false;
    j++;
  }
  return true;
}

interface IndexedRegion {
  entry: RegionEntry;
  words: string[];
  compact: string;
}

const DOTTED_CODE = /^\d{2}(?:\.\d{2}(?:\.\d{2}(?:\.\d{4})?)?)?$/;
const CODE_LEVEL: Record<number, RegionLevel> = { 2: 'province', 5: 'regency', 8: 'district', 13: 'village' };
const CACHE_LIMIT = 20_000;
const EMPTY_MATCH: RegionMatch = Object.freeze({ status: 'empty' });

/** Dotted form of a region code written with or without dots ('6474011003' → '64.74.01.1003'). */
export function toDottedCode(text: string): string | null {
  const s = text.trim();
  if (DOTTED_CODE.test(s)) return s;
  if (!/^\d+$/.test(s)) return null;
  switch (s.length) {
    case 2:
      return s;
    case 4:
      return `${s.slice(0, 2)}.${s.slice(2)}`;
    case 6:
      return `${s.slice(0, 2)}.${s.slice(2, 4)}.${s.slice(4)}`;
    case 10:
      return `${s.slice(0, 2)}.${s.slice(2, 4)}.${s.slice(4, 6)}.${s.slice(6)}`;
    default:
      return null;
  }
}

/**
 * Builds a matcher from the deployment's regions (its regency, kecamatan and kelurahan, plus the
 * province if given) and aliases. The deployment code defaults to the regency in the list.
 */
export function createRegionMatcher(opts: {
  regions: readonly RegionEntry[];
  aliases?: readonly RegionAlias[];
  deploymentCode?: string;
}): RegionMatcher {
  const byCode = new Map<string, RegionEntry>();
  const byLevel: Record<RegionLevel, IndexedRegion[]> = {
    province: [],
    regency: [],
    district: [],
    village: [],
  };
  for (const entry of opts.regions) {
    byCode.set(entry.code, entry);
    const words = nameKey(entry.name, entry.level);
    byLevel[entry.level].push({ entry, words, compact: words.join('') });
  }
  const deploymentCode =
    opts.deploymentCode ??
    opts.regions.find((r) => r.level === 'regency')?.code ??
    opts.regions[0]?.code ??
    '';

  // compact name → codes, per level; names and aliases share it, ambiguity is kept as a list.
  const exact: Record<RegionLevel, Map<string, { codes: string[]; how: MatchHow }>> = {
    province: new Map(),
    regency: new Map(),
    district: new Map(),
    village: new Map(),
  };
  const addExact = (level: RegionLevel, key: string, code: string, how: MatchHow) => {
    if (key === '') return;
    const found = exact[level].get(key);
    if (!found) exact[level].set(key, { codes: [code], how });
    else if (!found.codes.includes(code)) found.codes.push(code);
  };
  for (const level of Object.keys(byLevel) as RegionLevel[]) {
    for (const r of byLevel[level]) addExact(level, r.compact, r.entry.code, 'name');
  }
  for (const alias of opts.aliases ?? []) {
    const entry = byCode.get(alias.code);
    if (entry) addExact(entry.level, nameKey(alias.alias, entry.level).join(''), entry.code, 'alias');
  }

  const inDeployment = (code: string) => code === deploymentCode || code.startsWith(`${deploymentCode}.`);
  // Results per level, then per kecamatan code ('' for none), then per cell value: nested Maps
  // rather than one Map keyed by a string built on every call.
  const cache = new Map<RegionLevel, Map<string, Map<string | number, RegionMatch>>>();
  let cached = 0;
  const cacheOf = (level: RegionLevel, parentCode: string | null) => {
    let byParent = cache.get(level);
    if (!byParent) cache.set(level, (byParent = new Map()));
    let byValue = byParent.get(parentCode ?? '');
    if (!byValue) byParent.set(parentCode ?? '', (byValue = new Map()));
    return byValue;
  };

  const matched = (entry: RegionEntry, how: MatchHow, distance = 0): RegionMatch => ({
    status: 'matched',
    code: entry.code,
    name: entry.name,
    parentCode: entry.parentCode,
    how,
    distance,
  });

  function fromCode(code: string, level: RegionLevel): RegionMatch {
    const entry = byCode.get(code);
    if (entry && entry.level === level) return matched(entry, 'code');
    const codeLevel = CODE_LEVEL[code.length];
    if (codeLevel === level && !inDeployment(code) && !deploymentCode.startsWith(code)) {
      return { status: 'outside', code };
    }
    return { status: 'unknown' };
  }

  function pick(
    codes: readonly string[],
    how: MatchHow,
    parentCode: string | null,
    distance = 0,
  ): RegionMatch {
    const entries = codes.map((c) => byCode.get(c)).filter((e): e is RegionEntry => e !== undefined);
    const within = parentCode ? entries.filter((e) => e.parentCode === parentCode) : [];
    const chosen = within.length > 0 ? within : entries;
    const only = chosen[0];
    if (chosen.length === 1 && only) return matched(only, how, distance);
    if (chosen.length === 0) return { status: 'unknown' };
    return { status: 'ambiguous', candidates: chosen.map((e) => ({ code: e.code, name: e.name })) };
  }

  function fromName(text: string, level: RegionLevel, parentCode: string | null): RegionMatch {
    const words = nameKey(text, level);
    const compact = words.join('');
    if (compact === '') return { status: 'empty' };
    const hit = exact[level].get(compact);
    if (hit) return pick(hit.codes, hit.how, parentCode);

    const regions = byLevel[level];
    const scopes = parentCode
      ? [regions.filter((r) => r.entry.parentCode === parentCode), regions]
      : [regions];
    for (const scope of scopes) {
      const abbreviated = scope.filter(
        (r) => r.words.length === words.length && words.every((w, i) => abbreviates(w, r.words[i] ?? '')),
      );
      if (abbreviated.length > 0)
        return pick(
          abbreviated.map((r) => r.entry.code),
          'abbreviation',
          null,
        );

      const max = compact.length <= 4 ? 0 : compact.length <= 8 ? 1 : 2;
      if (max === 0) continue;
      let best = max + 1;
      let codes: string[] = [];
      for (const r of scope) {
        const d = editDistance(compact, r.compact, max);
        if (d < best) {
          best = d;
          codes = [r.entry.code];
        } else if (d === best && d <= max) {
          codes.push(r.entry.code);
        }
      }
      if (codes.length > 0 && best <= max) return pick(codes, 'fuzzy', null, best);

      // The first words of a longer name ('BERBAS' for Berbas Tengah and Berbas Pantai).
      const leading = scope.filter(
        (r) => r.words.length > words.length && words.every((w, i) => abbreviates(w, r.words[i] ?? '')),
      );
      if (leading.length > 0)
        return pick(
          leading.map((r) => r.entry.code),
          'abbreviation',
          null,
        );
    }
    return { status: 'unknown' };
  }

  function compute(raw: Cell, level: RegionLevel, parentCode: string | null): RegionMatch {
    if (raw === null || raw instanceof Date || typeof raw === 'boolean')
      return { status: raw === null ? 'empty' : 'unknown' };
    const text = typeof raw === 'number' ? String(raw) : raw.trim();
    if (text === '' || text === '-') return { status: 'empty' };
    const digits = text.replace(/\s+/g, '');
    if (/^[\d.]+$/.test(digits)) {
      // A kelurahan written as the 4-digit suffix of its code within a known kecamatan.
      if (level === 'village' && parentCode && /^\d{4}$/.test(digits))
        return fromCode(`${parentCode}.${digits}`, level);
      const dotted = toDottedCode(digits);
      return dotted === null ? { status: 'unknown' } : fromCode(dotted, level);
    }
    // "6474011003 - LOK TUAN": trust the code part when it matches.
    const lead = /^([\d.]{6,13})\s*[-–:]?\s*(.+)$/.exec(text);
    if (lead) {
      const dotted = toDottedCode(lead[1] ?? '');
      if (dotted) {
        const byCodeMatch = fromCode(dotted, level);
        if (byCodeMatch.status === 'matched' || byCodeMatch.status === 'outside') return byCodeMatch;
      }
      return fromName(lead[2] ?? '', level, parentCode);
    }
    return fromName(text, level, parentCode);
  }

  return {
    deploymentCode,
    byCode: (code) => byCode.get(code),
    inDeployment,
    match(raw, { level, parentCode = null }) {
      if (raw === null) return EMPTY_MATCH;
      if (typeof raw !== 'string' && typeof raw !== 'number') return compute(raw, level, parentCode);
      if (cached >= CACHE_LIMIT) {
        cache.clear();
        cached = 0;
      }
      const values = cacheOf(level, parentCode);
      const known = values.get(raw);
      if (known) return known;
      const result = compute(raw, level, parentCode);
      values.set(raw, result);
      cached++;
      return result;
    },
  };
}

/** Reads `code,name,level` rows of data/wilayah/regions.csv for one regency into matcher entries. */
export function regionsFromCsv(csvText: string, deploymentCode: string): RegionEntry[] {
  const out: RegionEntry[] = [];
  const province = deploymentCode.slice(0, 2);
  for (const line of csvText.split(/\r?\n/)) {
    const first = line.indexOf(',');
    const last = line.lastIndexOf(',');
    if (first < 0 || last <= first) continue;
    const code = line.slice(0, first);
    const level = line.slice(last + 1).trim();
    if (level !== 'province' && level !== 'regency' && level !== 'district' && level !== 'village') continue;
    if (!(code === province || code === deploymentCode || code.startsWith(`${deploymentCode}.`))) continue;
    let name = line.slice(first + 1, last);
    if (name.startsWith('"') && name.endsWith('"')) name = name.slice(1, -1).replace(/""/g, '"');
    const dot = code.lastIndexOf('.');
    out.push({ code, name, level, parentCode: dot < 0 ? null : code.slice(0, dot) });
  }
  return out;
}

/** Normalised form of an alias, as stored in the `region_alias` table (upper case, single spaces). */
export function normalizeAlias(text: string): string {
  return normalizeKey(text);
}
