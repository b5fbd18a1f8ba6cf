import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client.ts';
import { type Received, streamDownload } from '../api/transfer.ts';
import { useLocale } from '../i18n/locale.ts';
import { bytesText } from './measures.ts';
import { problemText } from './problem-text.ts';
import { ProgressBar } from './progress-bar.tsx';

/** The list an export button exports: its API path and the filters the list is shown under now. */
export interface ExportOf {
  path: string;
  query: Record<string, string | number | boolean | null | undefined>;
}

type State =
  | { kind: 'idle' }
  | { kind: 'running'; received: Received }
  | { kind: 'done'; filename: string; received: Received }
  | { kind: 'cancelled' }
  | { kind: 'failed'; text: string };

/**
 * Exports a list as CSV or xlsx under the filters it is shown with: streams the file, showing the rows (CSV) or
 * bytes received as they come, can be cancelled, and saves it under the server's name. Every list has one.
 */
export function ExportButton({ list, label }: { list: ExportOf; label: string }) {
  const { t } = useTranslation('exports');
  const locale = useLocale();
  const [format, setFormat] = useState<'csv' | 'xlsx'>('csv');
  const [state, setState] = useState<State>({ kind: 'idle' });
  const abort = useRef<AbortController | null>(null);
  const n = new Intl.NumberFormat(locale);
  const said = (r: Received) =>
    r.rows === null
      ? t('button.bytes', { size: bytesText(r.bytes, locale) })
      : t('button.rows', { rows: n.format(r.rows), size: bytesText(r.bytes, locale) });

  async function start() {
    const controller = new AbortController();
    abort.current = controller;
    const query: Record<string, string> = { format };
    for (const [k, v] of Object.entries(list.query))
      if (v !== undefined && v !== null && v !== '') query[k] = String(v);
    setState({ kind: 'running', received: { bytes: 0, rows: format === 'csv' ? 0 : null } });
    let maxRows: string | null = null;
    try {
      const { filename, received } = await streamDownload(list.path, query, {
        signal: controller.signal,
        language: locale === 'sw' ? 'en' : locale,
        onProgress: (received) => setState({ kind: 'running', received }),
        onHeaders: (headers) => {
          maxRows = headers.get('amana-export-max-rows');
        },
      });
      setState({ kind: 'done', filename, received });
    } catch (error) {
      if (controller.signal.aborted) setState({ kind: 'cancelled' });
      else if (error instanceof ApiError) setState({ kind: 'failed', text: problemText(error) });
      else
        setState({
          kind: 'failed',
          text: maxRows ? t('button.cutOff', { limit: n.format(Number(maxRows)) }) : problemText(error),
        });
    } finally {
      abort.current = null;
    }
  }

  const running = state.kind === 'running';
  return (
    <fieldset className="export" aria-label={label}>
      <label className="export-format">
        {t('button.format')}
        <select
          value={format}
          disabled={running}
          onChange={(e) => setFormat(e.target.value as 'csv' | 'xlsx')}
        >
          <option value="csv">CSV</option>
          <option value="xlsx">Excel (xlsx)</option>
        </select>
      </label>
      {running ? (
        <button type="button" onClick={() => abort.current?.abort()}>
          {t('button.cancel')}
        </button>
      ) : (
        <button type="button" onClick={start}>
          {t('button.export')}
        </button>
      )}
      {state.kind === 'running' && <ProgressBar label={said(state.received)} fraction={null} />}
      {state.kind === 'done' && (
        <p role="status" className="notice">
          {state.received.rows === null
            ? t('button.doneBytes', {
                filename: state.filename,
                size: bytesText(state.received.bytes, locale),
              })
            : t('button.done', { filename: state.filename, rows: n.format(state.received.rows) })}
        </p>
      )}
      {state.kind === 'cancelled' && (
        <p role="status" className="notice">
          {t('button.cancelled')}
        </p>
      )}
      {state.kind === 'failed' && (
        <p role="alert" className="error">
          {t('button.failed', { reason: state.text })}
        </p>
      )}
    </fieldset>
  );
}
