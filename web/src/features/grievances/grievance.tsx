import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Controller, useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { RISK_CATEGORIES } from '../../../../src/domain/criteria/criteria-set.ts';
import { type Answer, api, ok } from '../../api/client.ts';
import { FileList } from '../../components/file-upload.tsx';
import { oneOf } from '../../components/one-of.ts';
import { Failure, Loading } from '../../components/query-state.tsx';
import { useServerErrors } from '../../components/server-errors.ts';
import { useLocale } from '../../i18n/locale.ts';
import { INCIDENTS } from '../incidents/queries.ts';
import { GRIEVANCES, grievanceQuery } from './queries.ts';
import { SitePicker } from './site-picker.tsx';
import { SmsThread } from './sms-thread.tsx';

type Grievance = Answer<'/api/grievances/{id}'>;
type Decision = 'validate' | 'reject' | 'outcome';
const LEVELS = ['1', '2', '3'] as const;

/** One grievance with the reporter's contact details; the officer validates, rejects or answers it. */
export function GrievancePage() {
  const dateTime = new Intl.DateTimeFormat(useLocale(), { dateStyle: 'medium', timeStyle: 'short' });
  const { id = '' } = useParams();
  const { t } = useTranslation('grievances');
  const { data: g, error } = useQuery(grievanceQuery(id));
  const back = <Link to="/grievances">{t('officer.back')}</Link>;
  if (error) return <Failure error={error} />;
  if (!g) return <Loading />;
  return (
    <article>
      {back}
      <h1>{t('officer.grievance', { code: g.caseCode })}</h1>
      <dl className="facts">
        <dt>{t('officer.state')}</dt>
        <dd data-testid="grievance-status">{t(`case.${g.status}`)}</dd>
        <dt>{t('officer.date')}</dt>
        <dd>{dateTime.format(new Date(g.createdAt))}</dd>
        <dt>{t('officer.site')}</dt>
        <dd data-testid="grievance-site">
          {g.site ? (
            <Link to={`/sites/${g.site.id}`}>{`${g.site.code} · ${g.site.name} (${g.site.province})`}</Link>
          ) : (
            t('officer.noSite')
          )}
        </dd>
        <dt>{t('officer.place')}</dt>
        <dd>{g.location || '—'}</dd>
        <dt>{t('officer.reporter')}</dt>
        <dd>
          {g.anonymous || !g.contact
            ? t('officer.anonymous')
            : [g.contact.name, g.contact.phone, g.contact.email].filter(Boolean).join(' · ')}
        </dd>
        {g.takenDown && (
          <>
            <dt>{t('officer.takenDown')}</dt>
            <dd>
              {t('officer.takenDownBy', {
                name: g.takenDown.by.name,
                date: dateTime.format(new Date(g.takenDown.at)),
              })}
            </dd>
          </>
        )}
        {g.decisionReason && (
          <>
            <dt>{t('officer.reason')}</dt>
            <dd>{g.decisionReason}</dd>
          </>
        )}
        {g.publicOutcome && (
          <>
            <dt>{t('officer.caseOutcome')}</dt>
            <dd>{g.publicOutcome}</dd>
          </>
        )}
        {g.incidentId && (
          <>
            <dt>{t('officer.incident')}</dt>
            <dd>
              <Link to={`/incidents/${g.incidentId}`}>{t('officer.openIncident')}</Link>
            </dd>
          </>
        )}
      </dl>
      <p className="description">{g.description}</p>
      {g.attachments.length > 0 && (
        <section aria-label={t('officer.attachments')}>
          <h2>{t('officer.attachments')}</h2>
          <FileList
            label={t('officer.attachments')}
            files={g.attachments}
            href={(f) => `/api/grievances/${g.id}/attachments/${f.id}`}
          />
        </section>
      )}
      <SmsThread grievanceId={g.id} />
      {g.status !== 'closed' && g.status !== 'rejected' && (
        <DecisionForm key={`${g.status}:${g.revision}`} g={g} />
      )}
    </article>
  );
}

interface Values {
  decision: Decision;
  level: (typeof LEVELS)[number];
  category: string;
  siteId: string;
  title: string;
  reason: string;
  publicOutcome: string;
  close: boolean;
}

const FIELDS = ['level', 'category', 'siteId', 'title', 'reason', 'publicOutcome', 'close'] as const;
const LEVEL = { '1': 1, '2': 2, '3': 3 } as const;

