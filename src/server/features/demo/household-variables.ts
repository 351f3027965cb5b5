/**
 * Dwelling and asset variables of a demo household, drawn from its hidden wealth so that poorer
 * households tend to have wooden or earth floors, bamboo or board walls, 450/900 VA, firewood or
 * LPG 3 kg and shared or no toilets, and richer ones ceramic floors, masonry, cars and AC. Each
 * variable has its own noise, so a proxy-means test recovers welfare only approximately.
 */
import type { HouseholdVariables } from '../../../shared/dictionary/dictionary.ts';
import { inverseNormalCdf, sigmoid, type Rng } from './rng.ts';

export interface VariableContext {
  /** Household wealth on a roughly standard-normal scale (higher = richer). */
  wealth: number;
  coastal: boolean;
  size: number;
  headAge: number;
  /** Work code of the head (PERSON_CODES.work). */
  headWork: number;
  /** Christian households may keep pigs. */
  christian: boolean;
  /** Members attending school (computers, bicycles). */
  pupils: number;
  /** Every member is 60 or older. */
  elderlyOnly: boolean;
}

/** An ordered scale from poorest to richest category with the share of each in the demo city. */
interface OrdinalScale {
  codes: readonly number[];
  cuts: readonly number[];
}

function ordinal(codes: readonly number[], shares: readonly number[]): OrdinalScale {
  const total = shares.reduce((a, b) => a + b, 0);
  const cuts: number[] = [];
  let acc = 0;
  for (let i = 0; i < shares.length - 1; i += 1) {
    acc += (shares[i] ?? 0) / total;
    cuts.push(inverseNormalCdf(acc));
  }
  return { codes, cuts };
}

function drawOrdinal(scale: OrdinalScale, score: number): number {
  let index = 0;
  while (index < scale.cuts.length && score >= (scale.cuts[index] ?? Infinity)) index += 1;
  const code = scale.codes[index];
  if (code === undefined) throw new Error('ordinal scale out of range');
  return code;
}

// Orders and shares are illustrative for a Kalimantan coastal industrial city (Susenas-like).
const FLOOR = ordinal([8, 7, 5, 6, 4, 2, 3, 1], [0.012, 0.006, 0.2, 0.14, 0.08, 0.53, 0.017, 0.015]);
const WALL = ordinal([6, 4, 5, 3, 2, 1], [0.005, 0.006, 0.004, 0.28, 0.015, 0.69]);
const ROOF = ordinal([7, 6, 5, 3, 4, 2, 1], [0.005, 0.002, 0.02, 0.68, 0.1, 0.14, 0.053]);
const WATER = ordinal([9, 6, 10, 5, 4, 3, 2, 1], [0.005, 0.015, 0.01, 0.04, 0.08, 0.2, 0.55, 0.1]);
const TOILET = ordinal([4, 3, 2, 1], [0.02, 0.03, 0.08, 0.87]);
const TOILET_TYPE = ordinal([4, 3, 2, 1], [0.04, 0.02, 0.04, 0.9]);
const WASTEWATER = ordinal([5, 3, 4, 6, 1, 2], [0.01, 0.07, 0.08, 0.005, 0.83, 0.005]);
const LIGHTING = ordinal([4, 3, 2, 1], [0.002, 0.005, 0.04, 0.953]);
const POWER = ordinal([1, 2, 3, 4, 5], [0.14, 0.4, 0.3, 0.1, 0.06]);
const FUEL = ordinal([9, 8, 6, 3, 4, 2, 1], [0.012, 0.003, 0.005, 0.7, 0.12, 0.14, 0.02]);
const LAND_PROOF = ordinal([4, 3, 2, 1], [0.2, 0.15, 0.07, 0.58]);

/** A standardised noisy reading of wealth: loading on wealth plus independent noise. */
function score(rng: Rng, wealth: number, loading: number, noise: number, shift = 0): number {
  return (loading * wealth + noise * rng.normal()) / Math.sqrt(loading * loading + noise * noise) + shift;
}

