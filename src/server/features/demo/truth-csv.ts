/** The hidden truth of a demo city as CSV text, e.g. as ground truth for record linkage or targeting. */
import type { DemoCity } from './demo.types.ts';

function csvField(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '';
  const text = String(value);
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

function csv(
  header: readonly string[],
  rows: readonly (readonly (string | number | null | undefined)[])[],
): string {
  const lines = [header.join(',')];
  for (const row of rows) lines.push(row.map(csvField).join(','));
  return `${lines.join('\n')}\n`;
}

/**
 * CSV texts of the truth: entities (`record_id,cluster_id`), defects, hidden expenditure and the family
 * cards entered twice (`household_id,other_household_id`), each with a header.
 */
export function truthToCsv(city: DemoCity): {
  entities: string;
  defects: string;
  expenditure: string;
  families: string;
} {
  return {
    entities: csv(
      ['record_id', 'cluster_id'],
      city.truth.entities.map((e) => [e.personId, e.entityId]),
    ),
    defects: csv(
      ['type', 'person_id', 'household_id', 'other_person_id', 'detail'],
      city.truth.defects.map((d) => [d.type, d.personId, d.householdId, d.otherPersonId, d.detail]),
    ),
    expenditure: csv(
      ['household_id', 'per_capita_monthly'],
      city.truth.expenditure.map((e) => [e.householdId, e.perCapitaMonthly]),
    ),
    families: csv(
      ['household_id', 'other_household_id'],
      city.truth.duplicateFamilies.map((f) => [f.householdId, f.otherHouseholdId]),
    ),
  };
}