function DecisionForm({ g }: { g: Grievance }) {
  const { t } = useTranslation('grievances');
  const { t: ti } = useTranslation('incidents');
  const { t: tc } = useTranslation();
  const queries = useQueryClient();
  const form = useForm<Values>({
    defaultValues: {
      decision: g.status === 'received' ? 'validate' : 'outcome',
      level: '2',
      category: 'serious_abuses',
      siteId: '',
      title: '',
      reason: '',
      publicOutcome: '',
      close: false,
    },
  });
  const server = useServerErrors(form, FIELDS);
  const decision = form.watch('decision');
  const path = { params: { path: { id: g.id } } };
  const decide = useMutation({
    mutationFn: (v: Values) =>
      v.decision === 'validate'
        ? ok(
            api.POST('/api/grievances/{id}/validate', {
              ...path,
              body: {
                level: LEVEL[v.level],
                category: oneOf(RISK_CATEGORIES, v.category) || 'serious_abuses',
                title: v.title,
                siteId: g.siteId ?? (v.siteId || null),
                reason: v.reason,
                publicOutcome: v.publicOutcome,
                revision: g.revision,
              },
            }),
          )
        : v.decision === 'reject'
          ? ok(
              api.POST('/api/grievances/{id}/reject', {
                ...path,
                body: { reason: v.reason, publicOutcome: v.publicOutcome, revision: g.revision },
              }),
            )
          : ok(
              api.POST('/api/grievances/{id}/outcome', {
                ...path,
                body: { publicOutcome: v.publicOutcome, close: v.close, revision: g.revision },
              }),
            ),
    onSuccess: async (saved) => {
      queries.setQueryData(grievanceQuery(g.id).queryKey, saved);
      await Promise.all([
        queries.invalidateQueries({ queryKey: GRIEVANCES }),
        queries.invalidateQueries({ queryKey: INCIDENTS }),
      ]);
    },
    onError: server.show,
  });
  const errorOf = (name: (typeof FIELDS)[number]) => {
    const message = form.getFieldState(name, form.formState).error?.message;
    return message && <span className="field-error">{message}</span>;
  };

  const choices: readonly Decision[] = g.status === 'received' ? ['validate', 'reject'] : ['outcome'];
  return (
    <form
      className="record-form"
      onSubmit={form.handleSubmit((v) => {
        server.clear();
        return decide.mutateAsync(v).catch(() => {});
      })}
    >
      <fieldset>
        <legend>{t('officer.decision')}</legend>
        <div className="checks">
          {choices.map((d) => (
            <label key={d}>
              <input type="radio" value={d} {...form.register('decision')} />
              {t(`decision.${d}`)}
            </label>
          ))}
        </div>
      </fieldset>
      {decision === 'validate' && (
        <>
          <label className="field">
            {t('officer.level')}
            <select {...form.register('level')}>
              {LEVELS.map((l) => (
                <option key={l}>{l}</option>
              ))}
            </select>
            {errorOf('level')}
          </label>
          <label className="field">
            {t('officer.category')}
            <select {...form.register('category')}>
              {RISK_CATEGORIES.map((c) => (
                <option key={c} value={c}>
                  {ti(`category.${c}`)}
                </option>
              ))}
            </select>
            {errorOf('category')}
          </label>
          {/* A reporter may name a place rather than a registered site: the officer then picks the site. */}
          {!g.siteId && (
            <Controller
              control={form.control}
              name="siteId"
              render={({ field }) => (
                <SitePicker
                  label={t('officer.site')}
                  value={field.value}
                  onChange={field.onChange}
                  inputRef={field.ref}
                  error={form.getFieldState('siteId', form.formState).error?.message}
                />
              )}
            />
          )}
          <label className="field">
            {t('officer.incidentTitle')}
            <input {...form.register('title')} />
            {errorOf('title')}
          </label>
        </>
      )}
      {decision !== 'outcome' && (
        <label className="field">
          {t('officer.reasonInternal')}
          <textarea {...form.register('reason')} />
          {errorOf('reason')}
        </label>
      )}
      <label className="field">
        {t('officer.publicOutcome')}
        <textarea {...form.register('publicOutcome')} />
        {errorOf('publicOutcome')}
      </label>
      {decision === 'outcome' && (
        <label className="check">
          <input type="checkbox" {...form.register('close')} />
          {t('officer.closeCase')}
        </label>
      )}
      {server.elsewhere.length > 0 && (
        <p role="alert" className="error">
          {server.elsewhere.join(' — ')}
        </p>
      )}
      <div className="form-actions">
        <button type="submit" className="primary" disabled={form.formState.isSubmitting}>
          {form.formState.isSubmitting ? tc('saving') : tc('save')}
        </button>
      </div>
    </form>
  );
}
