import { queryOptions } from '@tanstack/react-query';
import { INCIDENT_STATES } from '../../../../src/domain/incidents/lifecycle.ts';
import { api, ok, okOrHidden } from '../../api/client.ts';
import type { paths } from '../../api/schema.d.ts';

export const INCIDENTS = ['incidents'] as const;
export type IncidentState = (typeof INCIDENT_STATES)[number];
export { INCIDENT_STATES };

/** What GET /api/incidents takes: filters, search, sort and the page. */
export type IncidentQuery = NonNullable<paths['/api/incidents']['get']['parameters']['query']>;
/** The columns the incident list sorts by. */
export type IncidentSortKey = 'code' | 'level' | 'title' | 'site' | 'due';

/** One page of incidents. */
export const incidentPage = (query: IncidentQuery) => ok(api.GET('/api/incidents', { params: { query } }));

export const incidentQuery = (id: string) =>
  queryOptions({
    queryKey: [...INCIDENTS, id],
    queryFn: () => ok(api.GET('/api/incidents/{id}', { params: { path: { id } } })),
  });

export const timelineQuery = (id: string) =>
  queryOptions({
    queryKey: [...INCIDENTS, id, 'timeline'],
    queryFn: () => ok(api.GET('/api/incidents/{id}/timeline', { params: { path: { id } } })),
  });

/** An incident's mitigation plan; null while it has none (the API answers 404). */
export const planQuery = (id: string) =>
  queryOptions({
    queryKey: [...INCIDENTS, id, 'plan'],
    queryFn: () => ok(api.GET('/api/incidents/{id}/plan', { params: { path: { id } } })).catch(() => null),
  });

/** An incident's photos and documents; null for a reader who sees the incident but not its evidence (403). */
export const evidenceQuery = (id: string) =>
  queryOptions({
    queryKey: [...INCIDENTS, id, 'evidence'],
    queryFn: () => okOrHidden(api.GET('/api/incidents/{id}/evidence', { params: { path: { id } } })),
  });