/** All household variables of HOUSEHOLD_VARIABLES, drawn consistently with the household's wealth. */
export function drawHouseholdVariables(rng: Rng, ctx: VariableContext): HouseholdVariables {
  const w = ctx.wealth;
  const coastalShift = ctx.coastal ? -0.35 : 0;

  let tenure: number;
  const ownScore = 0.35 * w + 0.035 * (ctx.headAge - 40) + 0.9 * rng.normal();
  if ((ctx.headWork === 5 || ctx.headWork === 6) && rng.chance(0.2)) tenure = 4;
  else if (ctx.headWork === 4 && w > 0.8 && rng.chance(0.08))
    tenure = 4; // company housing (PKT, Badak LNG)
  else if (ownScore > -0.55) tenure = 1;
  else tenure = rng.weighted([2, 3, 5], [0.6, 0.35, 0.05]);

  const landProof = tenure === 1 ? drawOrdinal(LAND_PROOF, score(rng, w, 0.7, 0.7)) : 5;
  const floorArea = Math.round(
    Math.min(
      400,
      Math.max(9, Math.exp(Math.log(36) + 0.28 * w + 0.08 * (ctx.size - 3) + 0.3 * rng.normal())),
    ),
  );
  const toilet = drawOrdinal(TOILET, score(rng, w, 0.7, 0.7, coastalShift / 2));
  const toiletType = toilet === 4 ? null : drawOrdinal(TOILET_TYPE, score(rng, w, 0.6, 0.8));
  const wastewater =
    toilet === 4
      ? ctx.coastal
        ? 3
        : rng.pick([5, 4])
      : drawOrdinal(WASTEWATER, score(rng, w, 0.55, 0.8, coastalShift));
  const lighting = drawOrdinal(LIGHTING, score(rng, w, 0.6, 0.8));
  const power = lighting === 1 ? drawOrdinal(POWER, score(rng, w, 0.85, 0.5)) : 0;
  const fuel = ctx.size === 1 && rng.chance(0.06) ? 10 : drawOrdinal(FUEL, score(rng, w, 0.6, 0.8));

  const has = (intercept: number, slope: number): boolean => rng.chance(sigmoid(intercept + slope * w));
  const kids = Math.min(ctx.pupils, 3);
  const oldPenalty = ctx.elderlyOnly ? -1.5 : 0;
  const landElsewhere = has(-2, 0.6)
    ? Math.min(200_000, Math.round(Math.exp(Math.log(800) + rng.normal()) / 10) * 10)
    : 0;

  // Keys in HOUSEHOLD_VARIABLES order; the tests check that both lists stay identical.
  return {
    tenure,
    land_proof: landProof,
    floor_area_m2: floorArea,
    floor_material: drawOrdinal(FLOOR, score(rng, w, 0.75, 0.65, coastalShift)),
    wall_material: drawOrdinal(WALL, score(rng, w, 0.75, 0.65, coastalShift)),
    roof_material: drawOrdinal(ROOF, score(rng, w, 0.5, 0.85)),
    water_source: drawOrdinal(WATER, score(rng, w, 0.6, 0.8)),
    toilet_facility: toilet,
    toilet_type: toiletType,
    wastewater,
    lighting,
    power_va: power,
    cooking_fuel: fuel,
    asset_lpg55: fuel === 2 || has(-3, 1),
    asset_fridge: has(1.2, 1.4),
    asset_ac: has(-1.4, 1.6),
    asset_water_heater: has(-3, 1.5),
    asset_landline: has(-3.8, 1),
    asset_tv_flat: has(0.9, 1.2),
    asset_gold: has(-1.6, 1),
    asset_computer: has(-1.5 + 0.3 * kids, 1.4),
    asset_smartphone: has(2.6 + oldPenalty * 1.5, 1.2),
    asset_bicycle: has(-1.4 + 0.45 * kids, 0.3),
    asset_motorcycle: has(2 + oldPenalty, 1),
    asset_boat: ctx.coastal ? has(-2.3, -0.2) : has(-4.5, 0),
    asset_motorboat: ctx.coastal ? has(-2.6, -0.1) : has(-5, 0),
    asset_car: has(-2.2, 1.6),
    land_elsewhere_m2: landElsewhere,
    house_elsewhere: has(-2.8, 0.9),
    livestock_cattle: rng.chance(0.01) ? rng.int(1, 5) : 0,
    livestock_goats: rng.chance(0.02) ? rng.int(1, 10) : 0,
    livestock_pigs: ctx.christian && rng.chance(0.06) ? rng.int(1, 6) : 0,
    livestock_poultry: has(-1.8, -0.2) ? rng.int(2, 30) : 0,
  };
}
