import { z } from 'zod';
import { INDICATORS } from '../../domain/monitoring/indicator-rules.ts';
import type { ServiceContext } from '../../services/context.ts';
import { funderPage } from '../../services/funding/funder.ts';
import {
  addMember,
  configureFund,
  contributionScheduleOf,
  createFund,
  declareDependency,
  getFund,
  listFundReceipts,
  listFunds,
  recordReceipt,
} from '../../services/funding/funds.ts';
import { createProject, disburse, getProject, meetMilestone } from '../../services/funding/projects.ts';
import { proposeAllocation, voteOnProposal } from '../../services/funding/proposals.ts';
import {
  disbursementView,
  funderView,
  fundListItemView,
  fundView,
  projectView,
  proposalView,
  receiptView,
  scheduleView,
} from '../../services/funding/views.ts';
import type { App } from '../app-types.ts';
import { authed } from '../auth.ts';
import { idParams, isoDate, pageOf, pageQuery, problems, versionField } from '../schemas.ts';

const instant = z.iso.datetime({ offset: true });
const minor = z.number().int().min(1).max(Number.MAX_SAFE_INTEGER).describe('minor units (cents)');
const minorOrZero = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).describe('minor units (cents)');
const year = z.coerce.number().int().min(2000).max(2200);
const text = (max: number) => z.string().trim().max(max);

