import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { canKeepScreening } from '../../../../src/domain/access/roles.ts';
import { api, ok } from '../../api/client.ts';
import { problemText } from '../../components/problem-text.ts';
import { Failure, Loading } from '../../components/query-state.tsx';
import { useLocale } from '../../i18n/locale.ts';
import { usePrincipal } from '../access/session.ts';
import { type Hit, hitQuery, SCREENING } from './queries.ts';

/** A fact of one of the two records: its label, then its values (a dash when the record has none). */
function Fact({ label, values }: { label: string; values: (string | null | undefined)[] }) {
  const shown = values.filter((v): v is string => !!v);
  return (
    <>
      <dt>{label}</dt>
      <dd>{shown.length ? shown.map((v) => <div key={v}>{v}</div>) : '—'}</dd>
    </>
  );
}

const place = (p: {
  city: string | null;
  stateProvince: string | null;
  country: string | null;
  note: string | null;
}) => [p.city, p.stateProvince, p.country].filter(Boolean).join(', ') + (p.note ? ` (${p.note})` : '');

/** One hit: the registered actor and the list entry side by side, why they matched, its history and the decision. */
export function HitPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation('screening');
  const locale = useLocale();
  const pct = new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1 });
  const principal = usePrincipal();
  const queries = useQueryClient();
  const hit = useQuery(hitQuery(id));
  const [reason, setReason] = useState('');
  const decide = useMutation({
    mutationFn: (decision: 'confirmed' | 'dismissed') =>
      ok(
        api.POST('/api/screening/hits/{id}/decision', {
          params: { path: { id } },
          body: { decision, reason, version: hit.data!.version },
        }),
      ),
    onSuccess: async () => {
      setReason('');
      await Promise.all([
        queries.invalidateQueries({ queryKey: SCREENING }),
        queries.invalidateQueries({ queryKey: ['organisations'] }),
      ]);
    },
  });
  const back = <Link to="/screening/hits">{t('hit.back')}</Link>;
  if (hit.error)
    return (
      <>
        {back}
        <Failure error={hit.error} prefixed />
      </>
    );
  if (!hit.data) return <Loading />;
  const h: Hit = hit.data;
  const s = h.subjectRecord;
  const e = h.entry;
  const side = (title: string, body: ReactNode, testId: string) => (
    <section className="card" data-testid={testId}>
      <h2>{title}</h2>
      <dl className="facts">{body}</dl>
    </section>
  );
  return (
    <article>
      {back}
      <h1>
        {h.subject.name} ↔ {h.entryName ?? h.reference}
      </h1>
      <p>
        <span className={`hit hit-${h.status}`} data-testid="hit-status">
          {t(`status.${h.status}`)}
        </span>{' '}
        · {t('hits.score')} {pct.format(h.score)} · {h.list.name} {h.reference}
      </p>
      <div className="side-by-side">
        {side(
          t('hit.registered'),
          <>
            <Fact label={t('page.name')} values={[s.name]} />
            <Fact label={t('hit.otherNames')} values={s.otherNames} />
            <Fact label={t('hits.organisation')} values={[h.subject.organisationName]} />
            <Fact label={t('hit.position')} values={[s.position]} />
            <Fact label={t('hit.birthYear')} values={[s.birthYear?.toString()]} />
            <Fact label={t('hit.country')} values={[s.country]} />
            <Fact label={t('hit.identifiers')} values={s.identifiers} />
          </>,
          'hit-registered',
        )}
        {side(
          t('hit.listed'),
          e ? (
            <>
              <Fact label={t('page.name')} values={[e.name, e.nameOriginalScript]} />
              <Fact
                label={t('hit.aliases')}
                values={e.aliases.map((a) => `${a.name}${a.quality ? ` (${a.quality})` : ''}`)}
              />
              <Fact label={t('hit.designation')} values={[...e.titles, ...e.designations]} />
              <Fact
                label={t('hit.birth')}
                values={e.birthDates.map(
                  (d) =>
                    d.date ?? (d.year ? String(d.year) : d.fromYear ? `${d.fromYear}–${d.toYear}` : d.note),
                )}
              />
              <Fact label={t('hit.birthPlace')} values={e.birthPlaces.map(place)} />
              <Fact label={t('hit.nationality')} values={e.nationalities} />
              <Fact
                label={t('hit.documents')}
                values={e.documents.map((d) => [d.type, d.number].filter(Boolean).join(' '))}
              />
              <Fact label={t('hit.addresses')} values={e.addresses.map(place)} />
              <Fact label={t('hit.program')} values={[e.program]} />
              <Fact label={t('hit.listedOn')} values={[e.listedOn]} />
              <Fact label={t('hit.comments')} values={[e.comments]} />
            </>
          ) : (
            <Fact label={t('page.reference')} values={[h.reference]} />
          ),
          'hit-listed',
        )}
      </div>
      <section className="card">
        <h2>{t('hit.why')}</h2>
        <p>{t('hit.listedName', { name: h.reasons.listedName })}</p>
        <ul data-testid="hit-words">
          {h.reasons.words.map((w) => (
            <li key={`${w.subject}-${w.listed}`}>
              {w.subject} ↔ {w.listed} : {t(`how.${w.how}`)} ({pct.format(w.similarity)})
            </li>
          ))}
          {h.reasons.adjustments.map((a) => (
            <li key={a.fact}>
              {t(`fact.${a.fact}`, { detail: a.detail })} ({a.delta > 0 ? '+' : ''}
              {pct.format(a.delta)})
            </li>
          ))}
        </ul>
        {h.reasons.unmatched.listed.length + h.reasons.unmatched.subject.length > 0 && (
          <p>
            {t('hit.unmatched', {
              words: [...h.reasons.unmatched.subject, ...h.reasons.unmatched.listed].join(', '),
            })}
          </p>
        )}
        <p>{t('hit.nameScore', { score: pct.format(h.reasons.nameScore) })}</p>
      </section>
      <section className="card">
        <h2>{t('hit.history')}</h2>
        <ul>
          {h.history.map((x) => (
            <li key={x.at + x.action}>
              {x.at.slice(0, 16).replace('T', ' ')} — {t(`action.${x.action}`)}
              {x.reason ? ` : ${x.reason}` : ''}
            </li>
          ))}
        </ul>
        {h.incidentId && <Link to={`/incidents/${h.incidentId}`}>{t('hit.incident')}</Link>}
      </section>
      {h.status === 'open' && canKeepScreening(principal) && (
        <section className="card">
          <h2>{t('hit.decide')}</h2>
          {h.list.kind === 'sanctions' && <p>{t('hit.consequences')}</p>}
          <label>
            {t('hit.reason')}
            <textarea value={reason} maxLength={2000} onChange={(ev) => setReason(ev.target.value)} />
          </label>
          <div className="toolbar">
            <button
              type="button"
              disabled={!reason.trim() || decide.isPending}
              onClick={() => decide.mutate('confirmed')}
            >
              {t('hit.confirm')}
            </button>
            <button
              type="button"
              disabled={!reason.trim() || decide.isPending}
              onClick={() => decide.mutate('dismissed')}
            >
              {t('hit.dismiss')}
            </button>
          </div>
          {decide.error && (
            <p role="alert" className="error">
              {problemText(decide.error)}
            </p>
          )}
        </section>
      )}
    </article>
  );
}
