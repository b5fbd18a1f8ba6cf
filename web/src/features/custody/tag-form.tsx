import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { type Path, useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { allPages } from '../../api/all-pages.ts';
import { api, ok } from '../../api/client.ts';
import { Field } from '../../components/field.tsx';
import { FormFooter } from '../../components/form-footer.tsx';
import { Failure, Loading } from '../../components/query-state.tsx';
import { useServerErrors } from '../../components/server-errors.ts';
import { usePrincipal } from '../access/session.ts';
import { BalancePanel, Recorded, type Stock, WithStock } from './operation-parts.tsx';
import { LOTS } from './queries.ts';
import { custodyField } from './rule-fields.ts';

interface Values {
  siteId: string;
  tag: string;
  massKg: string;
  gradePct: string;
  taggedAt: string;
}
const FIELDS: Path<Values>[] = ['siteId', 'tag', 'massKg', 'gradePct', 'taggedAt'];

/** Local date and time for a datetime-local input. */
const localNow = () => {
  const d = new Date();
  return new Date(d.getTime() - d.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
};
/** A typed number, or NaN when nothing usable was typed (the balance then leaves it out). */
const num = (s: string) => (s.trim() === '' ? Number.NaN : Number(s.replace(',', '.')));

/** A cooperative tags and weighs a sack at one of its sites: the sack enters its stock. */
export function TagSacksPage() {
  return <WithStock>{(stock) => <TagForm stock={stock} />}</WithStock>;
}

function TagForm({ stock }: { stock: Stock }) {
  const { t } = useTranslation('custody');
  const me = usePrincipal();
  const queries = useQueryClient();
  const sites = useQuery({
    queryKey: ['sites', 'list', { cooperativeId: me.organisationId, all: true }],
    queryFn: () =>
      allPages((cursor) =>
        ok(
          api.GET('/api/sites', {
            params: { query: { cooperativeId: me.organisationId, limit: 200, cursor } },
          }),
        ),
      ),
  });
  // One id for this sack however many times it is sent: a retry after a lost answer is recorded once.
  const [id, setId] = useState(() => crypto.randomUUID());
  const form = useForm<Values>({
    defaultValues: { siteId: '', tag: '', massKg: '', gradePct: '', taggedAt: localNow() },
  });
  const server = useServerErrors(form, FIELDS, (p) => custodyField(p));
  const record = useMutation({
    mutationFn: (v: Values) =>
      ok(
        api.POST('/api/custody/tags', {
          body: {
            id,
            siteId: v.siteId,
            cooperativeId: me.organisationId,
            tag: v.tag.trim(),
            massKg: num(v.massKg),
            gradePct: num(v.gradePct),
            taggedAt: new Date(v.taggedAt).toISOString(),
          },
        }),
      ),
    onSuccess: () => queries.invalidateQueries({ queryKey: LOTS }),
    onError: server.show,
  });
  const errorOf = (name: Path<Values>) => form.getFieldState(name, form.formState).error?.message;
  if (sites.error) return <Failure error={sites.error} />;
  if (!sites.data) return <Loading />;
  if (record.data)
    return (
      <Recorded
        title={t('op.tagged')}
        result={record.data}
        onAgain={() => {
          setId(crypto.randomUUID());
          form.reset({ ...form.getValues(), tag: '', massKg: '', gradePct: '', taggedAt: localNow() });
          record.reset();
        }}
      />
    );
  const v = form.watch();
  const site = sites.data.find((s) => s.id === v.siteId);
  const massKg = num(v.massKg);
  const gradePct = num(v.gradePct);
  const typed = Number.isFinite(massKg) && Number.isFinite(gradePct);
  return (
    <form
      className="record-form"
      onSubmit={form.handleSubmit((values) => {
        server.clear();
        return record.mutateAsync(values).catch(() => {});
      })}
      noValidate
    >
      <label className="field">
        {t('op.site')}
        <select aria-invalid={errorOf('siteId') ? true : undefined} {...form.register('siteId')}>
          <option value="">{t('op.chooseSite')}</option>
          {sites.data.map((s) => (
            <option key={s.id} value={s.id}>
              {s.code} · {s.name}
            </option>
          ))}
        </select>
        {errorOf('siteId') && <span className="field-error">{errorOf('siteId')}</span>}
      </label>
      {site && (site.status === 'red' || site.suspendedBy.length > 0) && (
        <p className="warning">{t('op.siteNonConforming', { site: site.code })}</p>
      )}
      <Field
        label={t('op.tag')}
        maxLength={64}
        autoComplete="off"
        error={errorOf('tag')}
        {...form.register('tag')}
      />
      <Field
        label={t('op.massKg')}
        inputMode="decimal"
        error={errorOf('massKg')}
        {...form.register('massKg')}
      />
      <Field
        label={t('op.gradePct')}
        inputMode="decimal"
        error={errorOf('gradePct')}
        {...form.register('gradePct')}
      />
      <Field
        label={t('op.taggedAt')}
        type="datetime-local"
        error={errorOf('taggedAt')}
        {...form.register('taggedAt')}
      />
      <BalancePanel
        plan={{
          kind: 'tag',
          holder: stock.holder,
          stock,
          inputs: [],
          outputs: typed ? [{ massKg, gradePct }] : [],
          lossTolerancePct: stock.rules.lossTolerancePct,
        }}
      />
      <FormFooter
        problems={server.elsewhere}
        busy={form.formState.isSubmitting}
        submitLabel={t('op.submit.tag')}
      />
    </form>
  );
}
