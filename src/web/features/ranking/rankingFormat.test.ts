import { describe, expect, it } from 'vitest';
import {
  DEFAULT_CONFLICT_SEARCH,
  categoryColor,
  changeConflictSearch,
  conditionText,
  conflictQueryOf,
  factorBarWidth,
  featureSpecText,
  formatDecimal,
  formatPercentEffect,
  formatRupiah,
  formatShare,
  heatColor,
  heatTextIsLight,
  matrixAgreement,
  matrixMax,
  parseConflictSearch,
  parseJsonText,
  serializeConflictSearch,
} from './rankingFormat.ts';

// Intl may use a narrow no-break space between number and unit; compare on plain spaces.
const plain = (s: string) => s.replace(/[\u00a0\u202f]/g, ' ');

describe('money and numbers', () => {
  it('formats Rupiah with the language grouping and no decimals', () => {
    expect(plain(formatRupiah(1234567.4, 'id'))).toBe('Rp 1.234.567');
    expect(plain(formatRupiah(1234567.6, 'en'))).toBe('Rp 1,234,568');
    expect(plain(formatRupiah(-801945, 'id'))).toBe('−Rp 801.945');
    expect(plain(formatRupiah(-0.2, 'id'))).toBe('Rp 0');
  });

  it('formats percentage effects with a sign, one decimal below 10', () => {
    expect(plain(formatPercentEffect(12.34, 'id'))).toBe('+12 %');
    expect(plain(formatPercentEffect(-4.56, 'id'))).toBe('−4,6 %');
    expect(plain(formatPercentEffect(-4.56, 'en'))).toBe('−4.6 %');
    expect(plain(formatPercentEffect(0, 'en'))).toBe('+0 %');
  });

  it('formats shares and decimals', () => {
    expect(plain(formatShare(0.523, 'id'))).toBe('52,3 %');
    expect(formatDecimal(-0.38, 'id', 4)).toBe('−0,3800');
    expect(formatDecimal(0.06, 'en', 2)).toBe('0.06');
    expect(formatDecimal(-0.00001, 'en', 3)).toBe('0.000');
  });
});

describe('bars and heat map', () => {
  it('scales a bar to the largest effect, with a visible minimum and a cap', () => {
    expect(factorBarWidth(-0.2, 0.4)).toBe(50);
    expect(factorBarWidth(0.4, -0.4)).toBe(100);
    expect(factorBarWidth(0.8, 0.4)).toBe(100);
    expect(factorBarWidth(0.0001, 0.4)).toBe(2);
    expect(factorBarWidth(0.1, 0)).toBe(0);
    expect(factorBarWidth(Number.NaN, 1)).toBe(0);
  });

  it('colours cells by count, empty cells transparent', () => {
    expect(heatColor(0, 10)).toBe('transparent');
    expect(heatColor(5, 0)).toBe('transparent');
    expect(heatColor(10, 10)).toBe('rgba(12, 166, 120, 0.800)');
    const low = Number(/([\d.]+)\)$/.exec(heatColor(1, 100))?.[1]);
    const high = Number(/([\d.]+)\)$/.exec(heatColor(50, 100))?.[1]);
    expect(low).toBeLessThan(high);
    expect(heatTextIsLight(100, 100)).toBe(true);
    expect(heatTextIsLight(1, 100)).toBe(false);
  });

  it('counts the diagonal and the near-diagonal of a matrix', () => {
    const m = [
      [5, 1, 2],
      [0, 3, 1],
      [4, 0, 6],
    ];
    expect(matrixMax(m)).toBe(6);
    expect(matrixMax([])).toBe(0);
    expect(matrixAgreement(m)).toEqual({ total: 22, same: 14, withinOne: 16 });
  });

  it('maps categories to colours', () => {
    expect(categoryColor('miskin_desil')).toBe('red');
    expect(categoryColor('bantuan_lain')).toBe('orange');
    expect(categoryColor('tidak_layak')).toBe('gray');
  });
});

