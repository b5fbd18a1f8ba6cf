import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { api, ok } from '../../api/client.ts';
import { problemText } from '../../components/problem-text.ts';
import { Failure, Loading } from '../../components/query-state.tsx';
import { useLocale } from '../../i18n/locale.ts';
import { OPENROSA, submissionQuery } from './queries.ts';
import { RefusalText } from './submissions.tsx';

/** One submission: its state and why, the XML as received, and for a refused one a correction to apply. */
export function SubmissionPage() {
  const { t } = useTranslation('openrosa');
  const { id = '' } = useParams();
  const locale = useLocale();
  const queries = useQueryClient();
  const submission = useQuery(submissionQuery(id));
  const [xml, setXml] = useState('');
  useEffect(() => {
    if (submission.data) setXml(submission.data.correctedXml ?? submission.data.xml);
  }, [submission.data]);
  const apply = useMutation({
    mutationFn: () =>
      ok(api.POST('/api/openrosa/submissions/{id}/apply', { params: { path: { id } }, body: { xml } })),
    onSuccess: () => queries.invalidateQueries({ queryKey: OPENROSA }),
  });
  if (submission.error) return <Failure error={submission.error} />;
  if (!submission.data) return <Loading />;
  const s = submission.data;
  const at = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' });
  const size = new Intl.NumberFormat(locale);
  // Each record a submission becomes opens at its own page; a visit has none of its own (its site shows it).
  const recordPages = {
    incident: '/incidents',
    lot: '/lots',
    assessment: '/assessments',
    grievance: '/grievances',
  };
  const recordPath =
    s.recordId && s.recordType && s.recordType !== 'visit'
      ? `${recordPages[s.recordType]}/${s.recordId}`
      : null;
  return (
    <>
      <p>
        <Link to="/collect/submissions">{t('submissions.back')}</Link>
      </p>
      <section className="card">
        <dl className="facts">
          <dt>{t('submissions.form')}</dt>
          <dd>
            <code>{s.formId ?? '—'}</code> {s.formVersion && <code>{s.formVersion}</code>}
          </dd>
          <dt>{t('submissions.submitter')}</dt>
          <dd>{s.submitterEmail}</dd>
          <dt>{t('submissions.receivedAt')}</dt>
          <dd>{at.format(new Date(s.receivedAt))}</dd>
          <dt>{t('submissions.state')}</dt>
          <dd>
            <span className={`submission-state ${s.state}`}>{t(`submissions.stateName.${s.state}`)}</span>
          </dd>
          {s.refusalCode && (
            <>
              <dt>{t('submissions.why')}</dt>
              <dd>
                <RefusalText submission={s} />
              </dd>
            </>
          )}
          {s.recordId && (
            <>
              <dt>{t('submissions.record')}</dt>
              <dd>{recordPath ? <Link to={recordPath}>{s.recordId}</Link> : <code>{s.recordId}</code>}</dd>
            </>
          )}
          {s.files.length > 0 && (
            <>
              <dt>{t('submissions.files')}</dt>
              <dd>{s.files.map((f) => `${f.filename} (${size.format(f.sizeBytes)} o)`).join(', ')}</dd>
            </>
          )}
        </dl>
      </section>
      <section className="card">
        <h2>{t('submissions.rawXml')}</h2>
        <pre className="raw-xml">{s.xml}</pre>
      </section>
      {s.correctedXml && s.state !== 'refused' && (
        <section className="card">
          <h2>{t('submissions.correctedXml')}</h2>
          <pre className="raw-xml">{s.correctedXml}</pre>
        </section>
      )}
      {s.state === 'refused' && (
        <section className="card">
          <h2>{t('submissions.correctedXml')}</h2>
          <textarea
            className="raw-xml"
            aria-label={t('submissions.correctedXml')}
            rows={14}
            value={xml}
            onChange={(e) => setXml(e.target.value)}
          />
          <p>
            <button type="button" disabled={apply.isPending} onClick={() => apply.mutate()}>
              {t('submissions.apply')}
            </button>
          </p>
          {apply.error && (
            <p role="alert" className="field-error">
              {problemText(apply.error)}
            </p>
          )}
        </section>
      )}
      {apply.isSuccess && (
        <p role="status" className="saved">
          {t('submissions.applied')}
        </p>
      )}
    </>
  );
}
