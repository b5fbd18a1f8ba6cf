import { useInfiniteQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { canKeepScreening } from '../../../../src/domain/access/roles.ts';
import { uploadWithProgress } from '../../api/transfer.ts';
import { ExportButton } from '../../components/export-button.tsx';
import { oneOf } from '../../components/one-of.ts';
import { problemText } from '../../components/problem-text.ts';
import { ProgressBar } from '../../components/progress-bar.tsx';
import { Failure, Loading } from '../../components/query-state.tsx';
import { useLocale } from '../../i18n/locale.ts';
import { usePrincipal } from '../access/session.ts';
import { type ListVersion, SCREENING, versionsPage } from './queries.ts';

const KINDS = ['sanctions', 'pep'] as const;

/** The lists screened against: each imported version with its counts and difference, and the import form. */
export function ScreeningPage() {
  const { t } = useTranslation('screening');
  const principal = usePrincipal();
  const locale = useLocale();
  const n = new Intl.NumberFormat(locale);
  const versions = useInfiniteQuery({
    queryKey: [...SCREENING, 'versions'],
    queryFn: ({ pageParam }) => versionsPage(pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  if (versions.error && !versions.data) return <Failure error={versions.error} />;
  if (!versions.data) return <Loading />;
  const items = versions.data.pages.flatMap((p) => p.items);
  return (
    <>
      <p>
        <Link to="/screening/hits">{t('page.queue')} →</Link>
      </p>
      {canKeepScreening(principal) && <ImportForm />}
      <section className="card">
        <h2>{t('page.lists')}</h2>
        <ExportButton label={t('page.lists')} list={{ path: '/api/screening/list-versions', query: {} }} />
        {items.length === 0 ? (
          <p className="empty">{t('page.none')}</p>
        ) : (
          <table>
            <thead>
              <tr>
                <th>{t('hits.list')}</th>
                <th>{t('page.published')}</th>
                <th className="numeric">{t('page.individuals')}</th>
                <th className="numeric">{t('page.entities')}</th>
                <th className="numeric">{t('page.added')}</th>
                <th className="numeric">{t('page.removed')}</th>
                <th className="numeric">{t('page.changed')}</th>
                <th>{t('page.screening')}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((v) => (
                <tr key={v.id}>
                  <td>
                    <Link to={`/screening/versions/${v.id}`}>
                      {t('page.version', { list: v.list.name, number: v.number })}
                    </Link>
                  </td>
                  <td>{(v.publishedAt ?? v.importedAt).slice(0, 10)}</td>
                  <td className="numeric">{n.format(v.counts.individuals)}</td>
                  <td className="numeric">{n.format(v.counts.entities)}</td>
                  <td className="numeric">{n.format(v.changes.added)}</td>
                  <td className="numeric">{n.format(v.changes.removed)}</td>
                  <td className="numeric">{n.format(v.changes.changed)}</td>
                  <td>
                    <RunState version={v} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {versions.hasNextPage && (
          <button type="button" onClick={() => versions.fetchNextPage()}>
            {t('page.more')}
          </button>
        )}
      </section>
    </>
  );
}

/** Where the screening of every actor against a version stands. */
export function RunState({ version }: { version: ListVersion }) {
  const { t } = useTranslation('screening');
  const n = new Intl.NumberFormat(useLocale());
  const run = version.screening;
  if (!run) return <>—</>;
  if (run.status === 'done')
    return <>{t('page.screeningDone', { total: n.format(run.total), hits: n.format(run.hits) })}</>;
  if (run.status === 'queued') return <>{t('page.screeningQueued')}</>;
  return <>{t('page.screeningRunning', { done: n.format(run.done), total: n.format(run.total) })}</>;
}

/** Uploads a list file (UN XML, or CSV with the list it belongs to), with its progress. */
function ImportForm() {
  const { t } = useTranslation('screening');
  const queries = useQueryClient();
  const [file, setFile] = useState<File | null>(null);
  const [list, setList] = useState('');
  const [name, setName] = useState('');
  const [kind, setKind] = useState<(typeof KINDS)[number]>('sanctions');
  const [progress, setProgress] = useState<number | null | undefined>(undefined);
  const [outcome, setOutcome] = useState<{ ok: boolean; text: string } | null>(null);

  async function send(e: FormEvent) {
    e.preventDefault();
    if (!file) return;
    setOutcome(null);
    const form = new FormData();
    if (list.trim()) form.append('list', list.trim());
    if (name.trim()) form.append('name', name.trim());
    form.append('kind', kind);
    form.append('file', file);
    try {
      setProgress(0);
      const v = await uploadWithProgress('/api/screening/lists/import', {}, form, null, setProgress);
      setOutcome({ ok: true, text: t('page.imported', { number: v.number, list: v.list.name }) });
      await queries.invalidateQueries({ queryKey: SCREENING });
    } catch (error) {
      setOutcome({ ok: false, text: problemText(error) });
    } finally {
      setProgress(undefined);
    }
  }

  return (
    <form className="card" onSubmit={send}>
      <h2>{t('page.import')}</h2>
      <p>{t('page.importHint')}</p>
      <label>
        {t('page.file')}
        <input
          type="file"
          accept=".xml,.csv,text/xml,text/csv"
          onChange={(e) => setFile(e.target.files?.[0] ?? null)}
        />
      </label>
      <label>
        {t('page.listKey')}
        <input value={list} maxLength={64} onChange={(e) => setList(e.target.value)} />
      </label>
      <label>
        {t('page.listName')}
        <input value={name} maxLength={200} onChange={(e) => setName(e.target.value)} />
      </label>
      <label>
        {t('page.kind')}
        <select value={kind} onChange={(e) => setKind(oneOf(KINDS, e.target.value) || 'sanctions')}>
          {KINDS.map((k) => (
            <option key={k} value={k}>
              {t(`kind.${k}`)}
            </option>
          ))}
        </select>
      </label>
      <button type="submit" disabled={!file || progress !== undefined}>
        {t('page.importButton')}
      </button>
      {progress !== undefined && <ProgressBar label={t('page.importing')} fraction={progress} />}
      {outcome && (
        <p role={outcome.ok ? 'status' : 'alert'} className={outcome.ok ? 'saved' : 'error'}>
          {outcome.text}
        </p>
      )}
    </form>
  );
}
