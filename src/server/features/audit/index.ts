export { recordAudit, diffFields, SYSTEM_ACTOR, type Actor, type AuditEntry } from './audit.service.ts';
export { findAuditEntries, findHouseholdHistory } from './audit.repository.ts';
