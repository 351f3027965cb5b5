/**
 * Calibration and accuracy through the command line's functions, on a seeded demo city whose hidden
 * expenditure is known: a survey from another demo city (another seed) calibrates the model, and the
 * loaded city judges it.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSeededApp, type SeededApp } from '../../../../test/helpers/seed.ts';
import { accuracyCommand, calibrateCommand, exportDemoSurvey } from '../../../cli/commands/pmt.ts';
import { generateDemoCity, truthToCsv } from '../demo/index.ts';
import { parsePmtModel } from './pmt/index.ts';
import { measureAccuracy, TRUTH_FILE } from './scoring.service.ts';

const HOUSEHOLDS = 600;
const SEED = 7;

let s: SeededApp;
let dir: string;
/** Households in the seeded city: the families asked for plus the demo's duplicate family cards. */
let cityHouseholds = 0;

beforeAll(async () => {
  s = await createSeededApp({ households: HOUSEHOLDS, seed: SEED });
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tepat-pmt-'));
  // The same generator call as the seeded city: its hidden expenditure is the truth to judge against.
  const city = generateDemoCity({ households: HOUSEHOLDS, seed: SEED, regionCode: s.config.regionCode });
  cityHouseholds = city.households.length;
  fs.mkdirSync(path.join(dir, 'truth'));
  fs.writeFileSync(path.join(dir, 'truth', TRUTH_FILE), truthToCsv(city).expenditure);
  fs.writeFileSync(path.join(dir, 'survey.csv'), exportDemoSurvey({ households: 3000, seed: 99 }));
});
afterAll(async () => {
  await s?.close();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

describe('tepat pmt calibrate', () => {
  it('fits a better ranking on a demo survey, stores it as a new version and writes the file', async () => {
    const defaultModel = await measureAccuracy(s.handle.db, { truthDir: path.join(dir, 'truth') });
    expect(defaultModel.report.n).toBe(cityHouseholds);

    const result = await calibrateCommand(s.handle.db, {
      survey: path.join(dir, 'survey.csv'),
      out: path.join(dir, 'models'),
    });
    expect(result.households).toBe(3000);
    expect(result.model.version).toBe(2);
    expect(result.report.after.spearman).toBeGreaterThan(result.report.before.spearman);
    expect(result.report.after.r2).toBeGreaterThan(result.report.before.r2);
    expect(result.activated).toBe(false);

    const stored = await sql<{ version: number; active: boolean; note: string }>`
      SELECT version, active, note FROM pmt_model WHERE id = ${result.modelId}`.execute(s.handle.db);
    expect(stored.rows[0]).toMatchObject({ version: 2, active: false });
    expect(stored.rows[0]?.note).toContain('survey.csv');
    if (!result.file) throw new Error('no model file written');
    const written = parsePmtModel(fs.readFileSync(result.file, 'utf8'));
    expect(written.calibration?.n).toBe(3000);
    expect(written.basedOn).toEqual({ id: 'default', version: 1 });

    // Judged on the loaded city (another seed than the survey): the calibrated ranking is closer to the truth.
    const calibrated = await measureAccuracy(s.handle.db, {
      truthDir: path.join(dir, 'truth'),
      modelId: result.modelId,
    });
    expect(calibrated.report.spearman).toBeGreaterThan(defaultModel.report.spearman);
    expect(calibrated.report.r2).toBeGreaterThan(defaultModel.report.r2);
  });

  it('reports accuracy for every stored version', async () => {
    const all = await accuracyCommand(s.handle.db, { truthDir: path.join(dir, 'truth'), all: true });
    expect(all.map((r) => r.model.version).sort()).toEqual([1, 2]);
    for (const r of all) {
      expect(r.report.n).toBe(cityHouseholds);
      expect(r.report.regional.inclusionError).toBeGreaterThanOrEqual(0);
      expect(r.report.regional.inclusionError).toBeLessThan(1);
    }
  });

  it('refuses a survey without usable households, in both languages', async () => {
    const bad = path.join(dir, 'bad.csv');
    fs.writeFileSync(bad, 'household_id,per_capita_expenditure\n1,0\n');
    await expect(calibrateCommand(s.handle.db, { survey: bad })).rejects.toMatchObject({
      code: 'invalid_survey',
      messages: { id: expect.stringContaining('Survei'), en: expect.stringContaining('survey') },
    });
  });
});
