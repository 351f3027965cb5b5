import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { household, member } from '../pmt/test-fixtures.ts';
import type { ScoringInput } from '../pmt/types.ts';
import { detectConflicts } from './conflicts.ts';
import { compileRuleSet, evaluateCriteria, type CriteriaInput } from './evaluate.ts';
import { checkCondition, parseCriteriaRuleSet, validateCriteriaRuleSet } from './rules.ts';

const text = readFileSync(
  new URL('../../../../../models/criteria/bontang-illustrative-v1.json', import.meta.url),
  'utf8',
);
const ruleSet = parseCriteriaRuleSet(text);
const compiled = compileRuleSet(ruleSet);
const AS_OF = '2026-11-27';

function withDesil(
  input: ScoringInput,
  officialDesil: number | null,
  estimatedDesil: number | null,
): CriteriaInput {
  return { ...input, officialDesil, estimatedDesil };
}

const worker = (over = {}) =>
  member({ relationship: 1, birthDate: '1980-01-01', work: 7, healthInsurance: 1, ...over });
const fired = (r: { firedRules: { id: string }[] }): string[] => r.firedRules.map((x) => x.id);

describe('evaluateCriteria on the illustrative Bontang rule set', () => {
  it('miskin_desil: official desil 2, nothing excluding', () => {
    const r = evaluateCriteria(
      compiled,
      withDesil(household({ floor_material: 6, power_va: 1 }, [worker()]), 2, 3),
      {
        asOf: AS_OF,
      },
    );
    expect(r.category).toBe('miskin_desil');
    expect(r.reasons[0]?.id).toBe('Desil resmi Kemensos 2 (desil 1–4) dan tidak ada kriteria pengecualian');
    expect(r.programs).toEqual([]);
  });

  it('tidak_layak: official desil 3 but a member is ASN and the house has 1,300 VA', () => {
    const input = household({ power_va: 3 }, [worker(), member({ relationship: 2, sex: 2, work: 5 })]);
    const r = evaluateCriteria(compiled, withDesil(input, 3, 5), { asOf: AS_OF });
    expect(r.category).toBe('tidak_layak');
    expect(fired(r)).toEqual(expect.arrayContaining(['member_asn_tni_polri', 'power_above_900va']));
    expect(r.reasons.map((x) => x.en)).toContain(
      'Excluded: A family member is a civil servant, soldier or police officer',
    );
  });

  it('bantuan_lain: desil 6 but earth floor and an elderly woman living alone', () => {
    const input = household({ floor_material: 8, power_va: 1 }, [
      member({ relationship: 1, sex: 2, birthDate: '1950-03-03', work: 0, healthInsurance: 0 }),
    ]);
    const r = evaluateCriteria(compiled, withDesil(input, 6, 3), { asOf: AS_OF });
    expect(r.category).toBe('bantuan_lain');
    expect(fired(r)).toEqual(
      expect.arrayContaining([
        'earth_floor',
        'elderly_alone',
        'no_fixed_income',
        'member_without_health_insurance',
      ]),
    );
    expect(r.programs.sort()).toEqual(['APBD', 'BAZNAS', 'TJSL']);
    expect(r.reasons.map((x) => x.id)).toContain('Kriteria: Lantai rumah tanah');
    expect(r.reasons.map((x) => x.id)).toContain(
      'Catatan: Perkiraan lokal desil 1–4 tetapi tidak di desil resmi 1–4: calon usulan ke DTSEN',
    );
  });

  it('tidak_layak: desil 8, a salaried household in a sound house', () => {
    const input = household(
      { floor_material: 2, wall_material: 1, toilet_facility: 1, lighting: 1, power_va: 2 },
      [worker({ work: 4 })],
    );
    const r = evaluateCriteria(compiled, withDesil(input, 8, 8), { asOf: AS_OF });
    expect(r.category).toBe('tidak_layak');
    expect(fired(r)).toEqual(['private_employee_member']);
    expect(r.reasons[0]?.en).toBe('Not in desil 1–4 (official desil 8) and meets no local criterion');
  });

  it('a child of 12 out of school fires the age-bounded member rule; one of 18 does not', () => {
    const base = [worker({ work: 4 })];
    const child = (birthDate: string) =>
      household({ power_va: 2 }, [...base, member({ relationship: 3, birthDate, schooling: 2 })]);
    expect(
      fired(evaluateCriteria(compiled, withDesil(child('2014-06-01'), 7, 7), { asOf: AS_OF })),
    ).toContain('child_out_of_school');
    expect(
      fired(evaluateCriteria(compiled, withDesil(child('2008-06-01'), 7, 7), { asOf: AS_OF })),
    ).not.toContain('child_out_of_school');
  });

  it('ignores members who died or moved away', () => {
    const input = household({ power_va: 2 }, [
      member({ relationship: 1, sex: 2, birthDate: '1950-01-01', work: 0, healthInsurance: 1 }),
      member({ relationship: 2, birthDate: '1948-01-01', work: 5, status: 2 }),
    ]);
    const r = evaluateCriteria(compiled, withDesil(input, 3, 3), { asOf: AS_OF });
    expect(r.category).toBe('miskin_desil');
    expect(fired(r)).toContain('elderly_alone');
  });

  it('null variables make comparisons false (no earth floor claimed when the floor is unknown)', () => {
    const input = household({ floor_material: null }, [worker({ work: 4 })]);
    expect(fired(evaluateCriteria(ruleSet, withDesil(input, null, null), { asOf: AS_OF }))).not.toContain(
      'earth_floor',
    );
  });

  it('skips disabled rules', () => {
    const off = {
      ...ruleSet,
      rules: ruleSet.rules.map((r) => (r.id === 'owns_car' ? { ...r, enabled: false } : r)),
    };
    const input = household({ asset_car: true, power_va: 2 }, [worker({ work: 4 })]);
    expect(evaluateCriteria(off, withDesil(input, 2, 2), { asOf: AS_OF }).category).toBe('miskin_desil');
    expect(evaluateCriteria(ruleSet, withDesil(input, 2, 2), { asOf: AS_OF }).category).toBe('tidak_layak');
  });

  it('counts members with count_members', () => {
    const rs = parseCriteriaRuleSet(
      JSON.stringify({
        ...JSON.parse(text),
        rules: [
          {
            id: 'many_children',
            label: { id: 'Anak banyak', en: 'Many children' },
            condition: {
              count_members: { where: { field: 'age', op: 'lt', value: 15 }, op: 'gte', value: 3 },
            },
            effect: { type: 'include_other_help', programs: ['BAZNAS'] },
          },
        ],
      }),
    );
    const kids = (n: number) =>
      household({}, [
        worker(),
        ...Array.from({ length: n }, () => member({ relationship: 3, birthDate: '2018-01-01' })),
      ]);
    expect(evaluateCriteria(rs, withDesil(kids(3), 7, 7), { asOf: AS_OF }).category).toBe('bantuan_lain');
    expect(evaluateCriteria(rs, withDesil(kids(2), 7, 7), { asOf: AS_OF }).category).toBe('tidak_layak');
  });
});

