import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type Path, useFieldArray, useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { DECISIONS } from '../../../../src/domain/incidents/lifecycle.ts';
import { planInput } from '../../../../src/services/incidents/plan-input.ts';
import { api, ok } from '../../api/client.ts';
import { bodyResolver } from '../../components/body-resolver.ts';
import { Field } from '../../components/field.tsx';
import { FormFooter } from '../../components/form-footer.tsx';
import { useServerErrors } from '../../components/server-errors.ts';
import {
  blankAction,
  blankIndicator,
  blankPlan,
  type PlanValues,
  planBody,
  planFields,
} from './plan-values.ts';
import { INCIDENTS } from './queries.ts';

/**
 * Writes an incident's mitigation plan: measurable indicators (baseline and target), actions with their owners
 * and deadlines, the organisation that owns the plan, and the first OECD decision with its reason.
 */
export function PlanForm({
  incidentId,
  owners,
  onWritten,
}: {
  incidentId: string;
  /** Organisations that may own the plan: the site's cooperatives. */
  owners: { id: string; name: string }[];
  onWritten: () => void;
}) {
  const { t } = useTranslation('incidents', { keyPrefix: 'planForm' });
  const { t: ti } = useTranslation('incidents');
  const queries = useQueryClient();
  const form = useForm<PlanValues>({
    defaultValues: blankPlan(),
    resolver: bodyResolver(planInput, planBody, planFields),
  });
  const server = useServerErrors(form, planFields);
  const indicators = useFieldArray({ control: form.control, name: 'indicators' });
  const actions = useFieldArray({ control: form.control, name: 'actions' });
  const write = useMutation({
    mutationFn: (v: PlanValues) =>
      ok(
        api.POST('/api/incidents/{id}/plan', {
          params: { path: { id: incidentId } },
          body: planInput.parse(planBody(v)),
        }),
      ),
    onSuccess: async () => {
      await queries.invalidateQueries({ queryKey: [...INCIDENTS, incidentId] });
      onWritten();
    },
    onError: server.show,
  });
  const errorOf = (name: Path<PlanValues>) => form.getFieldState(name, form.formState).error?.message;
  const submit = form.handleSubmit((v) => {
    server.clear();
    return write.mutateAsync(v).catch(() => {});
  });

  return (
    <form className="record-form plan-form" onSubmit={submit} noValidate aria-label={t('title')}>
      <h3>{t('title')}</h3>
      <label className="field">
        {t('owner')}
        <select {...form.register('ownerOrganisationId')}>
          <option value="">{t('noOwner')}</option>
          {owners.map((o) => (
            <option key={o.id} value={o.id}>
              {o.name}
            </option>
          ))}
        </select>
      </label>

      <fieldset>
        <legend>{ti('page.indicators')}</legend>
        {indicators.fields.map((row, i) => (
          <fieldset key={row.id} className="row" aria-label={t('indicatorN', { n: i + 1 })}>
            <Field
              label={t('indicatorName')}
              error={errorOf(`indicators.${i}.name`)}
              {...form.register(`indicators.${i}.name`)}
            />
            <Field
              label={t('unit')}
              error={errorOf(`indicators.${i}.unit`)}
              {...form.register(`indicators.${i}.unit`)}
            />
            <Field
              label={t('baseline')}
              inputMode="decimal"
              error={errorOf(`indicators.${i}.baseline`)}
              {...form.register(`indicators.${i}.baseline`)}
            />
            <Field
              label={t('target')}
              inputMode="decimal"
              error={errorOf(`indicators.${i}.target`)}
              {...form.register(`indicators.${i}.target`)}
            />
            {indicators.fields.length > 1 && (
              <button type="button" onClick={() => indicators.remove(i)}>
                {t('remove')}
              </button>
            )}
          </fieldset>
        ))}
        {errorOf('indicators') && <p className="field-error">{errorOf('indicators')}</p>}
        {indicators.fields.length < 20 && (
          <button type="button" onClick={() => indicators.append(blankIndicator())}>
            {t('addIndicator')}
          </button>
        )}
      </fieldset>

      <fieldset>
        <legend>{ti('page.actions')}</legend>
        {actions.fields.map((row, i) => (
          <fieldset key={row.id} className="row" aria-label={t('actionN', { n: i + 1 })}>
            <Field
              label={t('action')}
              error={errorOf(`actions.${i}.description`)}
              {...form.register(`actions.${i}.description`)}
            />
            <Field
              label={t('actionOwner')}
              error={errorOf(`actions.${i}.owner`)}
              {...form.register(`actions.${i}.owner`)}
            />
            <Field
              label={t('deadline')}
              type="date"
              error={errorOf(`actions.${i}.deadline`)}
              {...form.register(`actions.${i}.deadline`)}
            />
            {actions.fields.length > 1 && (
              <button type="button" onClick={() => actions.remove(i)}>
                {t('remove')}
              </button>
            )}
          </fieldset>
        ))}
        {errorOf('actions') && <p className="field-error">{errorOf('actions')}</p>}
        {actions.fields.length < 50 && (
          <button type="button" onClick={() => actions.append(blankAction())}>
            {t('addAction')}
          </button>
        )}
      </fieldset>

      <label className="field">
        {ti('page.decision')}
        <select {...form.register('decision')}>
          {DECISIONS.map((d) => (
            <option key={d} value={d}>
              {ti(`decision.${d}`)}
            </option>
          ))}
        </select>
      </label>
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
