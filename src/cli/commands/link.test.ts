import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Command } from 'commander';
import { afterAll, describe, expect, it } from 'vitest';
import { generateSyntheticPersons } from '../../server/features/linkage/preset/synthetic.ts';
import { csvCell, readCsv, registerLinkCommand, runLinkCommand } from './link.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'tepat-link-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const presetFile = path.join(
  path.dirname(new URL(import.meta.url).pathname),
  '../../server/features/linkage/preset/indonesian-person.settings.json',
);
// The shipped preset with a smaller u sample, to keep the test fast.
const settingsFile = path.join(dir, 'settings.json');
writeFileSync(
  settingsFile,
  JSON.stringify({ ...(JSON.parse(readFileSync(presetFile, 'utf8')) as object), u_sample_size: 50_000 }),
);

function writeCsv(file: string, rows: Record<string, string>[], delimiter = ','): void {
  const columns = Object.keys(rows[0] ?? {});
  const lines = [
    columns.join(delimiter),
    ...rows.map((r) => columns.map((c) => csvCell(r[c] ?? '')).join(delimiter)),
  ];
  writeFileSync(file, `${lines.join('\n')}\n`);
}

describe('csvCell', () => {
  it('defuses formulas in text cells and quotes separators', () => {
    expect(csvCell('=SUM(A1)')).toBe("'=SUM(A1)");
    expect(csvCell('+62 812')).toBe("'+62 812");
    expect(csvCell('-x')).toBe("'-x");
    expect(csvCell('@cmd')).toBe("'@cmd");
    expect(csvCell('JL. MERDEKA, NO. 1')).toBe('"JL. MERDEKA, NO. 1"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell(-3.5)).toBe('-3.5');
    expect(csvCell('SITI')).toBe('SITI');
  });
});

describe('tepat link', () => {
  const persons = generateSyntheticPersons({ persons: 600, seed: 3, duplicateRate: 0.15 });
  const input = path.join(dir, 'persons.csv');
  const truthFile = path.join(dir, 'truth.csv');
  writeCsv(
    input,
    persons.map(({ entity_id: _e, defect: _d, ...r }) => r),
    ';',
  );
  writeCsv(
    truthFile,
    persons.map((p) => ({ record_id: p.record_id, cluster_id: p.entity_id, defect: p.defect })),
  );

  it('writes pairs and clusters and reports quality against the truth', async () => {
    const out = path.join(dir, 'pairs.csv');
    const clusters = path.join(dir, 'clusters.csv');
    const modelOut = path.join(dir, 'model.json');
    const summary = await runLinkCommand({
      settings: settingsFile,
      input: [input],
      out,
      clusters,
      truth: truthFile,
      modelOut,
    });
    expect(summary.records).toBe(persons.length);
    expect(summary.candidatePairs).toBeGreaterThan(summary.accepted);
    expect(summary.metrics?.pairwise.f1).toBeGreaterThan(0.9);
    expect(Object.keys(summary.metrics?.perDefect ?? {})).toContain('nik_missing');

    const clusterRows = await readCsv(clusters);
    expect(Object.keys(clusterRows[0] ?? {})).toEqual(['record_id', 'cluster_id']);
    expect(clusterRows.map((r) => r.record_id)).toEqual(persons.map((p) => p.record_id));

    const pairRows = await readCsv(out);
    expect(pairRows.length).toBe(summary.pairsWritten);
    expect(Object.keys(pairRows[0] ?? {})).toEqual(
      expect.arrayContaining([
        'record_id_l',
        'record_id_r',
        'match_weight',
        'match_probability',
        'bf_nik',
        'bf_name',
      ]),
    );
    for (const r of pairRows) expect(Number(r.match_probability)).toBeGreaterThanOrEqual(0.5);
    const model = JSON.parse(readFileSync(modelOut, 'utf8')) as { lambda: number; m: number[][] };
    expect(model.lambda).toBeGreaterThan(0);
    expect(model.m).toHaveLength(6);
  });

  it('is registered on the program and fails with a bilingual message on bad settings', async () => {
    const program = new Command();
    registerLinkCommand(program);
    expect(program.commands.map((c) => c.name())).toContain('link');
    const bad = path.join(dir, 'bad.json');
    writeFileSync(bad, '{"comparisons": []}');
    await expect(
      runLinkCommand({
        settings: bad,
        input: [input],
        out: path.join(dir, 'p.csv'),
        clusters: path.join(dir, 'c.csv'),
      }),
    ).rejects.toMatchObject({ messages: { id: expect.stringMatching(/tidak valid/) } });
  });
});
