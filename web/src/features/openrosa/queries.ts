import { queryOptions } from '@tanstack/react-query';
import { type Answer, api, ok } from '../../api/client.ts';

export const OPENROSA = ['openrosa'] as const;

export type AppUser = Answer<'/api/openrosa/app-users'>['items'][number];
export type Submission = Answer<'/api/openrosa/submissions'>['items'][number];
export type SubmissionState = Submission['state'];

/** The forms served to ODK Collect. */
export const formsQuery = queryOptions({
  queryKey: [...OPENROSA, 'forms'],
  queryFn: () => ok(api.GET('/api/openrosa/forms')),
});

/** One page of app users, newest first. */
export const appUsersPage = (cursor?: string) =>
  ok(api.GET('/api/openrosa/app-users', { params: { query: { limit: 20, ...(cursor && { cursor }) } } }));

/** One page of submissions, newest first, by state. */
export const submissionsPage = (state: SubmissionState | undefined, cursor?: string) =>
  ok(
    api.GET('/api/openrosa/submissions', {
      params: { query: { limit: 20, ...(state && { state }), ...(cursor && { cursor }) } },
    }),
  );

/** One submission with its XML. */
export const submissionQuery = (id: string) =>
  queryOptions({
    queryKey: [...OPENROSA, 'submission', id],
    queryFn: () => ok(api.GET('/api/openrosa/submissions/{id}', { params: { path: { id } } })),
  });

/** Who an app user may act as, and the sites it may be limited to. */
export const appUserChoicesQuery = queryOptions({
  queryKey: [...OPENROSA, 'choices'],
  queryFn: async () => {
    const [users, sites] = await Promise.all([
      ok(api.GET('/api/users', { params: { query: { limit: 200 } } })),
      ok(api.GET('/api/sites', { params: { query: { limit: 200 } } })),
    ]);
    const members = users.items.flatMap((u) =>
      u.memberships
        .filter((m) => m.role === 'monitor' || m.role === 'assessor' || m.role === 'analyst')
        .map((m) => ({ userId: u.id, organisationId: m.organisationId, label: `${u.name} (${u.email})` })),
    );
    return { members, sites: sites.items };
  },
});
