import { allPages } from '../../api/all-pages.ts';
import { type Answer, api, ok } from '../../api/client.ts';

export const ADMIN = ['admin'] as const;

export type User = Answer<'/api/users/{id}'>;
export type Token = Answer<'/api/tokens'>['items'][number];
export type CriteriaSet = Answer<'/api/criteria-sets/{id}'>;
export type Requirement = CriteriaSet['requirements'][number];
export type IndicatorRule = Answer<'/api/indicator-rules'>['items'][number];

/** One page of users, by e-mail. */
export const usersPage = (cursor?: string) =>
  ok(api.GET('/api/users', { params: { query: { limit: 50, ...(cursor && { cursor }) } } }));

/** One page of API tokens (an administrator's answer holds everyone's). */
export const tokensPage = (cursor?: string) =>
  ok(api.GET('/api/tokens', { params: { query: { limit: 50, ...(cursor && { cursor }) } } }));

/** One page of criteria sets, every version, by key then newest version. */
export const setsPage = (cursor?: string) =>
  ok(api.GET('/api/criteria-sets', { params: { query: { limit: 50, ...(cursor && { cursor }) } } }));

/** Every organisation, by name, for the membership pickers. */
export const allOrganisations = () =>
  allPages((cursor) =>
    ok(api.GET('/api/organisations', { params: { query: { limit: 200, ...(cursor && { cursor }) } } })),
  );
