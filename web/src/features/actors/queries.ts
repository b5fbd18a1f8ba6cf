import { queryOptions } from '@tanstack/react-query';
import { allPagesOrHidden } from '../../api/all-pages.ts';
import { api, ok, okOrHidden } from '../../api/client.ts';

// Everything read about organisations sits under ['organisations']; one organisation's people, licences
// and documents under its id, so that a change to it refreshes them all.
export const ORGANISATIONS = ['organisations'] as const;

export const organisationQuery = (id: string) =>
  queryOptions({
    queryKey: [...ORGANISATIONS, id],
    queryFn: () => ok(api.GET('/api/organisations/{id}', { params: { path: { id } } })),
  });

export const personsQuery = (organisationId: string) =>
  queryOptions({
    queryKey: [...ORGANISATIONS, organisationId, 'persons'],
    queryFn: () =>
      allPagesOrHidden((cursor) =>
        okOrHidden(api.GET('/api/persons', { params: { query: { organisationId, limit: 200, cursor } } })),
      ),
  });

export const licencesQuery = (organisationId: string) =>
  queryOptions({
    queryKey: [...ORGANISATIONS, organisationId, 'licences'],
    queryFn: () =>
      allPagesOrHidden((cursor) =>
        okOrHidden(
          api.GET('/api/licences', {
            params: { query: { holderOrganisationId: organisationId, limit: 200, cursor } },
          }),
        ),
      ),
  });

export const documentsQuery = (organisationId: string) =>
  queryOptions({
    queryKey: [...ORGANISATIONS, organisationId, 'documents'],
    queryFn: () =>
      ok(api.GET('/api/organisations/{id}/documents', { params: { path: { id: organisationId } } })),
  });