describe('conflicts search in the URL', () => {
  const parents: Record<string, string> = { '64.74.01.1003': '64.74.01', '64.74.02.1001': '64.74.02' };
  const parentOf = (v: string) => parents[v] ?? null;

  it('reads valid values and drops invalid ones', () => {
    const s = parseConflictSearch(
      new URLSearchParams('type=owns_car&villageCode=64.74.01.1003&page=3&pageSize=50'),
    );
    expect(s).toEqual({
      type: 'owns_car',
      districtCode: '',
      villageCode: '64.74.01.1003',
      page: 3,
      pageSize: 50,
    });
    const bad = parseConflictSearch(new URLSearchParams('type=nope&page=-2&pageSize=7'));
    expect(bad).toEqual(DEFAULT_CONFLICT_SEARCH);
  });

  it('round-trips through the URL, leaving defaults out', () => {
    expect(serializeConflictSearch(DEFAULT_CONFLICT_SEARCH).toString()).toBe('');
    const s = { ...DEFAULT_CONFLICT_SEARCH, type: 'desil_gap' as const, page: 2 };
    expect(parseConflictSearch(serializeConflictSearch(s))).toEqual(s);
  });

  it('returns to page 1 on a filter change and keeps kecamatan and kelurahan consistent', () => {
    const s = { ...DEFAULT_CONFLICT_SEARCH, page: 4 };
    expect(changeConflictSearch(s, { type: 'owns_car' }, parentOf).page).toBe(1);
    expect(changeConflictSearch(s, { page: 5 }, parentOf).page).toBe(5);
    const v = changeConflictSearch(s, { villageCode: '64.74.01.1003' }, parentOf);
    expect(v.districtCode).toBe('64.74.01');
    expect(changeConflictSearch(v, { districtCode: '64.74.02' }, parentOf).villageCode).toBe('');
    expect(changeConflictSearch(v, { districtCode: '64.74.01' }, parentOf).villageCode).toBe('64.74.01.1003');
  });

  it('builds the API query without empty filters', () => {
    expect(conflictQueryOf(DEFAULT_CONFLICT_SEARCH)).toEqual({
      type: undefined,
      districtCode: undefined,
      villageCode: undefined,
      page: 1,
      pageSize: 25,
    });
  });
});

describe('model and rule text', () => {
  it('parses JSON or reports why not', () => {
    expect(parseJsonText(' {"a": 1} ')).toEqual({ ok: true, value: { a: 1 } });
    expect(parseJsonText('   ')).toEqual({ ok: false, error: 'empty' });
    const bad = parseJsonText('{"a": }');
    expect(bad.ok).toBe(false);
  });

  it('writes rule conditions as compact formulas', () => {
    expect(conditionText({ any_member: { field: 'work', op: 'in', value: [5, 6] } })).toBe(
      'any_member(work ∈ [5, 6])',
    );
    expect(conditionText({ var: 'asset_car', op: 'eq', value: true })).toBe('asset_car = true');
    expect(
      conditionText({
        all: [
          { var: 'floor_material', op: 'eq', value: 8 },
          { not: { var: 'power_va', op: 'gte', value: 3 } },
        ],
      }),
    ).toBe('(floor_material = 8 AND NOT power_va ≥ 3)');
    expect(conditionText({ any: [{ var: 'official_desil', op: 'is_null' }] })).toBe(
      'official_desil kosong / empty',
    );
    expect(
      conditionText({ count_members: { where: { field: 'age', op: 'lt', value: 15 }, op: 'gte', value: 3 } }),
    ).toBe('count_members(age < 15) ≥ 3');
    expect(conditionText({ no_member: { field: 'work', op: 'in', value: [5] } })).toBe(
      'no_member(work ∈ [5])',
    );
    expect(conditionText({ weird: 1 })).toBe('{"weird":1}');
  });

  it('lists a feature spec without its name and kind', () => {
    expect(
      featureSpecText({ name: 'head_edu_smp', kind: 'head_code_in', field: 'education', codes: [2] }),
    ).toBe('field=education, codes=[2]');
    expect(featureSpecText({ name: 'x', kind: 'household_size' })).toBe('');
  });
});