describe('rule set validation', () => {
  it('gives one precise message per mistake', () => {
    expect(checkCondition({ all: [{ var: 'floor_material', op: 'eqq', value: 8 }] })).toEqual([
      'condition.all.0.op: unknown operator "eqq" (use eq, ne, in, not_in, lt, lte, gt, gte, is_null, not_null)',
    ]);
    expect(checkCondition({ var: 'lantai', op: 'eq', value: 8 })).toEqual([
      'condition.var: unknown variable "lantai"',
    ]);
    expect(checkCondition({ any_member: { field: 'salary', op: 'gt', value: 1 } })[0]).toMatch(
      /unknown member field "salary"/,
    );
    expect(checkCondition({ var: 'power_va', op: 'in', value: 3 })).toEqual([
      'condition.value: in needs a non-empty list of numbers',
    ]);
    expect(checkCondition({ no_member: { field: 'work', op: 'eq', value: 5 } })).toEqual([]);
  });

  it('reports condition problems by rule path and rejects duplicate ids', () => {
    const bad = JSON.parse(text) as { rules: Record<string, unknown>[] };
    bad.rules[1] = { ...bad.rules[1], condition: { foo: 1 } };
    bad.rules.push({ ...bad.rules[0] });
    const result = validateCriteriaRuleSet(bad);
    expect(result.ok).toBe(false);
    const issues = result.ok ? '' : result.issues.join('\n');
    expect(issues).toContain(
      'rules.1.condition: expected all, any, not, var, no_member, any_member or count_members',
    );
    expect(issues).toContain('duplicate rule member_asn_tni_polri');
  });
});

describe('detectConflicts', () => {
  const clean = household({ power_va: 2, asset_car: false }, [worker()]);

  it('reports a desil gap of two or more in either direction', () => {
    expect(detectConflicts({ officialDesil: 1, estimatedDesil: 3, input: clean }).map((c) => c.code)).toEqual(
      ['desil_gap'],
    );
    expect(detectConflicts({ officialDesil: 6, estimatedDesil: 4, input: clean })[0]?.message.id).toBe(
      'Desil resmi 6 dan perkiraan lokal desil 4 berselisih 2 desil',
    );
    expect(detectConflicts({ officialDesil: 2, estimatedDesil: 3, input: clean })).toEqual([]);
    expect(detectConflicts({ officialDesil: null, estimatedDesil: 9, input: clean })).toEqual([]);
  });

  it('reports exclusion flags only within official desil 1–4', () => {
    const flagged = household({ power_va: 3, asset_car: true }, [
      worker(),
      member({ relationship: 3, work: 6 }),
    ]);
    const within = detectConflicts({ officialDesil: 4, estimatedDesil: 4, input: flagged }).map(
      (c) => c.code,
    );
    expect(within).toEqual(['asn_tni_polri_member', 'owns_car', 'non_subsidised_power']);
    expect(detectConflicts({ officialDesil: 5, estimatedDesil: 5, input: flagged })).toEqual([]);
  });

  it('does not count an ASN member who has moved away, nor 900 VA', () => {
    const moved = household({ power_va: 2 }, [worker(), member({ relationship: 3, work: 5, status: 3 })]);
    expect(detectConflicts({ officialDesil: 1, estimatedDesil: 1, input: moved })).toEqual([]);
  });
});
