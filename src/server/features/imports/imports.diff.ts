/**
 * The diff of a staged file against the previous release of the same source, as the office sees
 * it: new and gone families and persons, persons moved between family cards, official desil
 * changed, NIK conflicts with the registry (and, for beneficiary lists, NIKs not in the registry).
 * Shown page by page in the app and downloadable as XLSX (streamed, every cell escaped).
 */
import ExcelJS from 'exceljs';
import type { Kysely } from 'kysely';
import type { Database } from '../../platform/db/schema.ts';
import { errors } from '../../platform/errors.ts';
import { escapeCell } from '../../platform/files/escape.ts';
import { recordAudit, type Actor } from '../audit/index.ts';
import {
  DIFF_KINDS,
  diffItemsPage,
  findBatch,
  findPreviousRelease,
  streamDiffItems,
  type DiffItem,
  type DiffKind,
} from './imports.repository.ts';
import type { DiffCounts } from './imports.summary.ts';
import type { BatchCounts } from './imports.service.ts';

export { DIFF_KINDS, type DiffKind } from './imports.repository.ts';

/** Labels of the diff kinds, Bahasa Indonesia first. */
export const DIFF_KIND_LABELS: Record<DiffKind, { id: string; en: string }> = {
  new_family: { id: 'Keluarga baru', en: 'New family' },
  gone_family: { id: 'Keluarga tidak ada lagi', en: 'Family no longer listed' },
  new_person: { id: 'Orang baru', en: 'New person' },
  gone_person: { id: 'Orang tidak ada lagi', en: 'Person no longer listed' },
  moved_person: { id: 'Pindah KK', en: 'Moved to another KK' },
  desil_changed: { id: 'Desil berubah', en: 'Desil changed' },
  nik_conflict: { id: 'NIK aktif di KK lain', en: 'NIK active in another KK' },
  not_in_registry: { id: 'NIK tidak ada di registri', en: 'NIK not in the registry' },
};

/** Which counter of DiffCounts each kind feeds. */
export const DIFF_COUNT_OF: Record<DiffKind, keyof Omit<DiffCounts, 'previousReleaseId'>> = {
  new_family: 'newFamilies',
  gone_family: 'goneFamilies',
  new_person: 'newPersons',
  gone_person: 'gonePersons',
  moved_person: 'movedPersons',
  desil_changed: 'desilChanged',
  nik_conflict: 'nikConflicts',
  not_in_registry: 'notInRegistry',
};

/** The API shape of one diff line. */
export function presentDiffItem(item: DiffItem) {
  return {
    kind: item.kind,
    kkNumber: item.kk_number,
    nik: item.nik,
    name: item.name,
    before: item.before,
    after: item.after,
  };
}

async function comparedRelease(db: Kysely<Database>, batchId: number) {
  const batch = await findBatch(db, batchId);
  if (!batch) throw errors.notFound();
  const counts = (batch.counts ?? {}) as BatchCounts;
  // After the commit the batch's own release exists: the comparison stays with the one before it.
  const previousId =
    counts.diff?.previousReleaseId ??
    (await findPreviousRelease(db, batch.source, batch.release_date, batch.release_id))?.id ??
    null;
  return { batch, counts, previousId };
}

/** One page of the diff of a batch, optionally of one kind. */
export async function getDiffPage(
  db: Kysely<Database>,
  batchId: number,
  opts: { kind?: DiffKind | undefined; page: number; pageSize: number },
) {
  const { batch, counts, previousId } = await comparedRelease(db, batchId);
  if (!['staged', 'committing', 'committed'].includes(batch.status)) {
    return { counts: counts.diff ?? null, items: [], page: opts.page, pageSize: opts.pageSize, total: 0 };
  }
  const items = await diffItemsPage(db, batch.source, batchId, previousId, {
    kind: opts.kind ?? null,
    limit: opts.pageSize,
    offset: (opts.page - 1) * opts.pageSize,
  });
  const diff = counts.diff ?? null;
  const total = diff
    ? opts.kind
      ? diff[DIFF_COUNT_OF[opts.kind]]
      : DIFF_KINDS.reduce((sum, k) => sum + diff[DIFF_COUNT_OF[k]], 0)
    : items.length;
  return { counts: diff, items: items.map(presentDiffItem), page: opts.page, pageSize: opts.pageSize, total };
}

/**
 * Writes the diff of a batch as XLSX: a summary sheet with the counts, and one row per change with
 * the kind in both languages, KK, NIK, name, before and after. Audited: it lists personal data.
 */
export async function writeDiffXlsx(
  db: Kysely<Database>,
  actor: Actor | null,
  batchId: number,
  filePath: string,
): Promise<{ rows: number }> {
  const { batch, counts, previousId } = await comparedRelease(db, batchId);
  if (!['staged', 'committing', 'committed'].includes(batch.status)) {
    throw errors.invalid(
      'Perbedaan baru tersedia setelah validasi selesai.',
      'The diff is available once validation has finished.',
    );
  }
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
    filename: filePath,
    useStyles: true,
    useSharedStrings: false,
  });
  const summary = workbook.addWorksheet('Ringkasan');
  summary.columns = [{ width: 36 }, { width: 36 }, { width: 14 }];
  const head = summary.addRow(['Perubahan', 'Change', 'Jumlah / Count']);
  head.font = { bold: true };
  head.commit();
  summary.addRow([escapeCell('Berkas'), escapeCell('File'), escapeCell(batch.file_name)]).commit();
  summary
    .addRow([escapeCell('Tanggal rilis'), escapeCell('Release date'), escapeCell(batch.release_date)])
    .commit();
  summary
    .addRow([
      escapeCell('Dibandingkan dengan rilis'),
      escapeCell('Compared with release'),
      previousId === null ? escapeCell('(rilis pertama / first release)') : previousId,
    ])
    .commit();
  const diff = counts.diff;
  for (const kind of DIFF_KINDS) {
    summary
      .addRow([
        escapeCell(DIFF_KIND_LABELS[kind].id),
        escapeCell(DIFF_KIND_LABELS[kind].en),
        diff ? diff[DIFF_COUNT_OF[kind]] : null,
      ])
      .commit();
  }
  summary.commit();

  const sheet = workbook.addWorksheet('Perubahan', { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = [
    { width: 24 },
    { width: 24 },
    { width: 20 },
    { width: 20 },
    { width: 32 },
    { width: 24 },
    { width: 24 },
  ];
  const header = sheet.addRow([
    'JENIS',
    'KIND',
    'NO KK',
    'NIK',
    'NAMA',
    'SEBELUM / BEFORE',
    'SESUDAH / AFTER',
  ]);
  header.font = { bold: true };
  header.commit();
  let rows = 0;
  await streamDiffItems(db, batch.source, batchId, previousId, async (page) => {
    for (const item of page) {
      const label = DIFF_KIND_LABELS[item.kind];
      sheet
        .addRow(
          [label.id, label.en, item.kk_number, item.nik, item.name, item.before, item.after].map((v) =>
            escapeCell(v),
          ),
        )
        .commit();
      rows++;
    }
  });
  sheet.commit();
  await workbook.commit();
  if (actor) {
    await recordAudit(db, actor, {
      action: 'import.diff.download',
      targetType: 'import_batch',
      targetId: batchId,
      after: { rows },
    });
  }
  return { rows };
}
