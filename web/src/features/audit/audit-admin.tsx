import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { api, ok } from '../../api/client.ts';
import { ExportButton } from '../../components/export-button.tsx';
import { Field } from '../../components/field.tsx';
import { FormFooter } from '../../components/form-footer.tsx';
import { problemText } from '../../components/problem-text.ts';
import { Failure, Loading } from '../../components/query-state.tsx';
import { useServerErrors } from '../../components/server-errors.ts';
import { useLocale } from '../../i18n/locale.ts';
import {
  AUDIT,
  type AuditGrant,
  choicesQuery,
  grantsPage,
  packHref,
  readsPage,
  sealQuery,
} from './queries.ts';

/** The administrator's page: grant an auditor access, end it, see every read auditors made, download a pack. */
export function AuditAdmin() {
  return (
    <>
      <GrantForm />
      <Grants />
      <Reads />
      <Pack />
    </>
  );
}

type GrantFields = {
  auditorUserId: string;
  siteIds: string[];
  organisationIds: string[];
  periodFrom: string;
  periodTo: string;
  logPacks: boolean;
  purpose: string;
};
const FIELDS = ['auditorUserId', 'siteIds', 'organisationIds', 'periodFrom', 'periodTo', 'purpose'] as const;

function GrantForm() {
  const choices = useQuery(choicesQuery);
  if (choices.error) return <Failure error={choices.error} />;
  if (!choices.data) return <Loading />;
  return <GrantFormFields choices={choices.data} />;
}

type Choices = Awaited<ReturnType<NonNullable<typeof choicesQuery.queryFn>>>;

function GrantFormFields({ choices }: { choices: Choices }) {
  const { t } = useTranslation('audit');
  const queries = useQueryClient();
  const { auditors, sites, organisations } = choices;
  const blank: GrantFields = {
    auditorUserId: auditors[0]?.id ?? '',
    siteIds: [],
    organisationIds: [],
    periodFrom: '',
    periodTo: '',
    logPacks: false,
    purpose: '',
  };
  const form = useForm<GrantFields>({ defaultValues: blank });
  const server = useServerErrors(form, FIELDS, (path) =>
    path.replace(/^(siteIds|organisationIds)\.\d+$/, '$1'),
  );
  const [done, setDone] = useState<string | null>(null);
  const errorOf = (name: (typeof FIELDS)[number]) => form.getFieldState(name, form.formState).error?.message;

  const submit = form.handleSubmit(async (v) => {
    server.clear();
    setDone(null);
    try {
      const grant = await ok(
        api.POST('/api/audit/grants', {
          body: {
            auditorUserId: v.auditorUserId,
            siteIds: v.siteIds,
            organisationIds: v.organisationIds,
            periodFrom: v.periodFrom,
            periodTo: v.periodTo,
            logPacks: v.logPacks,
            purpose: v.purpose.trim(),
          },
        }),
      );
      setDone(grant.auditor.name);
      form.reset(blank);
      await queries.invalidateQueries({ queryKey: AUDIT });
    } catch (error) {
      server.show(error);
    }
  });

  return (
    <form className="card record-form" onSubmit={submit} noValidate>
      <h2>{t('admin.grantTitle')}</h2>
      {auditors.length === 0 ? (
        <p className="empty">{t('admin.noAuditor')}</p>
      ) : (
        <label className="field">
          {t('admin.auditor')}
          <select {...form.register('auditorUserId')}>
            {auditors.map((u) => (
              <option key={u.id} value={u.id}>
                {u.name} ({u.email})
              </option>
            ))}
          </select>
          {errorOf('auditorUserId') && <span className="field-error">{errorOf('auditorUserId')}</span>}
        </label>
      )}
      <label className="field">
        {t('admin.sites')}
        <select multiple size={5} {...form.register('siteIds')}>
          {sites.map((s) => (
            <option key={s.id} value={s.id}>
              {s.code} — {s.name}
            </option>
          ))}
        </select>
        {errorOf('siteIds') && <span className="field-error">{errorOf('siteIds')}</span>}
      </label>
      <label className="field">
        {t('admin.organisations')}
        <select multiple size={5} {...form.register('organisationIds')}>
          {organisations.map((o) => (
            <option key={o.id} value={o.id}>
              {o.legalName}
            </option>
          ))}
        </select>
        {errorOf('organisationIds') && <span className="field-error">{errorOf('organisationIds')}</span>}
      </label>
      <Field
        label={t('admin.periodFrom')}
        type="date"
        error={errorOf('periodFrom')}
        {...form.register('periodFrom')}
      />
      <Field
        label={t('admin.periodTo')}
        type="date"
        error={errorOf('periodTo')}
        {...form.register('periodTo')}
      />
      <label className="check">
        <input type="checkbox" {...form.register('logPacks')} /> {t('admin.logPacks')}
      </label>
      <Field
        label={t('admin.purpose')}
        error={errorOf('purpose')}
        maxLength={500}
        {...form.register('purpose')}
      />
      <FormFooter
        problems={server.elsewhere}
        busy={form.formState.isSubmitting}
        submitLabel={t('admin.grant')}
      />
      {done && (
        <p role="status" className="saved">
          {t('admin.granted', { name: done })}
        </p>
      )}
    </form>
  );
}

