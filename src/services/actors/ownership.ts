import { canReadPrivate, canRegisterActors } from '../../domain/access/roles.ts';
import { checkOwnershipShare } from '../../domain/actors/ownership.ts';
import { appendEvent } from '../../storage/events.ts';
import {
  deleteOwnershipLink,
  findOrganisation,
  findPerson,
  insertOwnershipLink,
  type OwnershipLinkView,
  ownershipLinksOf,
} from '../../storage/queries/actors.ts';
import { type AuthedContext, actorOf } from '../context.ts';
import { forbidden, invalid, notFound } from '../errors.ts';
import { type CreateOperation, createOnce, rowIn } from '../idempotency.ts';
import type { OwnershipView } from './views.ts';

const view = (r: OwnershipLinkView): OwnershipView => ({
  id: r.id,
  ownedOrganisationId: r.owned_organisation_id,
  owner: r.owner_organisation_id
    ? { kind: 'organisation', id: r.owner_organisation_id, name: r.owner_name }
    : { kind: 'person', id: r.owner_person_id!, name: r.owner_name },
  percent: r.percent,
  createdAt: r.created_at.toISOString(),
});

const rows = (ctx: AuthedContext, organisationId: string) => ownershipLinksOf(ctx.db, organisationId);

/** The owners of an organisation (beneficial ownership), visible to whoever may read its private records. */
export async function listOwners(ctx: AuthedContext, organisationId: string): Promise<OwnershipView[]> {
  if (!(await findOrganisation(ctx.db, organisationId))) throw notFound('organisation');
  if (!canReadPrivate(ctx.principal, organisationId))
    throw forbidden('you may not see the owners of this organisation', { code: 'actors.owners-hidden' });
  return (await rows(ctx, organisationId)).map(view);
}

type OwnerInput = { id?: string; ownerOrganisationId?: string; ownerPersonId?: string; percent: number };

const RECORD: CreateOperation<OwnershipView & { created: boolean }> = {
  name: 'ownership.record',
  exists: rowIn('ownership_links'),
  // The owner may be a person, named in the answer: it is read again rather than copied.
  keep: (link) => ({ id: link.id, ownedOrganisationId: link.ownedOrganisationId }),
  restore: async (kept, c, id) => {
    const { ownedOrganisationId } = kept as { ownedOrganisationId: string };
    const link = (await rows(c, ownedOrganisationId)).find((r) => r.id === id);
    if (!link) throw notFound('ownership link');
    return view(link);
  },
};

export async function addOwner(ctx: AuthedContext, organisationId: string, input: OwnerInput) {
  if (!(await findOrganisation(ctx.db, organisationId))) throw notFound('organisation');
  if (!canRegisterActors(ctx.principal))
    throw forbidden('only administrators and analysts record ownership', {
      code: 'actors.ownership-registrars-only',
    });
  const { id: _id, ...fields } = input;
  return createOnce(ctx, RECORD, { ...input, organisationId }, (c, id) =>
    recordOwner(c, organisationId, fields, id),
  );
}

async function recordOwner(
  ctx: AuthedContext,
  organisationId: string,
  input: Omit<OwnerInput, 'id'>,
  id: string,
) {
  const ownerId = input.ownerOrganisationId ?? input.ownerPersonId;
  if (!ownerId || (input.ownerOrganisationId && input.ownerPersonId)) {
    throw invalid([
      {
        path: 'ownerOrganisationId',
        message: 'give exactly one of ownerOrganisationId and ownerPersonId',
        code: 'actors.owner-exactly-one',
      },
    ]);
  }
  const ownerExists = input.ownerOrganisationId
    ? await findOrganisation(ctx.db, input.ownerOrganisationId)
    : await findPerson(ctx.db, ownerId);
  if (!ownerExists) {
    throw invalid([
      {
        path: input.ownerOrganisationId ? 'ownerOrganisationId' : 'ownerPersonId',
        message: 'no such owner',
        code: 'common.field.not-found',
        params: { record: input.ownerOrganisationId ? 'organisation' : 'person' },
      },
    ]);
  }
  const existing = await rows(ctx, organisationId);
  const problem = checkOwnershipShare(
    organisationId,
    existing.map((e) => ({ ownerId: (e.owner_organisation_id ?? e.owner_person_id)!, percent: e.percent })),
    { ownerId, percent: input.percent },
  );
  if (problem) throw invalid([{ path: 'percent', ...problem }]);
  const now = ctx.clock();
  await ctx.db.transaction(async (tx) => {
    await insertOwnershipLink(tx, {
      id,
      owned_organisation_id: organisationId,
      owner_organisation_id: input.ownerOrganisationId ?? null,
      owner_person_id: input.ownerPersonId ?? null,
      percent: input.percent,
      created_at: now,
    });
    await appendEvent(tx, {
      type: 'ownership.recorded',
      subjectType: 'organisation',
      subjectId: organisationId,
      payload: { linkId: id, ...input },
      actor: actorOf(ctx.principal),
      at: now,
    });
  });
  return { ...view((await rows(ctx, organisationId)).find((r) => r.id === id)!), created: true };
}

export async function removeOwner(ctx: AuthedContext, organisationId: string, linkId: string): Promise<void> {
  if (!canRegisterActors(ctx.principal))
    throw forbidden('only administrators and analysts record ownership', {
      code: 'actors.ownership-registrars-only',
    });
  const now = ctx.clock();
  await ctx.db.transaction(async (tx) => {
    if (!(await deleteOwnershipLink(tx, linkId, organisationId))) throw notFound('ownership link');
    await appendEvent(tx, {
      type: 'ownership.removed',
      subjectType: 'organisation',
      subjectId: organisationId,
      payload: { linkId },
      actor: actorOf(ctx.principal),
      at: now,
    });
  });
}
