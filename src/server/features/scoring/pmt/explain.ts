/**
 * Plain-language explanation of a PMT score, in Bahasa Indonesia and English, fit to show a citizen:
 * which facts pushed the estimate up or down and by how much, where the desil boundaries are, and the
 * full arithmetic so that anyone can redo it with a calculator.
 */
import { DESIL_LABELS, findVariable } from '../../../../shared/dictionary/dictionary.ts';
import { displayValue } from './features.ts';
import type { FeatureSpec, PmtModel } from './model.ts';
import { scoreHousehold, type CompiledModel, type ScoreOptions } from './score.ts';
import type { Bilingual, Contribution, HouseholdScoreDetail, ScoringInput } from './types.ts';

export interface ExplainedFactor {
  feature: string;
  label: Bilingual;
  /** Log points added to ln(per-capita expenditure). */
  contribution: number;
  /** Effect on the estimate in percent: (e^contribution − 1) × 100. */
  percent: number;
  direction: 'up' | 'down';
  missing: boolean;
  text: Bilingual;
}

export interface DesilPosition {
  desil: number;
  mode: 'national' | 'regional';
  /** Lowest per-capita expenditure of this desil (null for desil 1). */
  lowerBound: number | null;
  /** Expenditure from which the next desil starts (null for desil 10). */
  upperBound: number | null;
  /** Rp above the lower bound and below the upper bound. */
  aboveLower: number | null;
  belowUpper: number | null;
  text: Bilingual;
}

export interface ArithmeticTerm {
  feature: string;
  label: Bilingual;
  coefficient: number;
  value: number;
  reference: number;
  contribution: number;
}

export interface Explanation {
  householdId: number;
  model: { id: string; version: number; illustrative: boolean };
  desil: number;
  predictedPce: number;
  logPce: number;
  summary: Bilingual;
  factorsUp: ExplainedFactor[];
  factorsDown: ExplainedFactor[];
  /** Every factor with an effect, largest first. */
  factors: ExplainedFactor[];
  desilPosition: DesilPosition;
  arithmetic: { baseline: number; intercept: number; terms: ArithmeticTerm[]; text: Bilingual };
  /** Notes for the reader: an illustrative model, data that was missing. */
  notes: Bilingual[];
}

export interface ExplainOptions extends ScoreOptions {
  /** How many factors up and down the summary names. Default 3. */
  top?: number;
  /** Which cut-points the desil came from, for the wording. Default national (or regional if `cutPoints` given). */
  mode?: 'national' | 'regional';
}

/** Effects smaller than this (in log points, ≈ 0.05 %) are not worth a sentence. */
const NEGLIGIBLE = 0.0005;

const formatters = {
  id: {
    int: new Intl.NumberFormat('id-ID', { maximumFractionDigits: 0 }),
    one: new Intl.NumberFormat('id-ID', { maximumFractionDigits: 1 }),
    four: new Intl.NumberFormat('id-ID', { minimumFractionDigits: 4, maximumFractionDigits: 4 }),
  },
  en: {
    int: new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 }),
    one: new Intl.NumberFormat('en-US', { maximumFractionDigits: 1 }),
    four: new Intl.NumberFormat('en-US', { minimumFractionDigits: 4, maximumFractionDigits: 4 }),
  },
};
type Lang = keyof typeof formatters;

/** Rupiah in each language's digit grouping: `Rp 1.234.567` / `Rp 1,234,567`. */
export function formatRupiah(value: number, lang: Lang): string {
  return `Rp ${formatters[lang].int.format(Math.round(value))}`;
}

function formatPercent(percent: number, lang: Lang): string {
  const abs = Math.abs(percent);
  return `${abs >= 10 ? formatters[lang].int.format(abs) : formatters[lang].one.format(abs)} %`;
}

function signed(value: number, lang: Lang): string {
  return `${value < 0 ? '−' : '+'} ${formatters[lang].four.format(Math.abs(value))}`;
}

/** Four decimals with a true minus sign, as in the rest of the arithmetic. */
function four(value: number, lang: Lang): string {
  return `${value < 0 ? '−' : ''}${formatters[lang].four.format(Math.abs(value))}`;
}

