import { sql, type Expression, type SqlBool } from 'kysely';

/** The region an account may see: the whole deployment, kecamatan, kelurahan, or a list of RTs. */
export interface Scope {
  level: 'city' | 'district' | 'village' | 'rt';
  /** Region codes; for `rt` scope, `villageCode/rw/rt` keys. */
  codes: readonly string[];
}

/** The key of an RT unit as used in an `rt` scope. */
export function rtKey(villageCode: string, rw: string, rt: string): string {
  return `${villageCode}/${rw}/${rt}`;
}

/**
 * A SQL condition restricting households (aliased `h`) to a scope. Applied on the server to every
 * query that reads households or their persons, so no route can forget it.
 */
export function householdInScope(scope: Scope, alias = 'h'): Expression<SqlBool> {
  const col = (name: string) => sql.ref(`${alias}.${name}`);
  const codes = scope.codes.length > 0 ? scope.codes : ['\u0000'];
  switch (scope.level) {
    case 'city':
      return sql<SqlBool>`true`;
    case 'district':
      return sql<SqlBool>`${col('district_code')} = ANY(${sql.val(codes)}::text[])`;
    case 'village':
      return sql<SqlBool>`${col('village_code')} = ANY(${sql.val(codes)}::text[])`;
    case 'rt':
      return sql<SqlBool>`(${col('village_code')} || '/' || ${col('rw')} || '/' || ${col('rt')}) = ANY(${sql.val(codes)}::text[])`;
  }
}

/** Whether a region code (kecamatan or kelurahan) lies within a scope. */
export function regionInScope(scope: Scope, code: string): boolean {
  switch (scope.level) {
    case 'city':
      return true;
    case 'district':
      return scope.codes.some((c) => code === c || code.startsWith(`${c}.`) || c.startsWith(`${code}.`));
    case 'village':
      return scope.codes.some((c) => code === c || c.startsWith(`${code}.`));
    case 'rt':
      return scope.codes.some((c) => {
        const village = c.split('/')[0] ?? '';
        return code === village || village.startsWith(`${code}.`);
      });
  }
}
