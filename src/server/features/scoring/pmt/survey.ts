/**
 * The calibration survey file: ONE ROW PER PERSON, household columns repeated (or left empty) on every
 * row of the same `household_id`. This keeps one file, loses nothing to aggregation, and maps exactly
 * onto ScoringInput, so calibration fits the very features that scoring later computes.
 * Format documented in models/pmt/README.md.
 */
import { parse } from 'csv-parse/sync';
import { HOUSEHOLD_VARIABLES, validateHouseholdVariables } from '../../../../shared/dictionary/dictionary.ts';
import { parseAsOf, type AsOf } from './features.ts';
import type { Bilingual, ScoringInput, ScoringMember } from './types.ts';

/** A surveyed household: the scoring input plus its observed expenditure and survey weight. */
export interface SurveyHousehold {
  input: ScoringInput;
  /** Observed monthly per-capita expenditure, Rp. */
  perCapitaExpenditure: number;
  weight: number;
}

export interface SurveyProblem {
  /** 1-based line number in the file (header = 1); 0 for the whole file. */
  line: number;
  severity: 'error' | 'warning';
  message: Bilingual;
}

const HOUSEHOLD_COLUMNS = [
  'household_id',
  'per_capita_expenditure',
  'weight',
  'district_code',
  'village_code',
];
const PERSON_COLUMNS: Record<string, keyof ScoringMember | 'age'> = {
  sex: 'sex',
  birth_date: 'birthDate',
  age: 'age',
  relationship: 'relationship',
  education: 'education',
  work: 'work',
  schooling: 'schooling',
  disability: 'disability',
  chronic_illness: 'chronicIllness',
  health_insurance: 'healthInsurance',
  status: 'status',
};
const VARIABLE_KEYS = new Set(HOUSEHOLD_VARIABLES.map((v) => v.key));
const VARIABLE_KIND = new Map(HOUSEHOLD_VARIABLES.map((v) => [v.key, v.kind]));

/** The header a survey file written by formatSurveyCsv has (and parseSurveyCsv accepts in any order). */
export const SURVEY_COLUMNS: readonly string[] = [
  ...HOUSEHOLD_COLUMNS,
  ...HOUSEHOLD_VARIABLES.map((v) => v.key),
  'sex',
  'birth_date',
  'relationship',
  'education',
  'work',
  'schooling',
  'disability',
  'chronic_illness',
  'health_insurance',
  'status',
];

function parseNumber(raw: string): number | null {
  const s = raw.trim();
  if (s === '') return null;
  // Spreadsheets set to Indonesian write decimals with a comma; thousands separators are not accepted.
  const n = Number(/^-?\d+,\d+$/.test(s) ? s.replace(',', '.') : s);
  return Number.isFinite(n) ? n : NaN;
}

function parseBoolean(raw: string): boolean | null | undefined {
  const s = raw.trim().toLowerCase();
  if (s === '') return null;
  if (['1', 'true', 'ya', 'y', 'yes'].includes(s)) return true;
  if (['0', 'false', 'tidak', 't', 'n', 'no'].includes(s)) return false;
  return undefined;
}

function birthDateFromAge(age: number, asOf: AsOf): string {
  // Half a year before the birthday-equivalent date so that ageAt(asOf) gives back exactly `age`.
  const d = new Date(Date.UTC(asOf.year - age, asOf.month - 1, asOf.day));
  d.setUTCDate(d.getUTCDate() - 182);
  return d.toISOString().slice(0, 10);
}

const msg = (id: string, en: string): Bilingual => ({ id, en });

/**
 * Parse a survey CSV (comma or semicolon separated, UTF-8, header row). `asOf` converts an `age`
 * column to a birth date. Households without a positive per-capita expenditure are dropped with an error.
 */