/** Lower-case a label's first letter for use mid-sentence, unless it starts an acronym (AC, ASN). */
function midSentence(label: string): string {
  const second = label.charAt(1);
  return second && second === second.toLowerCase()
    ? `${label.charAt(0).toLowerCase()}${label.slice(1)}`
    : label;
}

function unitWords(spec: FeatureSpec): { id: string; en: string } {
  if ('variable' in spec) {
    const unit = findVariable(spec.variable)?.unit;
    if (unit === 'ekor') return { id: 'ekor', en: 'head' };
  }
  return { id: 'orang', en: 'persons' };
}

/** The household's value of a feature in words, or null for yes/no features (the label says it all). */
function valueWords(spec: FeatureSpec, value: number, reference: number): Bilingual | null {
  const shown = displayValue(spec, value);
  const ref = displayValue(spec, reference);
  const showRef = reference !== 0;
  const f = formatters;
  switch (shown.unit) {
    case 'flag':
      return null;
    case 'count': {
      const u = unitWords(spec);
      return {
        id: `${f.id.one.format(shown.value)} ${u.id}${showRef ? `, acuan ${f.id.one.format(ref.value)}` : ''}`,
        en: `${f.en.one.format(shown.value)} ${u.en}${showRef ? `, reference ${f.en.one.format(ref.value)}` : ''}`,
      };
    }
    case 'm2': {
      const perPerson = spec.kind === 'log_variable_per_capita';
      return {
        id: `${f.id.one.format(shown.value)} m²${perPerson ? ' per orang' : ''}${showRef ? `, acuan ${f.id.one.format(ref.value)} m²` : ''}`,
        en: `${f.en.one.format(shown.value)} m²${perPerson ? ' per person' : ''}${showRef ? `, reference ${f.en.one.format(ref.value)} m²` : ''}`,
      };
    }
    case 'share':
      return {
        id: `${f.id.int.format(shown.value * 100)} % anggota`,
        en: `${f.en.int.format(shown.value * 100)} % of members`,
      };
    default:
      return { id: f.id.one.format(shown.value), en: f.en.one.format(shown.value) };
  }
}

function explainFactor(spec: FeatureSpec, c: Contribution): ExplainedFactor {
  const percent = (Math.exp(c.contribution) - 1) * 100;
  const up = c.contribution > 0;
  const words = valueWords(spec, c.value, c.reference);
  const subjectId = words ? `${c.label.id} (${words.id})` : c.label.id;
  const subjectEn = words ? `${c.label.en} (${words.en})` : c.label.en;
  const missingId = c.missing ? ' [data tidak ada, dipakai nilai pengganti]' : '';
  const missingEn = c.missing ? ' [data missing, a substitute value was used]' : '';
  return {
    feature: c.feature,
    label: c.label,
    contribution: c.contribution,
    percent,
    direction: up ? 'up' : 'down',
    missing: c.missing,
    text: {
      id: `${subjectId} ${up ? 'menaikkan' : 'menurunkan'} perkiraan pengeluaran sebesar ${formatPercent(percent, 'id')}${missingId}`,
      en: `${subjectEn}: ${up ? 'raises' : 'lowers'} the estimated expenditure by ${formatPercent(percent, 'en')}${missingEn}`,
    },
  };
}

function desilName(desil: number, lang: Lang): string {
  const label = DESIL_LABELS[desil];
  return label ? ` (${label[lang]})` : '';
}

