import { z } from 'zod';
import { isoDate, isoDateTime } from '../views.ts';

const minor = z.number().int().describe('an exact amount in minor units of the fund’s currency (cents)');

export const fundMemberView = z.object({
  organisationId: z.uuid(),
  name: z.string(),
  committee: z.boolean(),
  joinedAt: isoDateTime,
});

export const proposalView = z.object({
  id: z.uuid(),
  projectId: z.uuid(),
  projectTitle: z.string(),
  amountMinor: minor,
  rationale: z.string(),
  state: z.enum(['open', 'approved', 'rejected']),
  quorum: z.number().int(),
  proposedAt: isoDateTime,
  decidedAt: isoDateTime.nullable(),
  votes: z.array(
    z.object({
      organisationId: z.uuid(),
      name: z.string(),
      vote: z.enum(['approve', 'reject']),
      at: isoDateTime,
    }),
  ),
});
export type ProposalView = z.output<typeof proposalView>;

export const projectSummaryView = z.object({
  id: z.uuid(),
  title: z.string(),
  site: z.object({ id: z.uuid(), code: z.string(), name: z.string() }).nullable(),
  cooperative: z.object({ id: z.uuid(), name: z.string() }).nullable(),
  budgetMinor: minor,
  allocatedMinor: minor,
  disbursedMinor: minor,
  startsOn: isoDate,
});
export type ProjectSummaryView = z.output<typeof projectSummaryView>;

export const fundView = z.object({
  id: z.uuid(),
  name: z.string(),
  operator: z.object({ id: z.uuid(), name: z.string() }),
  currency: z.string(),
  ratePerTonneMinor: minor.describe('minor units per tonne of contained cobalt'),
  floorMinor: minor.describe('the least a member contributes for a year'),
  quorum: z.number().int().describe('committee approvals that adopt an allocation'),
  version: z.number().int(),
  createdAt: isoDateTime,
  access: z.enum(['manager', 'reader', 'member']).describe('what the caller may do with this fund'),
  members: z.array(fundMemberView),
  projects: z.array(projectSummaryView),
  proposals: z.array(proposalView),
});
export type FundView = z.output<typeof fundView>;

export const fundListItemView = fundView.pick({
  id: true,
  name: true,
  operator: true,
  currency: true,
  createdAt: true,
});
export type FundListItemView = z.output<typeof fundListItemView>;

export const scheduleLineView = z.object({
  organisationId: z.uuid(),
  name: z.string(),
  source: z.enum(['custody', 'declared', 'none']).describe('where the dependency was taken from'),
  cobaltKg: z.number().describe('contained cobalt sourced that year, kilograms (to the gram)'),
  dueMinor: minor,
  pledgedMinor: minor,
  paidMinor: minor,
  outstandingMinor: minor,
  atFloor: z.boolean(),
});
export const scheduleView = z.object({
  fundId: z.uuid(),
  year: z.number().int(),
  currency: z.string(),
  ratePerTonneMinor: minor,
  floorMinor: minor,
  lines: z.array(scheduleLineView),
});
export type ScheduleView = z.output<typeof scheduleView>;

export const receiptView = z.object({
  id: z.uuid(),
  organisationId: z.uuid(),
  name: z.string(),
  kind: z.enum(['pledge', 'payment']),
  year: z.number().int(),
  amountMinor: minor,
  at: isoDateTime,
  reference: z.string(),
  createdAt: isoDateTime,
});
export type ReceiptView = z.output<typeof receiptView>;

const side = z.object({ observations: z.number().int(), mean: z.number().nullable() });
export const outcomeView = z.object({
  indicator: z.string(),
  before: side,
  after: side,
  change: z.number().nullable(),
  verdict: z.enum(['improved', 'worsened', 'unchanged', 'unknown']),
  points: z.array(z.object({ at: isoDateTime, value: z.number() })),
});

export const milestoneView = z.object({
  id: z.uuid(),
  position: z.number().int(),
  title: z.string(),
  amountMinor: minor,
  dueOn: isoDate,
  metAt: isoDateTime.nullable(),
  metNote: z.string().nullable(),
  disbursedMinor: minor,
});

export const disbursementView = z.object({
  id: z.uuid(),
  milestoneId: z.uuid(),
  amountMinor: minor,
  disbursedAt: isoDateTime,
  reference: z.string(),
  createdAt: isoDateTime,
});
export type DisbursementView = z.output<typeof disbursementView>;

export const projectView = projectSummaryView.extend({
  fundId: z.uuid(),
  currency: z.string(),
  description: z.string(),
  indicators: z.array(z.string()),
  incidents: z.array(
    z.object({
      id: z.uuid(),
      code: z.string(),
      title: z.string(),
      level: z.number().int(),
      state: z.string(),
    }),
  ),
  correctiveActions: z.array(
    z.object({
      id: z.uuid(),
      requirementCode: z.string(),
      textEn: z.string(),
      textFr: z.string(),
      status: z.string(),
      deadline: isoDate,
    }),
  ),
  milestones: z.array(milestoneView),
  disbursements: z.array(disbursementView),
  outcomes: z.array(outcomeView),
  /** As of when the outcomes were judged. */
  judgedAt: isoDateTime,
});
export type ProjectView = z.output<typeof projectView>;

export const funderView = z.object({
  fundId: z.uuid(),
  currency: z.string(),
  member: z.object({ id: z.uuid(), name: z.string() }),
  paidMinor: minor,
  fundPaidMinor: minor.describe('what every member paid together'),
  payments: z.array(receiptView),
  projects: z.array(
    projectSummaryView.extend({
      attributedMinor: minor.describe(
        'the member’s share of what was disbursed, by its share of all payments',
      ),
      outcomes: z.array(outcomeView),
    }),
  ),
});
export type FunderView = z.output<typeof funderView>;
