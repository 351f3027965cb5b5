/**
 * Validation of one mapped row, without I/O: every value parsed into the registry's form, every
 * problem reported as a finding with a reason code. Errors reject the row; warnings keep it,
 * flagged. Checks that need other rows (duplicates, family consistency) live in file.ts.
 */
import type { HouseholdVariables, Label } from '../../../../shared/dictionary/dictionary.ts';
import { isKnownProvinceCode, regionCodeOf } from '../../../../shared/domain/identity-number.ts';
import { normalizeKkInput, validateKk } from '../../../../shared/domain/kk.ts';
import { normalizeNikInput, validateNik } from '../../../../shared/domain/nik.ts';
import { FIELDS, fieldDef, type FieldDef, type ImportLayout, type ImportSource } from '../parse/fields.ts';
import type { MappedRow } from '../parse/mapping.ts';
import type { RegionLevel, RegionMatch, RegionMatcher } from '../parse/regions.ts';
import { cellText, collapseSpaces, type Cell } from '../parse/text.ts';
import {
  parseBoolean,
  parseCode,
  parseDate,
  parseDesil,
  parseInteger,
  parseNumber,
  parsePeriod,
  parseRtRw,
  parseSex,
  splitRtRw,
} from '../parse/values.ts';
import { hasError, reason, type RowFinding } from './reasons.ts';

/** A family card as read from one row (person layout: the family fields repeated on the row). */
export interface StagedHousehold {
  kkNumber: string | null;
  address: string | null;
  rt: string | null;
  rw: string | null;
  villageCode: string | null;
  districtCode: string | null;
  desil: number | null;
  dtsenId: string | null;
  memberCount: number | null;
  headNik: string | null;
  headName: string | null;
  /** Household variables of the data dictionary whose columns are mapped (null when blank). */
  variables: HouseholdVariables;
}

/** A person as read from one row (family layout: the head of the family). */
export interface StagedPerson {
  nik: string | null;
  name: string | null;
  sex: 1 | 2 | null;
  /** `yyyy-mm-dd`. */
  birthDate: string | null;
  birthPlace: string | null;
  relationship: number | null;
  marital: number | null;
  schooling: number | null;
  education: number | null;
  work: number | null;
  disability: number | null;
  chronicIllness: number | null;
  healthInsurance: number | null;
}

/** One entry of a programme beneficiary list. */
export interface StagedBeneficiary {
  nik: string | null;
  name: string | null;
  programme: string | null;
  /** `yyyy`, `yyyy-mm`, `yyyy-Qn`, or the text as written. */
  period: string | null;
  amount: number | null;
  kkNumber: string | null;
  address: string | null;
  rt: string | null;
  rw: string | null;
  villageCode: string | null;
  districtCode: string | null;
  birthDate: string | null;
  sex: 1 | 2 | null;
}

export interface ValidatedRow {
  household: StagedHousehold | null;
  person: StagedPerson | null;
  beneficiary: StagedBeneficiary | null;
  findings: RowFinding[];
  /** True when any finding is an error: the row goes to the rejection report, not to staging. */
  rejected: boolean;
}

export interface ValidationContext {
  source: ImportSource;
  layout: ImportLayout;
  regions: RegionMatcher;
  /** "Today" for ages and future dates. */
  today: Date;
  /** Oldest plausible age in years. */
  maxAgeYears: number;
  readonly todayIso: string;
  readonly oldestBirthIso: string;
  readonly deploymentName: string;
  readonly hasProvince: boolean;
}

/** Builds the context once per import; `today` defaults to now, `maxAgeYears` to 120. */
export function createValidationContext(opts: {
  source: ImportSource;
  layout: ImportLayout;
  regions: RegionMatcher;
  today?: Date;
  maxAgeYears?: number;
}): ValidationContext {
  const today = opts.today ?? new Date();
  const maxAgeYears = opts.maxAgeYears ?? 120;
  const todayIso = today.toISOString().slice(0, 10);
  const oldest = `${String(today.getUTCFullYear() - maxAgeYears).padStart(4, '0')}${todayIso.slice(4)}`;
  const deployment = opts.regions.byCode(opts.regions.deploymentCode);
  return {
    source: opts.source,
    layout: opts.layout,
    regions: opts.regions,
    today,
    maxAgeYears,
    todayIso,
    oldestBirthIso: oldest,
    deploymentName: deployment ? `${deployment.name} ${deployment.code}` : opts.regions.deploymentCode,
    hasProvince: opts.regions.byCode(opts.regions.deploymentCode.slice(0, 2)) !== undefined,
  };
}

