import { queryOptions } from '@tanstack/react-query';
import { INCIDENT_STATES } from '../../../../src/domain/incidents/lifecycle.ts';
import { api, ok } from '../../api/client.ts';
import type { paths } from '../../api/schema.d.ts';

export const INCIDENTS = ['incidents'] as const;
export type IncidentState = (typeof INCIDENT_STATES)[number];
export { INCIDENT_STATES };

/** The filters GET /api/incidents takes. */
export type IncidentFilters = NonNullable<paths['/api/incidents']['get']['parameters']['query']>;

export const incidentsQuery = (filters: IncidentFilters) =>
  queryOptions({
    queryKey: [...INCIDENTS, 'list', filters],
    queryFn: () => ok(api.GET('/api/incidents', { params: { query: filters } })),
  });

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
