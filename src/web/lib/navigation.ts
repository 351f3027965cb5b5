/** Which pages a user sees, from the permissions the server grants (pure, shared by the menu and the router). */
import type { Permission } from '../api/types.ts';

export interface NavItem {
  path: string;
  /** i18n key of the menu label. */
  labelKey:
    | 'nav.registry'
    | 'nav.users'
    | 'nav.rtUnits'
    | 'nav.audit'
    | 'linkage.nav'
    | 'imports.nav'
    | 'ranking.nav.overview'
    | 'ranking.nav.conflicts'
    | 'ranking.nav.models';
  permission: Permission;
}

export const NAV_ITEMS: readonly NavItem[] = [
  { path: '/registri', labelKey: 'nav.registry', permission: 'registry.read' },
  { path: '/peringkat', labelKey: 'ranking.nav.overview', permission: 'ranking.read' },
  { path: '/konflik-desil', labelKey: 'ranking.nav.conflicts', permission: 'ranking.read' },
  { path: '/data-ganda', labelKey: 'linkage.nav', permission: 'linkage.review' },
  { path: '/impor', labelKey: 'imports.nav', permission: 'imports.read' },
  { path: '/admin/pengguna', labelKey: 'nav.users', permission: 'users.manage' },
  { path: '/admin/rt-rw', labelKey: 'nav.rtUnits', permission: 'rt.manage' },
  { path: '/admin/audit', labelKey: 'nav.audit', permission: 'audit.read' },
  { path: '/admin/model-pmt', labelKey: 'ranking.nav.models', permission: 'ranking.manage' },
];

/** True when the permission list grants a permission. */
export function can(permissions: readonly string[] | undefined, permission: Permission): boolean {
  return permissions?.includes(permission) ?? false;
}

/** The menu entries a user may open, in menu order. */
export function navItemsFor(permissions: readonly string[]): NavItem[] {
  return NAV_ITEMS.filter((item) => can(permissions, item.permission));
}

/** Where to land after login: the requested page when it is inside the app, else the first allowed page. */
export function landingPath(permissions: readonly string[], requested: string | null): string {
  if (
    requested &&
    requested.startsWith('/') &&
    !requested.startsWith('//') &&
    !requested.startsWith('/login')
  )
    return requested;
  return navItemsFor(permissions)[0]?.path ?? '/tanpa-akses';
}