const label = (key: string): Label => fieldDef(key)?.label ?? { id: key, en: key };
// A plain function rather than a closure made per row: validation runs for every row of a file.
const cellOf = (mapped: MappedRow, key: string): Cell => mapped[key] ?? null;
const shown = (cell: Cell): string => cellText(cell) ?? '';

const VARIABLE_FIELDS: readonly FieldDef[] = FIELDS.filter((f) => f.variable !== undefined);

/** Validates one mapped row for the context's source and layout. Pure: no I/O, no shared state. */
export function validateRow(mapped: MappedRow, ctx: ValidationContext): ValidatedRow {
  const findings: RowFinding[] = [];

  if (ctx.source === 'beneficiaries') {
    const person = readPerson(mapped, ctx, findings, { nikRequired: true });
    const programme = text(cellOf(mapped, 'programme'));
    if (programme === null)
      findings.push(reason('required_missing', { field: label('programme') }, 'programme'));
    const period = parsePeriod(cellOf(mapped, 'period')).value;
    if (period === null) findings.push(reason('required_missing', { field: label('period') }, 'period'));
    const location = readLocation(mapped, ctx, findings, false);
    const beneficiary: StagedBeneficiary = {
      nik: person.nik,
      name: person.name,
      programme,
      period,
      amount: readNumber(cellOf(mapped, 'amount'), 'amount', 0, 1_000_000_000_000, findings),
      kkNumber: readKk(cellOf(mapped, 'kk_number'), ctx, findings, false),
      ...location,
      birthDate: person.birthDate,
      sex: person.sex,
    };
    return { household: null, person: null, beneficiary, findings, rejected: hasError(findings) };
  }

  const family = ctx.layout === 'family';
  const person = readPerson(mapped, ctx, findings, { nikRequired: false, head: family });
  const household: StagedHousehold = {
    kkNumber: readKk(cellOf(mapped, 'kk_number'), ctx, findings, true),
    ...readLocation(mapped, ctx, findings, true),
    desil: null,
    dtsenId: text(cellOf(mapped, 'dtsen_id')),
    memberCount: readNumber(cellOf(mapped, 'member_count'), 'member_count', 1, 50, findings, true),
    headNik: family ? person.nik : optionalNik(cellOf(mapped, 'head_nik')),
    headName: family ? person.name : nameText(cellOf(mapped, 'head_name')),
    variables: {},
  };
  const desil = parseDesil(cellOf(mapped, 'desil'));
  if (desil.problem)
    findings.push(reason('desil_invalid', { value: shown(cellOf(mapped, 'desil')) }, 'desil'));
  household.desil = desil.value;
  household.variables = readVariables(mapped, findings);
  return { household, person, beneficiary: null, findings, rejected: hasError(findings) };
}

function text(cell: Cell): string | null {
  const t = cellText(cell);
  return t === null ? null : collapseSpaces(t);
}

function nameText(cell: Cell): string | null {
  return text(cell);
}

function readPerson(
  mapped: MappedRow,
  ctx: ValidationContext,
  findings: RowFinding[],
  opts: { nikRequired: boolean; head?: boolean },
): StagedPerson {
  // In the family layout the person is the head: plain NIK/NAMA columns or the head's columns.
  const nameKey =
    opts.head && cellText(cellOf(mapped, 'name')) === null && 'head_name' in mapped ? 'head_name' : 'name';
  const nikKey =
    opts.head && cellText(cellOf(mapped, 'nik')) === null && 'head_nik' in mapped ? 'head_nik' : 'nik';

  const name = nameText(cellOf(mapped, nameKey));
  if (name === null) findings.push(reason('required_missing', { field: label(nameKey) }, nameKey));
  else if (/\d/.test(name) || name.replace(/[^\p{L}]/gu, '').length < 2) {
    findings.push(reason('name_suspicious', { field: label(nameKey), value: name }, nameKey));
  }

  const birthDate = readBirthDate(cellOf(mapped, 'birth_date'), ctx, findings);
  const sexParsed = parseSex(cellOf(mapped, 'sex'));
  if (sexParsed.problem) findings.push(reason('sex_invalid', { value: shown(cellOf(mapped, 'sex')) }, 'sex'));
  const sex = sexParsed.value;

  let nik: string | null = null;
  const nikRaw = cellOf(mapped, nikKey);
  if (cellText(nikRaw) === null && typeof nikRaw !== 'number' && !opts.nikRequired) {
    findings.push(reason('nik_not_provided', {}, nikKey));
  } else {
    const nikFindings = validateNik(
      nikRaw,
      { birthDate, sex },
      { refDate: ctx.today, source: 'spreadsheet' },
    );
    for (const x of nikFindings)
      findings.push({ code: x.code, severity: x.severity, field: nikKey, message: x.message });
    if (nikFindings.every((x) => x.severity !== 'error')) nik = normalizeNikInput(nikRaw).value;
  }

  return {
    nik,
    name,
    sex,
    birthDate,
    birthPlace: text(cellOf(mapped, 'birth_place')),
    relationship: readCode(mapped, 'relationship', findings),
    marital: readCode(mapped, 'marital', findings),
    schooling: readCode(mapped, 'schooling', findings),
    education: readCode(mapped, 'education', findings),
    work: readCode(mapped, 'work', findings),
    disability: readCode(mapped, 'disability', findings),
    chronicIllness: readCode(mapped, 'chronic_illness', findings),
    healthInsurance: readCode(mapped, 'health_insurance', findings),
  };
}

