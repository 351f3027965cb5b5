/**
 * Indonesian personal-name normalisation for matching: case and diacritics, titles and degrees
 * stripped and kept aside, bin/binti split off into a father name, pre-1972 spelling modernised, and
 * the common variants of Muhammad, Abdul, Ahmad, Siti and Nur folded to one form.
 */

/** A normalised name with what was taken off it. */
export interface NormalisedName {
  /** Upper-case name used for matching, e.g. "MUHAMMAD JOKO SUSILO". */
  name: string;
  /** Titles and degrees as written, e.g. ["H.", "S.Pd."]. */
  titles: string[];
  /** Name after bin/binti, normalised the same way; null when absent. */
  fatherName: string | null;
}

/** Honorifics written before a name (compared without dots, upper case). */
const PREFIX_TITLES = new Set([
  'H',
  'HJ',
  'HJH',
  'HAJI',
  'HAJAH',
  'HAJJAH',
  'DR',
  'DRS',
  'DRA',
  'IR',
  'PROF',
  'KH',
  'KYAI',
  'UST',
  'USTADZ',
  'USTADZAH',
  'USTAZ',
  'USTAZAH',
  'ALM',
  'ALMH',
  'ALMARHUM',
  'ALMARHUMAH',
  'BPK',
  'BAPAK',
  'IBU',
  'SDR',
  'SDRI',
  'SDRA',
  'NY',
  'NYONYA',
  'TN',
  'TUAN',
]);

/** Academic degrees (compared without dots, upper case). */
const DEGREES = new Set([
  'SPD',
  'SPDI',
  'SPDSD',
  'SE',
  'SEI',
  'SH',
  'SHI',
  'SAG',
  'SSOS',
  'SSOSI',
  'SKOM',
  'ST',
  'SSI',
  'SIP',
  'SKM',
  'SKEP',
  'SFARM',
  'SPSI',
  'SHUT',
  'SP',
  'SPT',
  'SS',
  'SSTP',
  'STP',
  'STR',
  'STRKES',
  'SAB',
  'SIKOM',
  'SGZ',
  'SKED',
  'SAK',
  'SSY',
  'SKG',
  'SPI',
  'STH',
  'SM',
  'SIKES',
  'SKEB',
  'SSN',
  'SDS',
  'MM',
  'MSI',
  'MPD',
  'MPDI',
  'MKES',
  'MT',
  'MH',
  'MAG',
  'MKOM',
  'ME',
  'MSC',
  'MA',
  'MBA',
  'MPH',
  'MKM',
  'MAP',
  'MAK',
  'MKN',
  'AMD',
  'AMDKEB',
  'AMDKEP',
  'AMDKES',
  'AMDFARM',
  'AMDAK',
  'AMDGZ',
  'AMDPAR',
  'AMDT',
  'AMA',
  'AMAPD',
  'AMK',
  'AMKEB',
  'AMKEP',
  'AP',
  'BA',
  'BSC',
  'PHD',
  'NS',
  'APT',
  'LC',
  'SPA',
  'SPOG',
  'SPPD',
  'SPB',
  'SPM',
  'SPKK',
  'SPTHT',
  'SPRAD',
  'SPAN',
  'SPJP',
]);

/**
 * Degrees also stripped when written at the end without a comma or dots. Short ones that could be
 * name words stay out of this list.
 */
const BARE_TRAILING_DEGREES = new Set([
  'SPD',
  'SPDI',
  'SE',
  'SH',
  'SAG',
  'SSOS',
  'SKOM',
  'SIP',
  'SKM',
  'SKEP',
  'STP',
  'MM',
  'MSI',
  'MPD',
  'MKES',
  'AMD',
  'AMDKEB',
  'AMDKEP',
]);

const FATHER_MARKERS = new Set(['BIN', 'BINTI', 'BINTE']);

/** Abbreviations of Muhammad used anywhere but last; "M" only as the first of several tokens. */
const MUHAMMAD_ABBREVIATIONS = new Set([
  'MOH',
  'MUH',
  'MHD',
  'MUHD',
  'MOHD',
  'MOKH',
  'MUKH',
  'MUHAM',
  'MOCH',
]);
const MUHAMMAD_PATTERN = /^M[OU](K?H)?A?M{1,2}[AE][DT]$/;
const AHMAD_PATTERN = /^A(K?H)M[AE][DT]$/;

const compact = (token: string): string => token.toUpperCase().replace(/[^A-Z0-9]/g, '');

function stripDiacritics(value: string): string {
  return value.normalize('NFD').replace(/[\u0300-\u036f]/g, '');
}

/**
 * Modernises one upper-case token written in pre-1972 (Dutch-based) spelling. The letter j meant /y/
 * then, so j→y is only applied to tokens that carry an unmistakable old-spelling mark (oe, dj, tj, sj):
 * a modern "JOKO" keeps its j while "SOERJADI" becomes "SURYADI". ch→kh is applied everywhere because
 * both spellings of /x/ occur today (Chairul, Khairul).
 */
