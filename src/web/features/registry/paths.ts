/** The address of a household page. */
export function householdPath(id: number | string): string {
  return `/keluarga/${encodeURIComponent(String(id))}`;
}