function describePosition(
  pce: number,
  desil: number,
  thresholds: readonly number[],
  mode: 'national' | 'regional',
): DesilPosition {
  const lower = desil >= 2 ? (thresholds[desil - 2] ?? null) : null;
  const upper = desil <= 9 ? (thresholds[desil - 1] ?? null) : null;
  const aboveLower = lower === null ? null : pce - lower;
  const belowUpper = upper === null ? null : upper - pce;
  const scope = {
    id: mode === 'national' ? 'batas nasional' : 'batas wilayah ini',
    en: mode === 'national' ? 'national cut-points' : 'this region’s cut-points',
  };
  const r = formatRupiah;
  const range = {
    id:
      lower === null
        ? `di bawah ${r(upper ?? 0, 'id')}`
        : upper === null
          ? `${r(lower, 'id')} ke atas`
          : `${r(lower, 'id')} sampai di bawah ${r(upper, 'id')}`,
    en:
      lower === null
        ? `below ${r(upper ?? 0, 'en')}`
        : upper === null
          ? `${r(lower, 'en')} and above`
          : `${r(lower, 'en')} to below ${r(upper, 'en')}`,
  };
  const partsId: string[] = [];
  const partsEn: string[] = [];
  if (aboveLower !== null) {
    partsId.push(`${r(aboveLower, 'id')} di atas batas desil ${desil - 1}|${desil}`);
    partsEn.push(`${r(aboveLower, 'en')} above the desil ${desil - 1}|${desil} cut-point`);
  }
  if (belowUpper !== null) {
    partsId.push(`${r(belowUpper, 'id')} di bawah batas desil ${desil}|${desil + 1}`);
    partsEn.push(`${r(belowUpper, 'en')} below the desil ${desil}|${desil + 1} cut-point`);
  }
  return {
    desil,
    mode,
    lowerBound: lower,
    upperBound: upper,
    aboveLower,
    belowUpper,
    text: {
      id: `Menurut ${scope.id}, desil ${desil} berlaku untuk pengeluaran ${range.id} per orang per bulan. Perkiraan keluarga ini ${partsId.join(' dan ')}.`,
      en: `By ${scope.en}, desil ${desil} covers ${range.en} per person per month. This household’s estimate is ${partsEn.join(' and ')}.`,
    },
  };
}

function list(items: ExplainedFactor[], lang: Lang): string {
  return items
    .map(
      (x) => `${midSentence(x.label[lang])} (${x.percent >= 0 ? '+' : '−'}${formatPercent(x.percent, lang)})`,
    )
    .join(', ');
}