export function parseSurveyCsv(
  text: string,
  options: { asOf?: string | Date } = {},
): { households: SurveyHousehold[]; problems: SurveyProblem[] } {
  const asOf = parseAsOf(options.asOf);
  const problems: SurveyProblem[] = [];
  const newline = text.indexOf('\n');
  const firstLine = newline < 0 ? text : text.slice(0, newline);
  const delimiter = (firstLine.match(/;/g)?.length ?? 0) > (firstLine.match(/,/g)?.length ?? 0) ? ';' : ',';
  const rows = parse(text, {
    delimiter,
    bom: true,
    skip_empty_lines: true,
    relax_column_count: true,
    trim: true,
  });
  const header = (rows[0] ?? []).map((h) => h.toLowerCase());
  if (!header.includes('household_id') || !header.includes('per_capita_expenditure')) {
    problems.push({
      line: 1,
      severity: 'error',
      message: msg(
        'Kolom wajib household_id dan per_capita_expenditure tidak ada',
        'Required columns household_id and per_capita_expenditure are missing',
      ),
    });
    return { households: [], problems };
  }
  for (const h of header)
    if (!HOUSEHOLD_COLUMNS.includes(h) && !VARIABLE_KEYS.has(h) && !(h in PERSON_COLUMNS))
      problems.push({
        line: 1,
        severity: 'warning',
        message: msg(`Kolom ${h} tidak dikenal dan diabaikan`, `Unknown column ${h} ignored`),
      });

  interface Draft {
    line: number;
    input: ScoringInput;
    pce: number | null;
    weight: number | null;
  }
  const drafts = new Map<string, Draft>();
  const usedIds = new Set<number>();
  let nextId = 1;
  for (let r = 1; r < rows.length; r++) {
    const line = r + 1;
    const row = rows[r] ?? [];
    const cell = (col: string): string => {
      const i = header.indexOf(col);
      return i >= 0 ? (row[i] ?? '') : '';
    };
    const key = cell('household_id');
    if (key === '') {
      problems.push({ line, severity: 'error', message: msg('household_id kosong', 'Empty household_id') });
      continue;
    }
    let draft = drafts.get(key);
    if (!draft) {
      const numeric = Number(key);
      let householdId = numeric;
      if (!(Number.isSafeInteger(numeric) && numeric > 0 && !usedIds.has(numeric))) {
        while (usedIds.has(nextId)) nextId++;
        householdId = nextId;
      }
      usedIds.add(householdId);
      draft = {
        line,
        input: {
          householdId,
          districtCode: cell('district_code'),
          villageCode: cell('village_code'),
          variables: {},
          members: [],
        },
        pce: null,
        weight: null,
      };
      drafts.set(key, draft);
    }
    const pce = parseNumber(cell('per_capita_expenditure'));
    if (pce !== null && draft.pce === null) draft.pce = pce;
    const weight = parseNumber(cell('weight'));
    if (weight !== null && draft.weight === null) draft.weight = weight;

    for (const h of header) {
      if (!VARIABLE_KEYS.has(h)) continue;
      const raw = cell(h);
      if (raw === '') continue;
      const value = VARIABLE_KIND.get(h) === 'boolean' ? parseBoolean(raw) : parseNumber(raw);
      if (value === undefined || (typeof value === 'number' && Number.isNaN(value))) {
        problems.push({
          line,
          severity: 'error',
          message: msg(`Nilai ${h} tidak terbaca: "${raw}"`, `Unreadable ${h} value: "${raw}"`),
        });
        continue;
      }
      const previous = draft.input.variables[h];
      if (previous !== undefined && previous !== value)
        problems.push({
          line,
          severity: 'warning',
          message: msg(
            `${h} berbeda dengan baris pertama keluarga ini; nilai baris pertama dipakai`,
            `${h} differs from this household's first row; the first value is kept`,
          ),
        });
      else draft.input.variables[h] = value;
    }

    const hasPerson = header.some((h) => h in PERSON_COLUMNS && cell(h) !== '');
    if (!hasPerson) continue;
    const code = (col: string): number | null => {
      const n = parseNumber(cell(col));
      return n === null || Number.isNaN(n) ? null : n;
    };
    let birthDate: string | null = cell('birth_date') || null;
    if (birthDate !== null && !/^\d{4}-\d{2}-\d{2}$/.test(birthDate)) {
      problems.push({
        line,
        severity: 'warning',
        message: msg(
          `birth_date harus YYYY-MM-DD: "${birthDate}"`,
          `birth_date must be YYYY-MM-DD: "${birthDate}"`,
        ),
      });
      birthDate = null;
    }
    const age = code('age');
    if (birthDate === null && age !== null && age >= 0) birthDate = birthDateFromAge(age, asOf);
    const sex = code('sex');
    draft.input.members.push({
      sex: sex === 1 || sex === 2 ? sex : null,
      birthDate,
      relationship: code('relationship'),
      education: code('education'),
      work: code('work'),
      schooling: code('schooling'),
      disability: code('disability'),
      chronicIllness: code('chronic_illness'),
      healthInsurance: code('health_insurance'),
      status: code('status') ?? 1,
    });
  }

  const households: SurveyHousehold[] = [];
  for (const [key, d] of drafts) {
    if (d.pce === null || Number.isNaN(d.pce) || d.pce <= 0) {
      problems.push({
        line: d.line,
        severity: 'error',
        message: msg(
          `Keluarga ${key} tanpa per_capita_expenditure positif; dilewati`,
          `Household ${key} has no positive per_capita_expenditure; skipped`,
        ),
      });
      continue;
    }
    for (const p of validateHouseholdVariables(d.input.variables))
      problems.push({
        line: d.line,
        severity: 'warning',
        message: msg(`Keluarga ${key}: ${p.key} ${p.problem}`, `Household ${key}: ${p.key} ${p.problem}`),
      });
    if (d.input.members.length === 0)
      problems.push({
        line: d.line,
        severity: 'warning',
        message: msg(`Keluarga ${key} tanpa anggota`, `Household ${key} has no members`),
      });
    const weight = d.weight === null || Number.isNaN(d.weight) ? 1 : d.weight;
    households.push({ input: d.input, perCapitaExpenditure: d.pce, weight: weight > 0 ? weight : 1 });
  }
  return { households, problems };
}

function csvCell(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'boolean') return value ? '1' : '0';
  const s = String(value);
  return /[",;\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** Write households in the survey format (one row per person, household columns on every row). */
export function formatSurveyCsv(households: readonly SurveyHousehold[]): string {
  const lines = [SURVEY_COLUMNS.join(',')];
  for (const h of households) {
    const householdCells = [
      h.input.householdId,
      h.perCapitaExpenditure,
      h.weight,
      h.input.districtCode,
      h.input.villageCode,
      ...HOUSEHOLD_VARIABLES.map((v) => h.input.variables[v.key]),
    ];
    const members = h.input.members.length > 0 ? h.input.members : [null];
    for (const m of members) {
      const personCells = m
        ? [
            m.sex,
            m.birthDate,
            m.relationship,
            m.education,
            m.work,
            m.schooling,
            m.disability,
            m.chronicIllness,
            m.healthInsurance,
            m.status,
          ]
        : [];
      lines.push([...householdCells, ...personCells].map(csvCell).join(','));
    }
  }
  return `${lines.join('\n')}\n`;
}
