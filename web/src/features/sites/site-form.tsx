import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { MINERALS } from '../../../../src/domain/sites/site.ts';
import { siteInputSchema } from '../../../../src/services/sites/site-input.ts';
import { type Answer, api, ok } from '../../api/client.ts';
import { bodyResolver } from '../../components/body-resolver.ts';
import { Field } from '../../components/field.tsx';
import { FormFooter } from '../../components/form-footer.tsx';
import { Failure, Loading } from '../../components/query-state.tsx';
import { useServerErrors } from '../../components/server-errors.ts';
import { cooperativesQuery, PROVINCES, SITES, siteQuery } from './queries.ts';
import { SiteDuplicates } from './site-duplicates.tsx';
import {
  type Outline,
  siteFormFields,
  toBody,
  toFormPath,
  type Values,
  valuesOf,
} from './site-form-values.ts';

/** Registers a site or edits one; errors appear by the field they concern, checked first by the server's schema. */
export function SiteFormPage() {
  const { id } = useParams();
  const site = useQuery({ ...siteQuery(id ?? ''), enabled: id !== undefined });
  if (id === undefined) return <SiteForm />;
  if (site.error) return <Failure error={site.error} />;
  if (!site.data) return <Loading />;
  return <SiteForm site={site.data} />;
}

function SiteForm({ site }: { site?: Answer<'/api/sites/{id}'> }) {
  const { t } = useTranslation('sites', { keyPrefix: 'form' });
  const { t: ts } = useTranslation('sites');
  const navigate = useNavigate();
  const queries = useQueryClient();
  const cooperatives = useQuery(cooperativesQuery).data?.items ?? [];
  const [outline] = useState<Outline | null>(() =>
    site && site.geometry.type !== 'Point' ? site.geometry : null,
  );
  const form = useForm<Values>({
    defaultValues: valuesOf(site),
    resolver: bodyResolver(siteInputSchema, (v) => toBody(v, outline), siteFormFields, toFormPath),
  });
  const server = useServerErrors(form, siteFormFields, toFormPath);
  const save = useMutation({
    mutationFn: (v: Values) => {
      // The resolver has checked the body with this schema already; its output is what the API's types describe.
      const body = siteInputSchema.parse(toBody(v, outline));
      return site
        ? ok(
            api.PUT('/api/sites/{id}', {
              params: { path: { id: site.id } },
              body: { ...body, version: site.version },
            }),
          )
        : ok(api.POST('/api/sites', { body }));
    },
    onSuccess: async (saved) => {
      await queries.invalidateQueries({ queryKey: SITES });
      navigate(`/sites/${saved.id}`);
    },
    onError: server.show,
  });
  const errorOf = (name: keyof Values) => form.getFieldState(name, form.formState).error?.message;
  const submit = form.handleSubmit((v) => {
    server.clear();
    return save.mutateAsync(v).catch(() => {});
  });
  const province = form.watch('province');
  const text = (name: 'code' | 'name' | 'territory' | 'zoneCode' | 'concession', label: string) => (
    <Field label={label} error={errorOf(name)} {...form.register(name)} />
  );
  const number = (name: 'workforce' | 'pits' | 'capacityKgMonth' | 'typicalGradePct', label: string) => (
    <Field label={label} inputMode="decimal" error={errorOf(name)} {...form.register(name)} />
  );

  return (
    <form className="record-form" onSubmit={submit} noValidate>
      {text('code', t('code'))}
      {text('name', t('name'))}
      {text('territory', t('territory'))}
      {text('zoneCode', t('zone'))}
      {text('concession', t('concession'))}
      <label className="field">
        {t('province')}
        <select {...form.register('province')}>
          {[...new Set([province, ...PROVINCES])].map((p) => (
            <option key={p}>{p}</option>
          ))}
        </select>
        {errorOf('province') && <span className="field-error">{errorOf('province')}</span>}
      </label>
      {outline && <p className="hint">{t('outlineKept')}</p>}
      <Field label={t('longitude')} inputMode="decimal" error={errorOf('lon')} {...form.register('lon')} />
      <Field label={t('latitude')} inputMode="decimal" error={errorOf('lat')} {...form.register('lat')} />
      {!site && (
        <SiteDuplicates
          code={form.watch('code') ?? ''}
          name={form.watch('name') ?? ''}
          lon={form.watch('lon') ?? ''}
          lat={form.watch('lat') ?? ''}
        />
      )}
      <fieldset>
        <legend>{t('minerals')}</legend>
        <div className="checks">
          {MINERALS.map((m) => (
            <label key={m}>
              <input type="checkbox" value={m} {...form.register('minerals')} />
              {ts(`mineral.${m}`)}
            </label>
          ))}
        </div>
        {errorOf('minerals') && <span className="field-error">{errorOf('minerals')}</span>}
      </fieldset>
      <label className="field">
        {t('cooperatives')}
        <select multiple {...form.register('cooperativeIds')}>
          {cooperatives.map((c) => (
            <option key={c.id} value={c.id}>
              {c.legalName}
            </option>
          ))}
        </select>
        {errorOf('cooperativeIds') && <span className="field-error">{errorOf('cooperativeIds')}</span>}
      </label>
      {number('workforce', t('workforce'))}
      {number('pits', t('pits'))}
      {number('capacityKgMonth', t('capacityKg'))}
      {number('typicalGradePct', t('gradePct'))}
      <FormFooter
        problems={[
          ...server.elsewhere,
          ...(form.formState.errors.root?.message ?? '').split('\n').filter(Boolean),
        ]}
        busy={form.formState.isSubmitting}
        onCancel={() => navigate(-1)}
      />
    </form>
  );
}