function Grants() {
  const { t } = useTranslation('audit');
  const { t: tc } = useTranslation();
  const n = new Intl.NumberFormat(useLocale());
  const grants = useInfiniteQuery({
    queryKey: [...AUDIT, 'grants'],
    queryFn: ({ pageParam }) => grantsPage(pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  if (grants.error) return <Failure error={grants.error} />;
  if (!grants.data) return <Loading />;
  const items = grants.data.pages.flatMap((p) => p.items);
  return (
    <section className="card">
      <h2>{t('admin.grantsTitle')}</h2>
      <ExportButton label={t('admin.grantsTitle')} list={{ path: '/api/audit/grants', query: {} }} />
      {items.length === 0 ? (
        <p className="empty">{tc('empty')}</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th>{t('admin.auditor')}</th>
              <th>{t('admin.scope')}</th>
              <th>{t('admin.period')}</th>
              <th>{t('admin.grantedBy')}</th>
              <th>{t('admin.state')}</th>
            </tr>
          </thead>
          <tbody>
            {items.map((g) => (
              <tr key={g.id}>
                <td>
                  {g.auditor.name}
                  <br />
                  <small>{g.purpose}</small>
                </td>
                <td>
                  {t('admin.scopeCount', {
                    sites: n.format(g.siteIds.length),
                    organisations: n.format(g.organisationIds.length),
                  })}
                </td>
                <td>
                  {g.periodFrom} – {g.periodTo}
                </td>
                <td>
                  {g.grantedBy.name}
                  <br />
                  <small>{g.grantedAt.slice(0, 16).replace('T', ' ')}</small>
                </td>
                <td>
                  {g.ended ? (
                    t('admin.endedBy', {
                      at: g.ended.at.slice(0, 16).replace('T', ' '),
                      name: g.ended.by.name,
                      reason: g.ended.reason,
                    })
                  ) : (
                    <EndGrant grant={g} />
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {grants.hasNextPage && (
        <button type="button" onClick={() => grants.fetchNextPage()}>
          {tc('more')}
        </button>
      )}
    </section>
  );
}

function EndGrant({ grant }: { grant: AuditGrant }) {
  const { t } = useTranslation('audit');
  const queries = useQueryClient();
  const [reason, setReason] = useState('');
  const end = useMutation({
    mutationFn: () =>
      ok(
        api.POST('/api/audit/grants/{id}/end', {
          params: { path: { id: grant.id } },
          body: { reason: reason.trim() },
        }),
      ),
    onSuccess: () => queries.invalidateQueries({ queryKey: AUDIT }),
  });
  return (
    <div className="inline-form">
      <span>{t('admin.inForce')}</span>
      <label>
        {t('admin.endReason')}
        <input value={reason} maxLength={500} onChange={(e) => setReason(e.target.value)} />
      </label>
      <button type="button" disabled={end.isPending} onClick={() => end.mutate()}>
        {t('admin.end')}
      </button>
      {end.error && (
        <p role="alert" className="error">
          {problemText(end.error)}
        </p>
      )}
    </div>
  );
}

function Reads() {
  const { t } = useTranslation('audit');
  const { t: tc } = useTranslation();
  const reads = useInfiniteQuery({
    queryKey: [...AUDIT, 'reads'],
    queryFn: ({ pageParam }) => readsPage(pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  if (reads.error) return <Failure error={reads.error} />;
  if (!reads.data) return <Loading />;
  const items = reads.data.pages.flatMap((p) => p.items);
  return (
    <section className="card">
      <h2>{t('admin.readsTitle')}</h2>
      <ExportButton label={t('admin.readsTitle')} list={{ path: '/api/audit/reads', query: {} }} />
      {items.length === 0 ? (
        <p className="empty">{t('admin.readsEmpty')}</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th>{t('admin.at')}</th>
              <th>{t('admin.auditor')}</th>
              <th>{t('admin.what')}</th>
              <th>{t('admin.outcome')}</th>
            </tr>
          </thead>
          <tbody>
            {items.map((r) => (
              <tr key={r.seq}>
                <td>{r.at.slice(0, 19).replace('T', ' ')}</td>
                <td>{r.auditor.name}</td>
                <td>
                  <code>{r.path}</code>
                </td>
                <td>
                  {t(`admin.${r.outcome}`)}
                  {r.code && (
                    <>
                      {' '}
                      <small>({r.code})</small>
                    </>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {reads.hasNextPage && (
        <button type="button" onClick={() => reads.fetchNextPage()}>
          {tc('more')}
        </button>
      )}
    </section>
  );
}

function Pack() {
  const { t } = useTranslation('audit');
  const seal = useQuery(sealQuery);
  return (
    <section className="card">
      <h2>{t('admin.packTitle')}</h2>
      <p>{t('admin.packHint')}</p>
      {seal.data?.keyId && <p>{t('admin.keyId', { keyId: seal.data.keyId })}</p>}
      <p>
        <a className="button" href={packHref()} download>
          {t('admin.download')}
        </a>
      </p>
    </section>
  );
}
