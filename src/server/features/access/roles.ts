/** Roles, their permissions and labels: the policy every route and menu is derived from. */
export const ROLES = [
  'admin',
  'operator',
  'verifier',
  'enumerator',
  'lurah',
  'camat',
  'bps_analyst',
  'planner',
  'auditor',
] as const;
export type Role = (typeof ROLES)[number];

export const PERMISSIONS = [
  'registry.read',
  'registry.edit',
  'registry.export',
  'users.manage',
  'rt.manage',
  'audit.read',
  'ranking.read',
  'ranking.manage',
  'ranking.evaluate',
  'linkage.review',
  'linkage.run',
  'imports.run',
  'imports.read',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  admin: [
    'registry.read',
    'registry.edit',
    'registry.export',
    'users.manage',
    'rt.manage',
    'audit.read',
    'ranking.read',
    'ranking.manage',
    'ranking.evaluate',
    'linkage.review',
    'linkage.run',
    'imports.run',
    'imports.read',
  ],
  operator: [
    'registry.read',
    'registry.edit',
    'registry.export',
    'rt.manage',
    'ranking.read',
    'linkage.review',
    'linkage.run',
    'imports.run',
    'imports.read',
  ],
  verifier: [
    'registry.read',
    'registry.edit',
    'registry.export',
    'ranking.read',
    'linkage.review',
    'imports.read',
  ],
  enumerator: ['registry.read'],
  lurah: ['registry.read', 'registry.export', 'ranking.read'],
  camat: ['registry.read', 'registry.export', 'ranking.read'],
  bps_analyst: ['registry.read', 'registry.export', 'ranking.read', 'ranking.evaluate'],
  planner: ['registry.read', 'ranking.read'],
  auditor: ['registry.read', 'audit.read', 'ranking.read', 'imports.read'],
};

export const ROLE_LABELS: Record<Role, { id: string; en: string }> = {
  admin: { id: 'Administrator', en: 'Administrator' },
  operator: { id: 'Operator Dinsos-PM', en: 'Dinsos-PM operator' },
  verifier: { id: 'Verifikator/Kepala Dinsos-PM', en: 'Dinsos-PM verifier/head' },
  enumerator: { id: 'Petugas lapangan', en: 'Field enumerator' },
  lurah: { id: 'Lurah', en: 'Lurah (village head)' },
  camat: { id: 'Camat', en: 'Camat (district head)' },
  bps_analyst: { id: 'Analis BPS', en: 'BPS analyst' },
  planner: { id: 'Perencana Bapperida', en: 'Bapperida planner' },
  auditor: { id: 'Auditor', en: 'Auditor' },
};

/** The permissions a role grants. */
export function permissionsOf(role: string): readonly Permission[] {
  return (ROLE_PERMISSIONS as Record<string, readonly Permission[] | undefined>)[role] ?? [];
}

/** Whether a role grants a permission. */
export function can(role: string, permission: Permission): boolean {
  return permissionsOf(role).includes(permission);
}
