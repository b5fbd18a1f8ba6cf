import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { DECISIONS, type Decision } from '../../../../src/domain/incidents/lifecycle.ts';
import { planDecisionInput, planReviewInput } from '../../../../src/services/incidents/plan-input.ts';
import { type Answer, api, ok } from '../../api/client.ts';
import { bodyResolver } from '../../components/body-resolver.ts';
import { Field } from '../../components/field.tsx';
import { FormFooter } from '../../components/form-footer.tsx';
import { useServerErrors } from '../../components/server-errors.ts';
import { decimal } from './plan-values.ts';
import { INCIDENTS } from './queries.ts';

type Plan = Answer<'/api/incidents/{id}/plan'>;

interface ReviewValues {
  notes: string;
  /** Progress per indicator, in the plan's order; blank for an indicator not measured this time. */
  progress: string[];
  /** Whether each action was found done (those done already stay done). */
  done: boolean[];
}

const reviewBody = (plan: Plan) => (v: ReviewValues) => ({
  notes: v.notes,
  progress: Object.fromEntries(
    plan.indicators.flatMap((x, i) => (v.progress[i]?.trim() ? [[x.name, decimal(v.progress[i])]] : [])),
  ),
  actionsDone: plan.actions.flatMap((a, i) => (!a.done && v.done[i] ? [i] : [])),
  revision: plan.revision,
});

const REVIEW_FIELDS = ['notes', ...Array.from({ length: 20 }, (_, i) => `progress.${i}` as const)] as const;

/** Records a review of the plan: what was found, progress per indicator, the actions now done. */
export function ReviewForm({ incidentId, plan }: { incidentId: string; plan: Plan }) {
  const { t } = useTranslation('incidents', { keyPrefix: 'review' });
  const queries = useQueryClient();
  const toBody = reviewBody(plan);
  // The server names an indicator's progress by its name; the form by its place in the plan.
  const toFormPath = (path: string) => {
    const i = plan.indicators.findIndex((x) => path === `progress.${x.name}`);
    return i >= 0 ? `progress.${i}` : path;
  };
  const form = useForm<ReviewValues>({
    defaultValues: {
      notes: '',
      progress: plan.indicators.map(() => ''),
      done: plan.actions.map(() => false),
    },
    resolver: bodyResolver(planReviewInput, toBody, REVIEW_FIELDS, toFormPath),
  });
  const server = useServerErrors(form, REVIEW_FIELDS, toFormPath);
  const save = useMutation({
    mutationFn: (v: ReviewValues) =>
      ok(
        api.POST('/api/incidents/{id}/plan/reviews', {
          params: { path: { id: incidentId } },
          body: planReviewInput.parse(toBody(v)),
        }),
      ),
    onSuccess: async () => {
      form.reset({ notes: '', progress: plan.indicators.map(() => ''), done: plan.actions.map(() => false) });
      await queries.invalidateQueries({ queryKey: [...INCIDENTS, incidentId] });
    },
    onError: server.show,
  });
  const errorOf = (name: (typeof REVIEW_FIELDS)[number]) =>
    form.getFieldState(name, form.formState).error?.message;
  const submit = form.handleSubmit((v) => {
    server.clear();
    return save.mutateAsync(v).catch(() => {});
  });
  return (
    <form className="record-form" onSubmit={submit} noValidate aria-label={t('title')}>
      <h3>{t('title')}</h3>
      <label className="field">
        {t('notes')}
        <textarea {...form.register('notes')} aria-invalid={errorOf('notes') ? true : undefined} />
        {errorOf('notes') && <span className="field-error">{errorOf('notes')}</span>}
      </label>
      {plan.indicators.map((x, i) => (
        <Field
          key={x.name}
          label={t('progress', { name: x.name, unit: x.unit })}
          inputMode="decimal"
          error={errorOf(`progress.${i}`)}
          {...form.register(`progress.${i}`)}
        />
      ))}
      {plan.actions.some((a) => !a.done) && (
        <fieldset>
          <legend>{t('actionsDone')}</legend>
          {plan.actions.map((a, i) =>
            a.done ? null : (
              <label key={`${a.description}|${a.deadline}`} className="check">
                <input type="checkbox" {...form.register(`done.${i}`)} /> {a.description}
              </label>
            ),
          )}
        </fieldset>
      )}
      <FormFooter
        problems={[
          ...server.elsewhere,
          ...(form.formState.errors.root?.message ?? '').split('\n').filter(Boolean),
        ]}
        busy={form.formState.isSubmitting}
        submitLabel={t('submit')}
      />
    </form>
  );
}

interface DecisionValues {
  decision: Decision;
  reason: string;
}

const DECISION_FIELDS = ['decision', 'reason'] as const;

/** Records one of the three OECD responses — continue while mitigating, suspend, disengage — with its reason. */
export function DecisionForm({ incidentId, plan }: { incidentId: string; plan: Plan }) {
  const { t } = useTranslation('incidents', { keyPrefix: 'decide' });
  const { t: ti } = useTranslation('incidents');
  const queries = useQueryClient();
  const toBody = (v: DecisionValues) => ({ ...v, revision: plan.revision });
  const form = useForm<DecisionValues>({
    defaultValues: { decision: plan.decision, reason: '' },
    resolver: bodyResolver(planDecisionInput, toBody, DECISION_FIELDS),
  });
  const server = useServerErrors(form, DECISION_FIELDS);
  const save = useMutation({
    mutationFn: (v: DecisionValues) =>
      ok(
        api.POST('/api/incidents/{id}/plan/decisions', {
          params: { path: { id: incidentId } },
          body: planDecisionInput.parse(toBody(v)),
        }),
      ),
    onSuccess: async (saved) => {
      form.reset({ decision: saved.decision, reason: '' });
      await queries.invalidateQueries({ queryKey: [...INCIDENTS, incidentId] });
    },
    onError: server.show,
  });
  const errorOf = (name: (typeof DECISION_FIELDS)[number]) =>
    form.getFieldState(name, form.formState).error?.message;
  const submit = form.handleSubmit((v) => {
    server.clear();
    return save.mutateAsync(v).catch(() => {});
  });
  return (
    <form className="record-form" onSubmit={submit} noValidate aria-label={t('title')}>
      <h3>{t('title')}</h3>
      <fieldset>
        <legend>{ti('page.decision')}</legend>
        {DECISIONS.map((d) => (
          <label key={d} className="check">
            <input type="radio" value={d} {...form.register('decision')} /> {ti(`decision.${d}`)}
          </label>
        ))}
      </fieldset>
      <label className="field">
        {t('reason')}
        <textarea {...form.register('reason')} aria-invalid={errorOf('reason') ? true : undefined} />
        {errorOf('reason') && <span className="field-error">{errorOf('reason')}</span>}
      </label>
      <FormFooter
        problems={[
          ...server.elsewhere,
          ...(form.formState.errors.root?.message ?? '').split('\n').filter(Boolean),
        ]}
        busy={form.formState.isSubmitting}
        submitLabel={t('submit')}
      />
    </form>
  );
}
