/**
 * The per-row pipeline the import service runs over an opened table: map the cells, fill blank
 * family cells under merged cells, validate the row, check it against earlier rows, count. It is
 * synchronous per row so the caller controls batching (COPY into staging, rejection report).
 */
import type { RowFinding } from './reasons.ts';
import { hasError } from './reasons.ts';
import { createFileChecker, createFillDown, type FileChecker, type FillDown } from './file.ts';
import { validateRow, type ValidatedRow, type ValidationContext } from './row.ts';
import { mapRow, type MappedRow, type ResolvedMapping } from '../parse/mapping.ts';
import type { Cell, TableRow } from '../parse/text.ts';

export interface ProcessedRow {
  rowNumber: number;
  /** The row's cells as read, for the rejection report. */
  cells: Cell[];
  mapped: MappedRow;
  result: ValidatedRow;
}

export interface ImportSummary {
  rows: number;
  accepted: number;
  rejected: number;
  /** Accepted rows that carry at least one warning. */
  withWarnings: number;
  /** How many times each reason code occurred. */
  byCode: Record<string, number>;
  /** Findings known only at the end, on the rows they concern (all warnings). */
  lateFindings: { rowNumber: number; finding: RowFinding }[];
  fileFindings: RowFinding[];
}

export interface RowProcessor {
  /** Maps, validates and cross-checks one row; call in file order. */
  process(row: TableRow): ProcessedRow;
  /** Ends the pass and returns the counts and the end-of-file findings. */
  finish(): ImportSummary;
}

/**
 * Creates the pipeline for one file. Fill-down of merged family cells is on by default for
 * Kemensos person-layout files (`mapping.fillDown: false` turns it off).
 */
export function createRowProcessor(opts: {
  resolved: ResolvedMapping;
  context: ValidationContext;
  /** File-level findings already known (e.g. the encoding fallback from openTable). */
  fileFindings?: readonly RowFinding[];
}): RowProcessor {
  const { resolved, context } = opts;
  const mapped = new Set(resolved.columns.map((c) => c.field));
  const checker: FileChecker = createFileChecker({
    source: context.source,
    layout: context.layout,
    variableKeys: resolved.columns.filter((c) => c.def.variable !== undefined).map((c) => c.field),
    checkHeads: mapped.has('relationship'),
  });
  const fillDown: FillDown | null =
    context.source === 'kemensos' && context.layout === 'person' && resolved.mapping.fillDown !== false
      ? createFillDown(resolved)
      : null;
  const byCode: Record<string, number> = {};
  let rows = 0;
  let rejected = 0;
  let withWarnings = 0;

  return {
    process(row) {
      rows++;
      const values = mapRow(resolved, row.cells);
      const filled = fillDown ? fillDown.apply(row.rowNumber, values) : null;
      const result = validateRow(values, context);
      if (filled) result.findings.push(filled);
      const cross = checker.check(row.rowNumber, result);
      if (cross.length > 0) {
        for (const x of cross) result.findings.push(x);
        if (hasError(cross)) result.rejected = true;
      }
      for (const x of result.findings) byCode[x.code] = (byCode[x.code] ?? 0) + 1;
      if (result.rejected) rejected++;
      else if (result.findings.length > 0) withWarnings++;
      return { rowNumber: row.rowNumber, cells: row.cells, mapped: values, result };
    },
    finish() {
      const end = checker.finish();
      for (const { finding } of end.rowFindings) byCode[finding.code] = (byCode[finding.code] ?? 0) + 1;
      const fileFindings = [...(opts.fileFindings ?? []), ...end.fileFindings];
      for (const x of fileFindings) byCode[x.code] = (byCode[x.code] ?? 0) + 1;
      return {
        rows,
        accepted: rows - rejected,
        rejected,
        withWarnings,
        byCode,
        lateFindings: end.rowFindings,
        fileFindings,
      };
    },
  };
}

/** Runs the pipeline over a stream of rows, yielding each processed row. */
export async function* processRows(
  rows: AsyncIterable<TableRow>,
  processor: RowProcessor,
): AsyncGenerator<ProcessedRow> {
  for await (const row of rows) yield processor.process(row);
}