/** The pooled improvement fund: members, contributions, projects, milestones, allocations (decision 0038). */
export function fundingRoutes(app: App, ctx: ServiceContext) {
  const tags = ['funding'];

  app.get(
    '/api/funds',
    {
      schema: {
        tags,
        summary: 'The funds you run or belong to (the regulator: every fund), oldest first',
        querystring: z.object({ ...pageQuery }),
        response: { 200: pageOf(fundListItemView), ...problems(400, 401) },
      },
    },
    async (request) => listFunds(authed(request, ctx), request.query),
  );

  app.post(
    '/api/funds',
    {
      schema: {
        tags,
        summary:
          'Open a pooled fund run by your organisation, with its contribution formula and committee quorum',
        body: z.object({
          id: z.uuid().optional(),
          name: text(200).min(1),
          currency: z.enum(['USD', 'CDF', 'EUR']),
          ratePerTonneMinor: minorOrZero,
          floorMinor: minorOrZero,
          quorum: z.number().int().min(1).max(100),
        }),
        response: { 200: fundView, 201: fundView, ...problems(400, 401, 403, 422) },
      },
    },
    async (request, reply) => {
      const { fund, created } = await createFund(authed(request, ctx), request.body);
      return reply.status(created ? 201 : 200).send(fund);
    },
  );

  app.get(
    '/api/funds/:id',
    {
      schema: {
        tags,
        summary: 'A fund: its formula, members, projects and allocation proposals',
        params: idParams,
        response: { 200: fundView, ...problems(400, 401, 404) },
      },
    },
    async (request) => getFund(authed(request, ctx), request.params.id),
  );

  app.put(
    '/api/funds/:id/formula',
    {
      schema: {
        tags,
        summary: 'Change the contribution formula and the committee quorum, on the version you read',
        params: idParams,
        body: z.object({
          ratePerTonneMinor: minorOrZero,
          floorMinor: minorOrZero,
          quorum: z.number().int().min(1).max(100),
          version: versionField,
        }),
        response: { 200: fundView, ...problems(400, 401, 403, 404, 409) },
      },
    },
    async (request) => configureFund(authed(request, ctx), request.params.id, request.body),
  );

  app.post(
    '/api/funds/:id/members',
    {
      schema: {
        tags,
        summary: 'Admit an organisation to the fund, on its committee or not',
        params: idParams,
        body: z.object({ organisationId: z.uuid(), committee: z.boolean() }),
        response: { 200: fundView, ...problems(400, 401, 403, 404, 409) },
      },
    },
    async (request) => addMember(authed(request, ctx), request.params.id, request.body),
  );

  app.put(
    '/api/funds/:id/declarations',
    {
      schema: {
        tags,
        summary:
          "Record a member's declared contained cobalt for a year (used when custody holds none of its lots that year)",
        params: idParams,
        body: z.object({
          organisationId: z.uuid(),
          year,
          cobaltKg: z.number().int().min(0).max(1e12).describe('contained cobalt, whole kilograms'),
        }),
        response: { 200: scheduleView, ...problems(400, 401, 403, 404) },
      },
    },
    async (request) => declareDependency(authed(request, ctx), request.params.id, request.body),
  );

  app.get(
    '/api/funds/:id/schedule',
    {
      schema: {
        tags,
        summary:
          "A year's contribution schedule: each member's dependency, due, pledged, paid and outstanding (a member: its own line)",
        params: idParams,
        querystring: z.object({ year }),
        response: { 200: scheduleView, ...problems(400, 401, 404) },
      },
    },
    async (request) => contributionScheduleOf(authed(request, ctx), request.params.id, request.query.year),
  );

  app.get(
    '/api/funds/:id/receipts',
    {
      schema: {
        tags,
        summary: "A fund's pledges and payments by value date (a member: its own)",
        params: idParams,
        querystring: z.object({ organisationId: z.uuid().optional(), year: year.optional() }),
        response: { 200: z.object({ items: z.array(receiptView) }), ...problems(400, 401, 403, 404) },
      },
    },
    async (request) => listFundReceipts(authed(request, ctx), request.params.id, request.query),
  );

  app.post(
    '/api/funds/:id/receipts',
    {
      schema: {
        tags,
        summary: "Record a member's pledge or a payment received, dated when it was made",
        params: idParams,
        body: z.object({
          id: z.uuid().optional(),
          organisationId: z.uuid(),
          kind: z.enum(['pledge', 'payment']),
          year,
          amountMinor: minor,
          at: instant,
          reference: text(200).optional(),
        }),
        response: { 200: receiptView, 201: receiptView, ...problems(400, 401, 403, 404, 422) },
      },
    },
    async (request, reply) => {
      const { receipt, created } = await recordReceipt(authed(request, ctx), request.params.id, request.body);
      return reply.status(created ? 201 : 200).send(receipt);
    },
  );

  app.get(
    '/api/funds/:id/funders/:organisationId',
    {
      schema: {
        tags,
        summary:
          "A funder's page: what the member paid, its share of what each project received, and each indicator before and after",
        params: z.object({ id: z.uuid(), organisationId: z.uuid() }),
        response: { 200: funderView, ...problems(400, 401, 403, 404) },
      },
    },
    async (request) => funderPage(authed(request, ctx), request.params.id, request.params.organisationId),
  );

  app.post(
    '/api/funds/:id/projects',
    {
      schema: {
        tags,
        summary:
          'Open an improvement project at a site or cooperative: budget, milestones, what it addresses and the indicators it should move',
        params: idParams,
        body: z.object({
          id: z.uuid().optional(),
          title: text(200).min(1),
          description: text(4000).optional(),
          siteId: z.uuid().nullish(),
          cooperativeId: z.uuid().nullish(),
          budgetMinor: minor,
          startsOn: isoDate,
          indicators: z.array(z.enum(INDICATORS)).max(INDICATORS.length),
          incidentIds: z.array(z.uuid()).max(50),
          correctiveActionIds: z.array(z.uuid()).max(50),
          milestones: z
            .array(z.object({ title: text(200).min(1), amountMinor: minor, dueOn: isoDate }))
            .min(1)
            .max(50),
        }),
        response: { 200: projectView, 201: projectView, ...problems(400, 401, 403, 404, 422) },
      },
    },
    async (request, reply) => {
      const { project, created } = await createProject(authed(request, ctx), request.params.id, request.body);
      return reply.status(created ? 201 : 200).send(project);
    },
  );

  app.get(
    '/api/fund-projects/:id',
    {
      schema: {
        tags,
        summary:
          'A project: milestones, disbursements, what it addresses, and its indicators before and after its start',
        params: idParams,
        response: { 200: projectView, ...problems(400, 401, 404) },
      },
    },
    async (request) => getProject(authed(request, ctx), request.params.id),
  );

  app.post(
    '/api/fund-projects/:id/milestones/:milestoneId/met',
    {
      schema: {
        tags,
        summary: 'Record that a milestone was met, when it was, with a note of the evidence',
        params: z.object({ id: z.uuid(), milestoneId: z.uuid() }),
        body: z.object({ metAt: instant, note: text(2000).min(1) }),
        response: { 200: projectView, ...problems(400, 401, 403, 404, 409) },
      },
    },
    async (request) =>
      meetMilestone(authed(request, ctx), request.params.id, request.params.milestoneId, request.body),
  );

  app.post(
    '/api/fund-projects/:id/disbursements',
    {
      schema: {
        tags,
        summary:
          'Disburse against a met milestone, within what it and the approved allocations leave (409 before the milestone is met)',
        params: idParams,
        body: z.object({
          id: z.uuid().optional(),
          milestoneId: z.uuid(),
          amountMinor: minor,
          disbursedAt: instant,
          reference: text(200).optional(),
        }),
        response: { 200: disbursementView, 201: disbursementView, ...problems(400, 401, 403, 404, 409, 422) },
      },
    },
    async (request, reply) => {
      const { disbursement, created } = await disburse(authed(request, ctx), request.params.id, request.body);
      return reply.status(created ? 201 : 200).send(disbursement);
    },
  );

  app.post(
    '/api/funds/:id/proposals',
    {
      schema: {
        tags,
        summary: "Put an allocation to one of the fund's projects before its committee",
        params: idParams,
        body: z.object({
          id: z.uuid().optional(),
          projectId: z.uuid(),
          amountMinor: minor,
          rationale: text(2000).optional(),
        }),
        response: { 200: proposalView, 201: proposalView, ...problems(400, 401, 403, 404, 422) },
      },
    },
    async (request, reply) => {
      const { proposal, created } = await proposeAllocation(
        authed(request, ctx),
        request.params.id,
        request.body,
      );
      return reply.status(created ? 201 : 200).send(proposal);
    },
  );

  app.post(
    '/api/fund-proposals/:id/votes',
    {
      schema: {
        tags,
        summary:
          "Your organisation's vote, as a committee member, on an open allocation (adopted at the quorum of approvals)",
        params: idParams,
        body: z.object({ vote: z.enum(['approve', 'reject']) }),
        response: { 200: proposalView, ...problems(400, 401, 403, 404, 409) },
      },
    },
    async (request) => voteOnProposal(authed(request, ctx), request.params.id, request.body),
  );
}