/** Explain a household's score (computing it when `score` is not given). */
export function explainScore(
  model: PmtModel | CompiledModel,
  input: ScoringInput,
  options: ExplainOptions = {},
  score?: HouseholdScoreDetail,
): Explanation {
  const m = 'compiled' in model ? model.model : model;
  const detail = score ?? scoreHousehold(model, input, options);
  const mode = options.mode ?? (options.cutPoints ? 'regional' : 'national');
  const thresholds = options.cutPoints ?? m.cutPoints.national;
  const top = options.top ?? 3;
  const specs = new Map(m.features.map((f) => [f.spec.name, f.spec]));

  const factors = detail.contributions
    .filter((c) => Math.abs(c.contribution) >= NEGLIGIBLE)
    .sort((a, b) => Math.abs(b.contribution) - Math.abs(a.contribution))
    .flatMap((c) => {
      const spec = specs.get(c.feature);
      return spec ? [explainFactor(spec, c)] : [];
    });
  const factorsUp = factors.filter((f) => f.direction === 'up').slice(0, top);
  const factorsDown = factors.filter((f) => f.direction === 'down').slice(0, top);
  const position = describePosition(detail.predictedPce, detail.desil, thresholds, mode);

  const summary: Bilingual = {
    id:
      `Perkiraan pengeluaran keluarga ini ${formatRupiah(detail.predictedPce, 'id')} per orang per bulan, ` +
      `masuk desil ${detail.desil}${desilName(detail.desil, 'id')} menurut ${mode === 'national' ? 'batas nasional' : 'peringkat wilayah ini'}. ` +
      `Keluarga acuan diperkirakan ${formatRupiah(Math.exp(detail.baseline), 'id')}.` +
      (factorsDown.length ? ` Yang paling menurunkan: ${list(factorsDown, 'id')}.` : '') +
      (factorsUp.length ? ` Yang paling menaikkan: ${list(factorsUp, 'id')}.` : ''),
    en:
      `This household’s estimated expenditure is ${formatRupiah(detail.predictedPce, 'en')} per person per month, ` +
      `desil ${detail.desil}${desilName(detail.desil, 'en')} by ${mode === 'national' ? 'national cut-points' : 'ranking within this region'}. ` +
      `The reference household is estimated at ${formatRupiah(Math.exp(detail.baseline), 'en')}.` +
      (factorsDown.length ? ` Lowered most by: ${list(factorsDown, 'en')}.` : '') +
      (factorsUp.length ? ` Raised most by: ${list(factorsUp, 'en')}.` : ''),
  };

  const terms: ArithmeticTerm[] = detail.contributions
    .filter((c) => c.contribution !== 0)
    .map((c) => ({
      feature: c.feature,
      label: c.label,
      coefficient: c.coefficient,
      value: c.value,
      reference: c.reference,
      contribution: c.contribution,
    }));
  const arithmeticText = (lang: Lang): string => {
    const f4 = formatters[lang].four;
    const lines = [
      lang === 'id'
        ? `Model ${m.id} versi ${m.version}${m.illustrative ? ' (ilustratif)' : ''}.`
        : `Model ${m.id} version ${m.version}${m.illustrative ? ' (illustrative)' : ''}.`,
      lang === 'id'
        ? `Nilai dasar (keluarga acuan) = konstanta ${f4.format(m.intercept)} + Σ koefisien × nilai acuan = ${f4.format(detail.baseline)} (${formatRupiah(Math.exp(detail.baseline), 'id')}).`
        : `Baseline (reference household) = intercept ${f4.format(m.intercept)} + Σ coefficient × reference = ${f4.format(detail.baseline)} (${formatRupiah(Math.exp(detail.baseline), 'en')}).`,
      ...terms.map(
        (t) =>
          `${t.label[lang]}: ${four(t.coefficient, lang)} × (${four(t.value, lang)} − ${four(t.reference, lang)}) = ${signed(t.contribution, lang)}`,
      ),
      `ln(${lang === 'id' ? 'pengeluaran' : 'expenditure'}) = ${f4.format(detail.baseline)} ${terms.map((t) => signed(t.contribution, lang)).join(' ')} = ${f4.format(detail.logPce)}`,
      `${lang === 'id' ? 'Perkiraan pengeluaran' : 'Estimated expenditure'} = e^${f4.format(detail.logPce)} = ${formatRupiah(detail.predictedPce, lang)} ${lang === 'id' ? 'per orang per bulan' : 'per person per month'} → desil ${detail.desil}.`,
    ];
    return lines.join('\n');
  };

  const notes: Bilingual[] = [];
  if (m.illustrative)
    notes.push({
      id: 'Model ini ilustratif: bobotnya bukan bobot resmi BPS. Desil resmi tetap desil dari Kemensos.',
      en: 'This model is illustrative: its weights are not the official BPS weights. The official desil remains the one from Kemensos.',
    });
  const missing = new Map<string, Bilingual>();
  for (const c of detail.contributions) {
    if (!c.missing) continue;
    const spec = specs.get(c.feature);
    // Several features can read one variable (roof: poor, concrete): name the variable once.
    const variable = spec && 'variable' in spec ? findVariable(spec.variable) : undefined;
    missing.set(variable?.key ?? c.feature, variable?.label ?? c.label);
  }
  if (missing.size)
    notes.push({
      id: `Data tidak ada untuk: ${[...missing.values()].map((l) => l.id).join('; ')}. Dipakai nilai pengganti dari model (biasanya nilai acuan, sehingga tidak menaikkan atau menurunkan perkiraan).`,
      en: `Data missing for: ${[...missing.values()].map((l) => l.en).join('; ')}. The model's substitute value was used (usually the reference, so it neither raises nor lowers the estimate).`,
    });

  return {
    householdId: detail.householdId,
    model: { id: m.id, version: m.version, illustrative: m.illustrative },
    desil: detail.desil,
    predictedPce: detail.predictedPce,
    logPce: detail.logPce,
    summary,
    factorsUp,
    factorsDown,
    factors,
    desilPosition: position,
    arithmetic: {
      baseline: detail.baseline,
      intercept: m.intercept,
      terms,
      text: { id: arithmeticText('id'), en: arithmeticText('en') },
    },
    notes,
  };
}
