import type { ListedFacts } from '../../domain/actors/red-flags.ts';
import {
  BLOCKING_RELATIONS,
  type ConfirmedHit,
  type Exposure,
  exposuresOf,
  isBlocked,
} from '../../domain/screening/exposure.ts';
import type { Queryable } from '../../storage/db.ts';
import {
  confirmedHits,
  organisationNamesOf,
  ownershipAroundConfirmedHits,
} from '../../storage/queries/screening.ts';
import type { ExposureView } from './views.ts';

/**
 * Every organisation concerned by a confirmed hit, by id: the listed actor itself, the organisation of a listed
 * person, what a listed actor owns down the ownership chain and whoever owns those up the chain.
 */
export async function allExposures(q: Queryable): Promise<Map<string, Exposure[]>> {
  const hits = await confirmedHits(q);
  const byOrg = new Map<string, Exposure[]>();
  if (!hits.length) return byOrg;
  const [edges, names] = await Promise.all([
    ownershipAroundConfirmedHits(q),
    organisationNamesOf(q, [...new Set(hits.map((h) => h.organisation_id))]),
  ]);
  const confirmed: ConfirmedHit[] = hits.map((h) => ({
    hitId: h.id,
    subject: { kind: h.subject_type, id: h.subject_id, name: h.subject_name },
    organisationId: h.organisation_id,
    organisationName: names.find((n) => n.id === h.organisation_id)?.legal_name ?? '',
    list: { key: h.list_key, name: h.list_name, kind: h.list_kind },
    reference: h.reference,
  }));
  const exposures = exposuresOf(
    confirmed,
    edges.map((e) => ({
      owner: { kind: e.owner_type, id: e.owner_id, name: e.owner_name },
      owned: { id: e.owned_id, name: e.owned_name },
      percent: e.percent,
    })),
  );
  for (const x of exposures) byOrg.set(x.organisationId, [...(byOrg.get(x.organisationId) ?? []), x]);
  return byOrg;
}

/** What the red flags of an organisation say of its exposures. */
export const listedFacts = (xs: readonly Exposure[]): ListedFacts[] =>
  xs.map((x) => ({
    relation: x.relation,
    listKind: x.list.kind,
    listName: x.list.name,
    reference: x.reference,
    path: x.path,
  }));

/** The confirmed hits on some persons themselves, as their red flags say them. */
export async function listedPersons(
  q: Queryable,
  ids: readonly string[],
): Promise<Map<string, ListedFacts[]>> {
  const out = new Map<string, ListedFacts[]>();
  if (!ids.length) return out;
  for (const h of await confirmedHits(q)) {
    if (h.subject_type !== 'person' || !ids.includes(h.subject_id)) continue;
    out.set(h.subject_id, [
      ...(out.get(h.subject_id) ?? []),
      {
        relation: 'self',
        listKind: h.list_kind,
        listName: h.list_name,
        reference: h.reference,
        path: [{ kind: 'person', id: h.subject_id, name: h.subject_name, link: null }],
      },
    ]);
  }
  return out;
}

/** The exposures of some organisations. */
export async function exposuresOfOrganisations(
  q: Queryable,
  ids: readonly string[],
): Promise<Map<string, Exposure[]>> {
  const all = await allExposures(q);
  return new Map(ids.map((id) => [id, all.get(id) ?? []]));
}

/** Whether a confirmed sanctions hit stops this organisation from being verified or receiving material. */
export async function sanctionsBlock(q: Queryable, organisationId: string): Promise<Exposure | undefined> {
  const mine = (await allExposures(q)).get(organisationId) ?? [];
  return isBlocked(mine)
    ? mine.find((x) => x.list.kind === 'sanctions' && BLOCKING_RELATIONS.includes(x.relation))
    : undefined;
}

export const exposureView = (x: Exposure): ExposureView => ({
  hitId: x.hitId,
  relation: x.relation,
  list: x.list,
  reference: x.reference,
  path: x.path,
  effectivePercent: x.effectivePercent,
  blocking: x.list.kind === 'sanctions' && BLOCKING_RELATIONS.includes(x.relation),
});
