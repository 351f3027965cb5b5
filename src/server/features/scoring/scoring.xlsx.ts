/** The conflict list as an Excel workbook, every text cell formula-escaped; the export is audited. */
import type { Kysely } from 'kysely';
import type { Database } from '../../platform/db/schema.ts';
import { escapeCell } from '../../platform/files/escape.ts';
import { recordAudit, type Actor } from '../audit/index.ts';
import type { Scope } from '../access/scope.ts';
import type { ConflictFilters } from './scoring.repository.ts';
import { allConflicts } from './scoring.service.ts';

const HEADERS = {
  id: [
    'ID keluarga',
    'No. KK',
    'Nama kepala keluarga',
    'Kecamatan',
    'Kelurahan',
    'RW',
    'RT',
    'Desil resmi',
    'Desil perkiraan',
    'Perkiraan pengeluaran per kapita (Rp)',
    'Kode konflik',
    'Keterangan',
  ],
  en: [
    'Household id',
    'KK number',
    'Head of family',
    'Kecamatan',
    'Kelurahan',
    'RW',
    'RT',
    'Official desil',
    'Estimated desil',
    'Estimated per-capita expenditure (Rp)',
    'Conflict codes',
    'Details',
  ],
};

/** Writes every conflict within the scope matching the filters to an .xlsx buffer, and audits the export. */
export async function exportConflictsXlsx(
  db: Kysely<Database>,
  scope: Scope,
  actor: Actor,
  filters: ConflictFilters,
  lang: 'id' | 'en',
): Promise<{ buffer: Buffer; rows: number }> {
  // Loaded on first use: exceljs takes about a second to import, which every command would pay.
  const { default: ExcelJS } = await import('exceljs');
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Tepat';
  const sheet = workbook.addWorksheet(lang === 'id' ? 'Konflik' : 'Conflicts', {
    views: [{ state: 'frozen', ySplit: 1 }],
  });
  sheet.addRow(HEADERS[lang].map((h) => escapeCell(h))).font = { bold: true };
  let rows = 0;
  for await (const r of allConflicts(db, scope, filters)) {
    sheet.addRow(
      [
        r.householdId,
        r.kkNumber,
        r.headName,
        r.districtName,
        r.villageName,
        r.rw,
        r.rt,
        r.officialDesil,
        r.estimatedDesil,
        Math.round(r.predictedPce),
        r.conflicts.map((c) => c.code).join(', '),
        r.conflicts.map((c) => c.message[lang]).join('; '),
      ].map((v) => escapeCell(v)),
    );
    rows++;
  }
  sheet.columns.forEach((c, i) => {
    c.width = [10, 20, 28, 16, 18, 6, 6, 10, 12, 16, 30, 80][i] ?? 14;
  });
  await recordAudit(db, actor, {
    action: 'export.ranking_conflicts',
    targetType: 'household',
    after: { filters, rows },
  });
  const buffer = Buffer.from(await workbook.xlsx.writeBuffer());
  return { buffer, rows };
}
