/** The address of an import batch page. */
export function importPath(id: number | string): string {
  return `/impor/${encodeURIComponent(String(id))}`;
}
