import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { RISK_CATEGORIES, TIERS } from '../../../../src/domain/criteria/criteria-set.ts';
import { api, ok } from '../../api/client.ts';
import { Field } from '../../components/field.tsx';
import { problemText } from '../../components/problem-text.ts';
import { Failure, Loading } from '../../components/query-state.tsx';
import { useDayFormat } from '../../i18n/dates.ts';
import { useLocale } from '../../i18n/locale.ts';
import { AdminNav } from './admin-nav.tsx';
import { SETS } from './criteria-sets.tsx';
import type { CriteriaSet, Requirement } from './queries.ts';

const setQuery = (id: string) => ({
  queryKey: [...SETS, id],
  queryFn: () => ok(api.GET('/api/criteria-sets/{id}', { params: { path: { id } } })),
});

/** One version of a criteria set: a draft is edited requirement by requirement and published; a published one starts the next. */
export function CriteriaSetPage() {
  const { id = '' } = useParams();
  const set = useQuery(setQuery(id));
  return (
    <>
      <AdminNav />
      {set.error ? <Failure error={set.error} /> : set.data ? <SetView set={set.data} /> : <Loading />}
    </>
  );
}

function SetView({ set }: { set: CriteriaSet }) {
  const { t } = useTranslation('admin');
  const { t: ta } = useTranslation('assessments');
  const { t: ti } = useTranslation('incidents');
  const day = useDayFormat();
  const n = new Intl.NumberFormat(useLocale());
  const queries = useQueryClient();
  const navigate = useNavigate();
  const [said, setSaid] = useState<string | null>(null);
  const [editing, setEditing] = useState<string | null>(null);
  const refresh = () => queries.invalidateQueries({ queryKey: SETS });
  const publish = useMutation({
    mutationFn: () =>
      ok(
        api.POST('/api/criteria-sets/{id}/publish', {
          params: { path: { id: set.id } },
          body: { revision: set.revision },
        }),
      ),
    onSuccess: async (s) => {
      setSaid(t('criteria.publishedNow', { version: n.format(s.version) }));
      await refresh();
    },
  });
  const next = useMutation({
    mutationFn: () => ok(api.POST('/api/criteria-sets/{id}/versions', { params: { path: { id: set.id } } })),
    onSuccess: async (s) => {
      await refresh();
      navigate(`/admin/criteria-sets/${s.id}`);
    },
  });
  const remove = useMutation({
    mutationFn: (code: string) =>
      ok(
        api.DELETE('/api/criteria-sets/{id}/requirements/{code}', {
          params: { path: { id: set.id, code }, query: { revision: set.revision } },
        }),
      ),
    onSuccess: refresh,
  });
  const draft = set.status === 'draft';
  const error = publish.error ?? next.error ?? remove.error;
  return (
    <>
      <section className="card">
        <h1>
          {set.name} — {t('criteria.version')} {n.format(set.version)}
        </h1>
        <p>
          <code>{set.key}</code> · {t('criteria.count', { count: set.requirements.length })} ·{' '}
          {draft
            ? t('criteria.draft')
            : t('criteria.publishedAt', { at: set.publishedAt ? day(set.publishedAt) : '' })}
        </p>
        {set.description && <p className="description">{set.description}</p>}
        <div className="form-actions">
          {draft ? (
            <button
              type="button"
              className="primary"
              disabled={publish.isPending}
              onClick={() => publish.mutate()}
            >
              {t('criteria.publish', { version: n.format(set.version) })}
            </button>
          ) : (
            <button type="button" className="primary" disabled={next.isPending} onClick={() => next.mutate()}>
              {t('criteria.newVersion', { version: n.format(set.version + 1) })}
            </button>
          )}
          <a className="button" href={`/api/criteria-sets/${set.id}/export?format=xlsx`} download>
            {t('criteria.export')}
          </a>
          <a className="button" href={`/api/criteria-sets/${set.id}/export?format=json`} download>
            {t('criteria.exportJson')}
          </a>
          <Link to="/admin/criteria-sets">{t('nav.criteria')}</Link>
        </div>
        <p className="hint">{draft ? t('criteria.publishHint') : t('criteria.immutable')}</p>
        {said && (
          <p role="status" className="saved">
            {said}
          </p>
        )}
        {error && (
          <p role="alert" className="error">
            {problemText(error)}
          </p>
        )}
      </section>
      {draft && (
        <RequirementForm
          set={set}
          key={`new-${set.revision}`}
          onSaved={(c) => setSaid(t('criteria.saved', { code: c }))}
        />
      )}
      <section className="card">
        <h2>{t('criteria.requirements')}</h2>
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th>{t('criteria.code')}</th>
                <th>{t('criteria.tier')}</th>
                <th>{t('criteria.topic')}</th>
                <th>{t('criteria.riskCategory')}</th>
                <th>{t('criteria.textFr')}</th>
                {draft && <th />}
              </tr>
            </thead>
            <tbody>
              {set.requirements.map((r) =>
                editing === r.code ? (
                  <tr key={r.code}>
                    <td colSpan={6}>
                      <RequirementForm
                        set={set}
                        requirement={r}
                        onSaved={(c) => {
                          setEditing(null);
                          setSaid(t('criteria.saved', { code: c }));
                        }}
                      />
                    </td>
                  </tr>
                ) : (
                  <tr key={r.code}>
                    <td>
                      <code>{r.code}</code>
                    </td>
                    <td>
                      <span className={`tier tier-${r.tier}`}>{ta(`tier.${r.tier}`)}</span>
                    </td>
                    <td>{r.topic}</td>
                    <td>{ti(`category.${r.riskCategory}` as never, { defaultValue: r.riskCategory })}</td>
                    <td>{r.textFr}</td>
                    {draft && (
                      <td>
                        <button type="button" onClick={() => setEditing(r.code)}>
                          {t('criteria.edit')}
                        </button>{' '}
                        <button
                          type="button"
                          disabled={remove.isPending}
                          onClick={() => remove.mutate(r.code)}
                        >
                          {t('criteria.remove')}
                        </button>
                      </td>
                    )}
                  </tr>
                ),
              )}
            </tbody>
          </table>
        </div>
      </section>
    </>
  );
}

