import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ApiError, api, ok } from '../../api/client.ts';
import { uploadWithProgress } from '../../api/transfer.ts';
import { PagedList } from '../../components/paged-list.tsx';
import { fieldSentence, problemText } from '../../components/problem-text.ts';
import { useDayFormat } from '../../i18n/dates.ts';
import { useLocale } from '../../i18n/locale.ts';
import { AdminNav } from './admin-nav.tsx';
import { placeImportErrors } from './import-errors.ts';
import { ADMIN } from './queries.ts';

export const SETS = [...ADMIN, 'criteria-sets'] as const;
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

type SetSummary = Awaited<ReturnType<typeof loadSets>>['items'][number];
const loadSets = (cursor?: string) =>
  ok(api.GET('/api/criteria-sets', { params: { query: { limit: 50, ...(cursor && { cursor }) } } }));

/** Every criteria set and version, with the import of a new draft from a JSON file or a workbook. */
export function CriteriaSetsPage() {
  const { t } = useTranslation('admin');
  const day = useDayFormat();
  const n = new Intl.NumberFormat(useLocale());
  return (
    <>
      <AdminNav />
      <ImportSet />
      <section className="card">
        <h2>{t('criteria.listTitle')}</h2>
        <PagedList<SetSummary, never>
          searchable={false}
          exportOf={{ path: '/api/criteria-sets', query: {} }}
          queryKey={SETS}
          label={t('criteria.listTitle')}
          load={({ cursor }) => loadSets(cursor)}
          columns={[
            { label: t('criteria.name') },
            { label: t('criteria.key') },
            { label: t('criteria.version'), numeric: true },
            { label: t('criteria.requirements'), numeric: true },
            { label: t('criteria.status') },
          ]}
          row={(s) => (
            <tr key={s.id}>
              <td>
                <Link to={`/admin/criteria-sets/${s.id}`}>{s.name}</Link>
              </td>
              <td>
                <code>{s.key}</code>
              </td>
              <td className="num">{n.format(s.version)}</td>
              <td className="num">{n.format(s.requirementCount)}</td>
              <td>
                {s.status === 'published' && s.publishedAt
                  ? t('criteria.publishedAt', { at: day(s.publishedAt) })
                  : t('criteria.draft')}
              </td>
            </tr>
          )}
        />
      </section>
    </>
  );
}

function ImportSet() {
  const { t } = useTranslation('admin');
  const queries = useQueryClient();
  const [file, setFile] = useState<File | null>(null);
  const format = file?.name.toLowerCase().endsWith('.xlsx') ? 'xlsx' : 'json';
  const upload = useMutation({
    mutationFn: (f: File) =>
      uploadWithProgress(
        '/api/criteria-sets/import',
        {},
        f,
        format === 'xlsx' ? XLSX : 'application/json',
        () => {},
      ),
    onSuccess: () => queries.invalidateQueries({ queryKey: SETS }),
  });
  function submit(e: FormEvent) {
    e.preventDefault();
    if (file) upload.mutate(file);
  }
  const problem = upload.error instanceof ApiError ? upload.error.problem : null;
  const placed = problem?.errors ? placeImportErrors(problem.errors, format) : [];
  const imported = upload.data;
  return (
    <form className="card record-form" onSubmit={submit} aria-label={t('criteria.importTitle')}>
      <h2>{t('criteria.importTitle')}</h2>
      <p className="hint">{t('criteria.importHint')}</p>
      <label className="field">
        {t('criteria.file')}
        <input
          type="file"
          accept=".json,.xlsx,application/json"
          onChange={(e) => {
            upload.reset();
            setFile(e.target.files?.[0] ?? null);
          }}
        />
      </label>
      <div className="form-actions">
        <button type="submit" className="primary" disabled={!file || upload.isPending}>
          {t('criteria.import')}
        </button>
      </div>
      {imported && (
        <p role="status" className="saved">
          <Link to={`/admin/criteria-sets/${imported.id}`}>
            {t('criteria.imported', { name: imported.name, version: imported.version })}
          </Link>
        </p>
      )}
      {upload.error && (
        <div role="alert" className="error">
          {placed.length ? (
            <>
              <p>{t('criteria.importErrors')}</p>
              <ul className="import-errors">
                {placed.map((p) => {
                  const message = fieldSentence(p.error as never);
                  // The form's own words for a field (Niveau, Texte (français)); its name when the form has none.
                  const field = t(`criteria.${p.field}` as never, { defaultValue: p.field });
                  const key = `${p.error.path}:${p.error.message}`;
                  if (p.kind === 'set')
                    return <li key={key}>{t('criteria.fieldError', { field, message })}</li>;
                  return (
                    <li key={key}>
                      {p.row === null
                        ? t('criteria.requirementError', { index: p.index, field, message })
                        : t('criteria.rowError', { row: p.row, index: p.index, field, message })}
                    </li>
                  );
                })}
              </ul>
            </>
          ) : (
            <p>{problemText(upload.error)}</p>
          )}
        </div>
      )}
    </form>
  );
}