function readBirthDate(raw: Cell, ctx: ValidationContext, findings: RowFinding[]): string | null {
  const parsed = parseDate(raw, { minYear: 1, maxYear: 9999, pivotYear: ctx.today.getUTCFullYear() });
  if (parsed.problem) {
    findings.push(reason('birth_date_invalid', { value: shown(raw) }, 'birth_date'));
    return null;
  }
  const value = parsed.value;
  if (value === null) return null;
  if (value > ctx.todayIso) {
    findings.push(reason('birth_date_in_future', { value: shown(raw) }, 'birth_date'));
    return null;
  }
  if (value < ctx.oldestBirthIso) {
    findings.push(
      reason('birth_date_implausible', { value: shown(raw), max: ctx.maxAgeYears }, 'birth_date'),
    );
    return null;
  }
  if (parsed.note === 'month_day_swapped') {
    findings.push(
      reason(
        'date_month_day_swapped',
        { field: label('birth_date'), value: shown(raw), name: value },
        'birth_date',
      ),
    );
  }
  return value;
}

function readCode(mapped: MappedRow, key: string, findings: RowFinding[]): number | null {
  if (!(key in mapped)) return null;
  const def = fieldDef(key);
  const raw = mapped[key] ?? null;
  if (!def?.codes) return null;
  const parsed = parseCode(raw, def.codes);
  if (parsed.problem) {
    findings.push(
      key === 'relationship'
        ? reason('relationship_invalid', { value: shown(raw) }, key)
        : reason('code_invalid', { field: def.label, value: shown(raw) }, key),
    );
  }
  return parsed.value;
}

function readNumber(
  raw: Cell,
  key: string,
  min: number,
  max: number,
  findings: RowFinding[],
  integer = false,
): number | null {
  const parsed = integer ? parseInteger(raw, min, max) : parseNumber(raw);
  if (parsed.problem === 'invalid') {
    findings.push(reason('number_invalid', { field: label(key), value: shown(raw) }, key));
    return null;
  }
  const value = parsed.value;
  if (parsed.problem === 'out_of_range' || (value !== null && (value < min || value > max))) {
    findings.push(reason('number_out_of_range', { field: label(key), value: shown(raw), min, max }, key));
    return null;
  }
  return value;
}

function readKk(raw: Cell, ctx: ValidationContext, findings: RowFinding[], required: boolean): string | null {
  if (!required && cellText(raw) === null && typeof raw !== 'number') return null;
  const kkFindings = validateKk(raw, { source: 'spreadsheet' });
  for (const x of kkFindings) {
    // In a beneficiary list the KK number is optional: its problems drop the value, not the row.
    findings.push({
      code: x.code,
      severity: required ? x.severity : 'warning',
      field: 'kk_number',
      message: x.message,
    });
  }
  if (kkFindings.some((x) => x.severity === 'error')) return null;
  const value = normalizeKkInput(raw).value;
  if (value !== null && /^\d{16}$/.test(value) && isKnownProvinceCode(value.slice(0, 2))) {
    const region = regionCodeOf(value);
    if (!ctx.regions.inDeployment(region))
      findings.push(reason('kk_outside_deployment', { value: region }, 'kk_number'));
  }
  return value;
}

function optionalNik(raw: Cell): string | null {
  if (cellText(raw) === null && typeof raw !== 'number') return null;
  const problems = validateNik(raw);
  return problems.some((p) => p.severity === 'error') ? null : normalizeNikInput(raw).value;
}