/** Adds a requirement to a draft, or changes one; the server checks the set's rules and names what to fix. */
function RequirementForm({
  set,
  requirement,
  onSaved,
}: {
  set: CriteriaSet;
  requirement?: Requirement;
  onSaved: (code: string) => void;
}) {
  const { t } = useTranslation('admin');
  const { t: ta } = useTranslation('assessments');
  const { t: ti } = useTranslation('incidents');
  const queries = useQueryClient();
  const [r, setR] = useState<Requirement>(
    requirement ?? {
      code: '',
      textFr: '',
      textEn: '',
      topic: '',
      riskCategory: 'legality',
      appliesTo: ['site'],
      evidence: '',
      tier: 'major',
      correctionMonths: null,
      horizonMonths: null,
      weight: 1,
    },
  );
  const save = useMutation({
    mutationFn: () =>
      ok(
        api.PUT('/api/criteria-sets/{id}/requirements/{code}', {
          params: { path: { id: set.id, code: r.code.trim().toUpperCase() } },
          body: {
            revision: set.revision,
            requirement: {
              ...r,
              code: r.code.trim().toUpperCase(),
              riskCategory: r.riskCategory as (typeof RISK_CATEGORIES)[number],
              appliesTo: r.appliesTo as never,
            },
          },
        }),
      ),
    onSuccess: async () => {
      await queries.invalidateQueries({ queryKey: SETS });
      onSaved(r.code.trim().toUpperCase());
    },
  });
  const change = (field: keyof Requirement) => (e: { target: { value: string } }) =>
    setR({ ...r, [field]: e.target.value });
  function submit(e: FormEvent) {
    e.preventDefault();
    save.mutate();
  }
  return (
    <form
      className="card record-form"
      onSubmit={submit}
      aria-label={requirement ? t('criteria.editTitle', { code: requirement.code }) : t('criteria.addTitle')}
    >
      <h2>{requirement ? t('criteria.editTitle', { code: requirement.code }) : t('criteria.addTitle')}</h2>
      {!requirement && (
        <Field label={t('criteria.code')} maxLength={16} required value={r.code} onChange={change('code')} />
      )}
      <Field
        label={t('criteria.textFr')}
        maxLength={1000}
        required
        value={r.textFr}
        onChange={change('textFr')}
      />
      <Field
        label={t('criteria.textEn')}
        maxLength={1000}
        required
        value={r.textEn}
        onChange={change('textEn')}
      />
      <Field
        label={t('criteria.topic')}
        maxLength={100}
        required
        value={r.topic}
        onChange={change('topic')}
      />
      <label className="field">
        {t('criteria.tier')}
        <select value={r.tier} onChange={(e) => setR({ ...r, tier: e.target.value as Requirement['tier'] })}>
          {TIERS.map((x) => (
            <option key={x} value={x}>
              {ta(`tier.${x}`)}
            </option>
          ))}
        </select>
      </label>
      <label className="field">
        {t('criteria.riskCategory')}
        <select value={r.riskCategory} onChange={change('riskCategory')}>
          {RISK_CATEGORIES.map((x) => (
            <option key={x} value={x}>
              {ti(`category.${x}` as never, { defaultValue: x })}
            </option>
          ))}
        </select>
      </label>
      <Field
        label={t('criteria.evidence')}
        maxLength={1000}
        value={r.evidence}
        onChange={change('evidence')}
      />
      {save.error && (
        <p role="alert" className="error">
          {problemText(save.error)}
        </p>
      )}
      <div className="form-actions">
        <button type="submit" className="primary" disabled={save.isPending}>
          {t('rules.save')}
        </button>
      </div>
    </form>
  );
}
