import type { Decision } from '../../../../src/domain/incidents/lifecycle.ts';

/** The plan form's values: text as typed, numbers read in the reader's way of writing them. */
export interface PlanValues {
  ownerOrganisationId: string;
  indicators: { name: string; unit: string; baseline: string; target: string }[];
  actions: { description: string; owner: string; deadline: string }[];
  decision: Decision;
  reason: string;
}

/** A number as a French, English or Swahili reader types it ("2,5", "1 200", "2.5"); NaN when it is none. */
export function decimal(typed: string): number {
  const s = typed.replace(/[\s\u00a0\u202f]/g, '').replace(',', '.');
  return s === '' ? Number.NaN : Number(s);
}

export const blankIndicator = () => ({ name: '', unit: '', baseline: '', target: '' });
export const blankAction = () => ({ description: '', owner: '', deadline: '' });

export const blankPlan = (): PlanValues => ({
  ownerOrganisationId: '',
  indicators: [blankIndicator()],
  actions: [blankAction()],
  decision: 'continue_mitigating',
  reason: '',
});

/** The body POST /api/incidents/{id}/plan takes, from the form. */
export const planBody = (v: PlanValues) => ({
  ownerOrganisationId: v.ownerOrganisationId || null,
  indicators: v.indicators.map((x) => ({
    name: x.name,
    unit: x.unit,
    baseline: decimal(x.baseline),
    target: decimal(x.target),
  })),
  actions: v.actions.map((a) => ({ description: a.description, owner: a.owner, deadline: a.deadline })),
  decision: v.decision,
  reason: v.reason,
});

/**
 * Every field path the form may show an error by (the API's limits: 20 indicators, 50 actions); each row's fields
 * come before the list itself, which takes what concerns the whole list (too few, too many).
 */
export const planFields = [
  'ownerOrganisationId',
  'decision',
  'reason',
  ...Array.from({ length: 20 }, (_, i) =>
    (['name', 'unit', 'baseline', 'target'] as const).map((f) => `indicators.${i}.${f}` as const),
  ).flat(),
  ...Array.from({ length: 50 }, (_, i) =>
    (['description', 'owner', 'deadline'] as const).map((f) => `actions.${i}.${f}` as const),
  ).flat(),
  'indicators',
  'actions',
] as const;
