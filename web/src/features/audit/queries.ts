import { queryOptions } from '@tanstack/react-query';
import { type Answer, api, ok } from '../../api/client.ts';

export const AUDIT = ['audit'] as const;

export type AuditGrant = Answer<'/api/audit/grants/{id}'>;
export type AuditRead = Answer<'/api/audit/reads'>['items'][number];
export type AuditSite = Answer<'/api/audit/sites'>['items'][number];

/** One page of auditors' access, newest first. */
export const grantsPage = (cursor?: string) =>
  ok(api.GET('/api/audit/grants', { params: { query: { limit: 20, ...(cursor && { cursor }) } } }));

/** One page of auditors' reads, newest first. */
export const readsPage = (cursor?: string) =>
  ok(api.GET('/api/audit/reads', { params: { query: { limit: 20, ...(cursor && { cursor }) } } }));

/** The signed-in auditor's access in force. */
export const accessQuery = queryOptions({
  queryKey: [...AUDIT, 'access'],
  queryFn: () => ok(api.GET('/api/audit/access')),
});

/** One page of the sites in the auditor's scope. */
export const scopeSitesPage = (cursor?: string) =>
  ok(api.GET('/api/audit/sites', { params: { query: { limit: 50, ...(cursor && { cursor }) } } }));

/** What the administrator picks a scope from: users holding the auditor role, sites, organisations. */
export const choicesQuery = queryOptions({
  queryKey: [...AUDIT, 'choices'],
  queryFn: async () => {
    const [users, sites, organisations] = await Promise.all([
      ok(api.GET('/api/users', { params: { query: { limit: 200 } } })),
      ok(api.GET('/api/sites', { params: { query: { limit: 200 } } })),
      ok(api.GET('/api/organisations', { params: { query: { limit: 200 } } })),
    ]);
    return {
      auditors: users.items.filter((u) => u.memberships.some((m) => m.role === 'auditor')),
      sites: sites.items,
      organisations: organisations.items,
    };
  },
});

/** The instance's key id, for verifiers to pin (registry staff). */
export const sealQuery = queryOptions({
  queryKey: [...AUDIT, 'seal'],
  queryFn: () => ok(api.GET('/api/event-log/seal')),
});

/** Where a verification pack of the days given (or of the whole log) is downloaded. */
export const packHref = (period?: { since: string; until: string }) =>
  period ? `/api/event-log/pack?since=${period.since}&until=${period.until}` : '/api/event-log/pack';