export function modernSpelling(token: string): string {
  let t = token.replace(/CH/g, 'KH');
  if (!/OE|DJ|TJ|SJ/.test(t)) return t;
  t = t.replace(/(^|[^DTSN])J/g, '$1Y');
  t = t.replace(/DJ/g, 'J').replace(/TJ/g, 'C').replace(/SJ/g, 'SY').replace(/NJ/g, 'NY').replace(/OE/g, 'U');
  return t;
}

function canonicalToken(raw: string, position: number, count: number): string {
  // A final Y after a consonant is a stylised I (PUTRY, RIZKY, HASMAWATY); AY, EY, OY, UY stay.
  const token = raw.length > 2 && /[^AEIOUY]Y$/.test(raw) ? `${raw.slice(0, -1)}I` : raw;
  if (MUHAMMAD_PATTERN.test(token)) return 'MUHAMMAD';
  if (position < count - 1) {
    if (MUHAMMAD_ABBREVIATIONS.has(token)) return 'MUHAMMAD';
    if (token === 'M' && position === 0) return 'MUHAMMAD';
    if (token === 'ABD') return 'ABDUL';
    if (token === 'ST' && position === 0) return 'SITI';
  }
  if (AHMAD_PATTERN.test(token)) return 'AHMAD';
  if (token === 'NURUL' || token === 'NOOR' || token === 'NUUR') return 'NUR';
  return token;
}

function cleanTokens(text: string): string[] {
  return text
    .replace(/['`’]/g, '')
    .replace(/[^A-Z\s]/g, ' ')
    .split(/\s+/)
    .filter((t) => t.length > 0);
}

function normaliseTokens(tokens: readonly string[]): string[] {
  const modern = tokens.map(modernSpelling);
  return modern.map((t, i) => canonicalToken(t, i, modern.length));
}

interface RawToken {
  text: string;
  key: string;
}

/** Splits "H.MUHAMMAD" or "Drs.H.Ahmad" into title parts and the rest. */
function splitGluedTitles(token: string): string[] {
  const out: string[] = [];
  let rest = token;
  for (;;) {
    const m = /^([A-Za-z]{1,8}\.)(.+)$/.exec(rest);
    if (!m || m[1] === undefined || m[2] === undefined || !PREFIX_TITLES.has(compact(m[1]))) break;
    out.push(m[1]);
    rest = m[2];
  }
  out.push(rest);
  return out;
}

/** Normalises an Indonesian personal name; see NormalisedName. */
export function normaliseIndonesianName(raw: string): NormalisedName {
  const titles: string[] = [];
  const text = stripDiacritics(raw).trim();
  if (text.length === 0) return { name: '', titles, fatherName: null };
  const [head = '', ...tail] = text.split(',');
  let tokens: RawToken[] = head
    .split(/\s+/)
    .filter((t) => t.length > 0)
    .flatMap(splitGluedTitles)
    .map((t) => ({ text: t, key: compact(t) }))
    .filter((t) => t.key.length > 0 || t.text.length === 0);

  // Leading honorifics, keeping at least one name token.
  while (tokens.length > 1 && tokens[0] && PREFIX_TITLES.has(tokens[0].key)) {
    titles.push(tokens[0].text);
    tokens = tokens.slice(1);
  }
  // Trailing degrees written without a comma: dotted ones always, bare ones from a safe list and only
  // after two name words, so that a short name is never eaten.
  const trailing: string[] = [];
  while (tokens.length > 1) {
    const last = tokens[tokens.length - 1];
    if (!last) break;
    const dotted = last.text.includes('.') && DEGREES.has(last.key);
    if (!dotted && !(tokens.length > 2 && BARE_TRAILING_DEGREES.has(last.key))) break;
    trailing.unshift(last.text);
    tokens = tokens.slice(0, -1);
  }
  // Everything after a comma is a degree when it looks like one, otherwise still name.
  const extra: string[] = [];
  for (const part of tail) {
    for (const t of part.split(/\s+/).filter((x) => x.length > 0)) {
      if (DEGREES.has(compact(t))) titles.push(t);
      else if (compact(t).length > 0) extra.push(t);
    }
  }
  titles.push(...trailing);

  const words = cleanTokens([...tokens.map((t) => t.text), ...extra].join(' ').toUpperCase());
  let fatherWords: string[] = [];
  let nameWords = words;
  const marker = words.findIndex((w, i) => i > 0 && FATHER_MARKERS.has(w));
  if (marker > 0) {
    nameWords = words.slice(0, marker);
    fatherWords = words.slice(marker + 1);
  }
  const name = normaliseTokens(nameWords).join(' ');
  const father = normaliseTokens(fatherWords).join(' ');
  return { name, titles, fatherName: father.length > 0 ? father : null };
}

/** Normalises a place name (birth place): case, diacritics, old spelling, KOTA/KAB. prefixes dropped. */
export function normalisePlaceName(raw: string): string {
  const words = cleanTokens(stripDiacritics(raw).toUpperCase().replace(/\./g, ' '));
  const kept = words.filter(
    (w, i) => !(i === 0 && words.length > 1 && /^(KOTA|KAB|KABUPATEN|KOTAMADYA)$/.test(w)),
  );
  return kept.map(modernSpelling).join(' ');
}