interface Location {
  address: string | null;
  rt: string | null;
  rw: string | null;
  villageCode: string | null;
  districtCode: string | null;
}

function readRtRw(raw: Cell, key: 'rt' | 'rw', findings: RowFinding[]): string | null {
  const parsed = parseRtRw(raw);
  if (parsed.problem) findings.push(reason('rt_rw_invalid', { field: label(key), value: shown(raw) }, key));
  return parsed.value;
}

function readLocation(
  mapped: MappedRow,
  ctx: ValidationContext,
  findings: RowFinding[],
  villageRequired: boolean,
): Location {
  let rtRaw = cellOf(mapped, 'rt');
  let rwRaw = cellOf(mapped, 'rw');
  const combined = cellOf(mapped, 'rt_rw');
  if (combined !== null && (cellText(rtRaw) === null || cellText(rwRaw) === null)) {
    const split = splitRtRw(combined);
    if (split) {
      if (cellText(rtRaw) === null) rtRaw = split.rt;
      if (cellText(rwRaw) === null) rwRaw = split.rw;
    } else {
      findings.push(reason('rt_rw_invalid', { field: label('rt_rw'), value: shown(combined) }, 'rt_rw'));
    }
  }
  const location: Location = {
    address: text(cellOf(mapped, 'address')),
    rt: readRtRw(rtRaw, 'rt', findings),
    rw: readRtRw(rwRaw, 'rw', findings),
    villageCode: null,
    districtCode: null,
  };

  checkOuterRegion(mapped, 'province', ctx, findings);
  checkOuterRegion(mapped, 'regency', ctx, findings);

  // Kecamatan first, to narrow the kelurahan search; the kelurahan decides in the end.
  const district = resolveRegion(mapped, 'district', 'district_code', 'district', null, ctx);
  const districtCode = district.match.status === 'matched' ? district.match.code : null;
  for (const x of district.notes) findings.push(x);
  const village = resolveRegion(mapped, 'village', 'village_code', 'village', districtCode, ctx);
  for (const x of village.notes) findings.push(x);

  const vm = village.match;
  if (vm.status === 'matched') {
    location.villageCode = vm.code;
    location.districtCode = vm.parentCode;
    if (district.match.status !== 'empty' && vm.parentCode !== districtCode) {
      const actual = vm.parentCode ? ctx.regions.byCode(vm.parentCode) : undefined;
      findings.push(
        reason(
          'region_district_mismatch',
          { value: vm.name, name: actual ? `${actual.name} ${actual.code}` : '' },
          'district',
        ),
      );
    } else {
      for (const x of district.problems) findings.push(x);
    }
    if (vm.how === 'fuzzy' || vm.how === 'abbreviation') {
      findings.push(
        reason(
          'region_fuzzy_match',
          { field: label(village.key), value: village.text, name: vm.name },
          village.key,
        ),
      );
    }
    return location;
  }
  if (vm.status === 'empty') {
    if (villageRequired) findings.push(reason('required_missing', { field: label('village') }, 'village'));
    for (const x of district.problems) findings.push(x);
    location.districtCode = districtCode;
    if (
      districtCode &&
      district.match.status === 'matched' &&
      (district.match.how === 'fuzzy' || district.match.how === 'abbreviation')
    ) {
      findings.push(
        reason(
          'region_fuzzy_match',
          { field: label(district.key), value: district.text, name: district.match.name },
          district.key,
        ),
      );
    }
    return location;
  }
  for (const x of district.problems) findings.push(x);
  findings.push(regionProblem(vm, village.key, village.text, ctx));
  return location;
}

interface ResolvedRegion {
  key: string;
  text: string;
  match: RegionMatch;
  /** Warnings about the name and code columns disagreeing. */
  notes: RowFinding[];
  /** Errors to report only if the kelurahan does not settle the question. */
  problems: RowFinding[];
}

