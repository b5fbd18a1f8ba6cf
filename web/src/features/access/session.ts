import { type QueryClient, queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { createContext, useContext } from 'react';
import type { Principal } from '../../../../src/domain/access/roles.ts';
import { type Answer, api, ok } from '../../api/client.ts';

export type Me = Answer<'/api/me'>;

/** Who is signed in; null when no one is (or the server cannot say). */
export const meQuery = queryOptions({
  queryKey: ['me'],
  queryFn: (): Promise<Me | null> => ok(api.GET('/api/me')).catch(() => null),
  staleTime: Number.POSITIVE_INFINITY,
});

/** The signed-in user as the role rules of src/domain/access/roles.ts take it. */
export const principalOf = (me: Me): Principal => ({
  userId: me.id,
  email: me.email,
  organisationId: me.current.organisationId,
  role: me.current.role,
  via: me.current.via,
});

export const PrincipalContext = createContext<Principal | null>(null);

/** The signed-in principal, inside the signed-in part of the app. */
export function usePrincipal(): Principal {
  const p = useContext(PrincipalContext);
  if (!p) throw new Error('usePrincipal outside the signed-in app');
  return p;
}

export const useMe = () => useQuery(meQuery);

/**
 * Forgets everything read for the previous user or organisation and records who is signed in now. The query
 * of who is signed in stays (the shell watches it); clear() would cut the shell off from it.
 */
function startAfresh(queries: QueryClient, me: Me | null) {
  queries.removeQueries({ predicate: (q) => q.queryKey[0] !== meQuery.queryKey[0] });
  queries.setQueryData(meQuery.queryKey, me);
}

/** Signs in; the cache starts afresh for the new user. */
export function useSignIn() {
  const queries = useQueryClient();
  return useMutation({
    mutationFn: (body: { email: string; password: string }) => ok(api.POST('/api/session', { body })),
    onSuccess: (me) => startAfresh(queries, me),
  });
}

/** Signs out and forgets everything the user saw. */
export function useSignOut() {
  const queries = useQueryClient();
  return useMutation({
    mutationFn: () => ok(api.DELETE('/api/session')),
    onSuccess: () => startAfresh(queries, null),
  });
}

/** Acts for another of the user's organisations: nothing read for the previous one is kept. */
export function useSwitchOrganisation() {
  const queries = useQueryClient();
  return useMutation({
    mutationFn: (organisationId: string) =>
      ok(api.PUT('/api/session/organisation', { body: { organisationId } })),
    onSuccess: (me) => startAfresh(queries, me),
  });
}
