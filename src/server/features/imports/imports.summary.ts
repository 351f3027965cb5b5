/**
 * The summary of a staged import, counted while the rows stream by (pure, no I/O): rows read,
 * accepted, rejected by reason, warnings by code, families and persons. The same object is shown
 * by the web app, returned by the API and printed by `tepat import --json`.
 */
import type { RowFinding } from './validate/index.ts';

/** Differences between a staged file and the previous release of the same source. */
export interface DiffCounts {
  /** The release compared with; null for the first release of a source. */
  previousReleaseId: number | null;
  newFamilies: number;
  goneFamilies: number;
  newPersons: number;
  gonePersons: number;
  /** Persons (by NIK) on another family card than in the previous release. */
  movedPersons: number;
  /** Families whose official desil differs from the previous release. */
  desilChanged: number;
  /** NIKs of the file active in the registry under another family card. */
  nikConflicts: number;
  /** Beneficiary lists: NIKs that match no person in the registry. */
  notInRegistry: number;
}

export interface ImportSummary {
  rowsRead: number;
  accepted: number;
  rejected: number;
  /** Rejected rows per error code (a row with two errors counts under both). */
  rejectedByReason: Record<string, number>;
  /** Warnings per code on accepted rows, plus file-level warnings. */
  warningsByCode: Record<string, number>;
  /** Distinct family cards among accepted rows (Kemensos files). */
  families: number;
  /** Accepted persons: one per row (Kemensos), distinct NIKs (beneficiary lists). */
  persons: number;
  diff: DiffCounts | null;
}

/** An empty diff, for the first release of a source. */
export function emptyDiff(previousReleaseId: number | null = null): DiffCounts {
  return {
    previousReleaseId,
    newFamilies: 0,
    goneFamilies: 0,
    newPersons: 0,
    gonePersons: 0,
    movedPersons: 0,
    desilChanged: 0,
    nikConflicts: 0,
    notInRegistry: 0,
  };
}

/** Counts rows into a summary as they are processed, in constant memory per distinct KK/NIK. */
export interface SummaryCounter {
  add(row: {
    rejected: boolean;
    findings: readonly RowFinding[];
    kkNumber: string | null;
    nik: string | null;
  }): void;
  /** Adds warnings known only at the end (a KK without a head, whole-file notes). */
  addLate(findings: readonly RowFinding[]): void;
  result(diff: DiffCounts | null): ImportSummary;
}

/** Creates the counter for one file; beneficiary lists count persons by distinct NIK. */
export function createSummaryCounter(source: 'kemensos' | 'beneficiaries'): SummaryCounter {
  let rowsRead = 0;
  let rejected = 0;
  const rejectedByReason: Record<string, number> = {};
  const warningsByCode: Record<string, number> = {};
  const families = new Set<string>();
  const niks = new Set<string>();
  let persons = 0;
  const bump = (map: Record<string, number>, code: string) => {
    map[code] = (map[code] ?? 0) + 1;
  };
  return {
    add(row) {
      rowsRead++;
      if (row.rejected) {
        rejected++;
        const seen = new Set<string>();
        for (const f of row.findings) {
          if (f.severity !== 'error' || seen.has(f.code)) continue;
          seen.add(f.code);
          bump(rejectedByReason, f.code);
        }
        return;
      }
      for (const f of row.findings) if (f.severity === 'warning') bump(warningsByCode, f.code);
      if (source === 'beneficiaries') {
        if (row.nik !== null) niks.add(row.nik);
        return;
      }
      persons++;
      if (row.kkNumber !== null) families.add(row.kkNumber);
    },
    addLate(findings) {
      for (const f of findings) if (f.severity === 'warning') bump(warningsByCode, f.code);
    },
    result(diff) {
      return {
        rowsRead,
        accepted: rowsRead - rejected,
        rejected,
        rejectedByReason,
        warningsByCode,
        families: families.size,
        persons: source === 'beneficiaries' ? niks.size : persons,
        diff,
      };
    },
  };
}