function resolveRegion(
  mapped: MappedRow,
  nameKey: string,
  codeKey: string,
  level: RegionLevel,
  parentCode: string | null,
  ctx: ValidationContext,
): ResolvedRegion {
  const nameRaw = mapped[nameKey] ?? null;
  const codeRaw = mapped[codeKey] ?? null;
  const byName = ctx.regions.match(nameRaw, { level, parentCode });
  const byCode = ctx.regions.match(codeRaw, { level, parentCode });
  const notes: RowFinding[] = [];
  let key = nameKey;
  let match = byName;
  if (byCode.status !== 'empty') {
    if (byCode.status === 'matched' && byName.status === 'matched' && byCode.code !== byName.code) {
      notes.push(
        reason(
          'region_name_code_mismatch',
          { field: label(nameKey), list: `${shown(nameRaw)} ≠ ${shown(codeRaw)}` },
          nameKey,
        ),
      );
    }
    if (byCode.status === 'matched' || byName.status !== 'matched') {
      key = codeKey;
      match = byCode;
    }
  }
  const raw = key === codeKey ? codeRaw : nameRaw;
  const problems: RowFinding[] = [];
  if (match.status !== 'matched' && match.status !== 'empty')
    problems.push(regionProblem(match, key, shown(raw), ctx));
  return { key, text: shown(raw), match, notes, problems };
}

function regionProblem(match: RegionMatch, key: string, value: string, ctx: ValidationContext): RowFinding {
  const field = label(key);
  switch (match.status) {
    case 'ambiguous':
      return reason(
        'region_ambiguous',
        { field, value, list: match.candidates.map((c) => c.name).join(', ') },
        key,
      );
    case 'outside':
      return reason('region_outside_deployment', { field, value, name: ctx.deploymentName }, key);
    default:
      return reason('region_unknown', { field, value }, key);
  }
}

// A province or regency column must name the deployment's own province or regency.
function checkOuterRegion(
  mapped: MappedRow,
  level: 'province' | 'regency',
  ctx: ValidationContext,
  findings: RowFinding[],
): void {
  const raw = mapped[level] ?? null;
  if (cellText(raw) === null && typeof raw !== 'number') return;
  if (level === 'province' && !ctx.hasProvince) return;
  const m = ctx.regions.match(raw, { level });
  if (
    m.status === 'matched' &&
    (ctx.regions.inDeployment(m.code) || ctx.regions.deploymentCode.startsWith(`${m.code}.`))
  ) {
    return;
  }
  if (m.status === 'ambiguous') {
    findings.push(regionProblem(m, level, shown(raw), ctx));
    return;
  }
  findings.push(
    reason(
      'region_outside_deployment',
      { field: label(level), value: shown(raw), name: ctx.deploymentName },
      level,
    ),
  );
}

function parseVariable(
  def: FieldDef,
  raw: Cell,
): { value: number | boolean | null; problem?: 'invalid' | 'out_of_range' } {
  const variable = def.variable;
  if (!variable) return { value: null };
  if (variable.kind === 'boolean') return parseBoolean(raw);
  if (variable.kind === 'number') {
    const parsed = parseNumber(raw);
    if (parsed.value === null) return parsed;
    if (
      (variable.min !== undefined && parsed.value < variable.min) ||
      (variable.max !== undefined && parsed.value > variable.max)
    ) {
      return { value: null, problem: 'out_of_range' };
    }
    return parsed;
  }
  const codes = variable.codes ?? [];
  const parsed = parseCode(raw, codes);
  if (parsed.problem && variable.key === 'power_va') {
    // Installed power is often written in volt-amperes rather than as its code.
    const watts = parseNumber(raw).value;
    if (watts !== null) {
      const code =
        watts === 0
          ? 0
          : watts === 450
            ? 1
            : watts === 900
              ? 2
              : watts === 1300
                ? 3
                : watts === 2200
                  ? 4
                  : watts > 2200
                    ? 5
                    : null;
      if (code !== null) return { value: code };
    }
  }
  return parsed;
}

function readVariables(mapped: MappedRow, findings: RowFinding[]): HouseholdVariables {
  const variables: HouseholdVariables = {};
  for (const def of VARIABLE_FIELDS) {
    if (!(def.key in mapped)) continue;
    const raw = mapped[def.key] ?? null;
    const parsed = parseVariable(def, raw);
    variables[def.key] = parsed.value;
    if (!parsed.problem) continue;
    const variable = def.variable;
    const value = shown(raw);
    if (parsed.problem === 'out_of_range') {
      findings.push(
        reason(
          'number_out_of_range',
          { field: def.label, value, min: variable?.min, max: variable?.max },
          def.key,
        ),
      );
    } else if (variable?.kind === 'boolean') {
      findings.push(reason('boolean_invalid', { field: def.label, value }, def.key));
    } else if (variable?.kind === 'number') {
      findings.push(reason('number_invalid', { field: def.label, value }, def.key));
    } else {
      findings.push(reason('code_invalid', { field: def.label, value }, def.key));
    }
  }
  return variables;
}
