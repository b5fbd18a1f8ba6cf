import { queryOptions, useQuery } from '@tanstack/react-query';
import { type ReactNode, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type Answer, api, ok } from '../api/client.ts';
import { uploadWithProgress } from '../api/transfer.ts';
import { useDayFormat } from '../i18n/dates.ts';
import { useLocale } from '../i18n/locale.ts';
import { bytesText } from './measures.ts';
import { problemText } from './problem-text.ts';
import { ProgressBar } from './progress-bar.tsx';

/** Every API path that takes a file: evidence, documents, visit photos, a grievance case's attachments. */
export type UploadPath =
  | '/api/incidents/{id}/evidence'
  | '/api/assessments/{id}/evidence'
  | '/api/organisations/{id}/documents'
  | '/api/visits/{id}/photos'
  | '/api/public/grievances/{caseCode}/attachments';

/** The server's upload limits, read once: the same for every upload form. */
export const uploadLimitsQuery = queryOptions({
  queryKey: ['upload-limits'],
  queryFn: () => ok(api.GET('/api/upload-limits')),
  staleTime: Number.POSITIVE_INFINITY,
});

const TYPE_NAMES: Record<string, string> = {
  'application/pdf': 'PDF',
  'image/jpeg': 'JPEG',
  'image/png': 'PNG',
  'image/webp': 'WebP',
};

/**
 * The one upload control: it says before sending which types and what size the server takes, refuses at once a
 * file above the size, shows the progress while sending, then the server's answer — the file sent, or its
 * refusal (413, 415, 409…) in the reader's words. The caller refreshes its list of files in `onUploaded`.
 */
export function FileUpload<P extends UploadPath>(props: {
  path: P;
  params: Record<string, string>;
  /** Photos take images only; documents PDF too. */
  accept: 'document' | 'photo';
  /** Text fields sent before the file (a document's kind). */
  fields?: Record<string, string>;
  headers?: Record<string, string>;
  onUploaded: (answer: Answer<P, 'post'>, file: File) => unknown;
  /** The button's words, when "add a file" or "add a photo" says less than the page's own. */
  label?: string;
  /** Controls beside the button (the kind of document). */
  children?: ReactNode;
}) {
  const { t } = useTranslation();
  const locale = useLocale();
  const hintId = useId();
  const limits = useQuery(uploadLimitsQuery).data;
  const [progress, setProgress] = useState<number | null | undefined>(undefined);
  const [said, setSaid] = useState<{ ok: boolean; text: string } | null>(null);
  const types = limits ? (props.accept === 'photo' ? limits.photoTypes : limits.documentTypes) : [];
  const typeList = new Intl.ListFormat(locale, { type: 'disjunction' }).format(
    types.map((x) => TYPE_NAMES[x] ?? x),
  );
  const size = (n: number) => bytesText(n, locale);

  async function send(file: File) {
    setSaid(null);
    if (limits && file.size > limits.maxBytes) {
      setSaid({
        ok: false,
        text: t('upload.tooLarge', { name: file.name, size: size(file.size), limit: size(limits.maxBytes) }),
      });
      return;
    }
    const form = new FormData();
    for (const [name, value] of Object.entries(props.fields ?? {})) form.append(name, value);
    form.append('file', file);
    try {
      setProgress(0);
      const answer = await uploadWithProgress(
        props.path,
        props.params,
        form,
        null,
        setProgress,
        props.headers,
      );
      await props.onUploaded(answer, file);
      setSaid({ ok: true, text: t('upload.sent', { name: file.name }) });
    } catch (e) {
      setSaid({ ok: false, text: t('upload.refused', { name: file.name, problem: problemText(e) }) });
    } finally {
      setProgress(undefined);
    }
  }

  const label = props.label ?? (props.accept === 'photo' ? t('upload.choosePhoto') : t('upload.choose'));
  return (
    <div className="upload">
      <div className="toolbar">
        {props.children}
        <label className="button">
          {label}
          <input
            type="file"
            className="sr-only"
            accept={types.join(',') || undefined}
            aria-describedby={hintId}
            disabled={progress !== undefined}
            onChange={(e) => {
              const f = e.target.files?.[0];
              e.target.value = '';
              if (f) void send(f);
            }}
          />
        </label>
        <small id={hintId} className="muted">
          {limits ? t('upload.limits', { types: typeList, size: size(limits.maxBytes) }) : t('loading')}
        </small>
      </div>
      {progress !== undefined && <ProgressBar label={t('uploading')} fraction={progress} />}
      {said && (
        <p role={said.ok ? 'status' : 'alert'} className={said.ok ? 'notice' : 'error'}>
          {said.text}
        </p>
      )}
    </div>
  );
}

/** A stored file as the API lists it. */
export interface ListedFile {
  id: string;
  filename: string;
  sizeBytes: number;
  uploadedAt?: string;
}

/** The files of a record, each with its download link where the reader may download it, its size and its day. */
export function FileList<F extends ListedFile>(props: {
  label: string;
  files: readonly F[];
  /** Where a file downloads from; without it the names are listed only. */
  href?: (file: F) => string;
  /** What stands before a file's name (a checkbox) and after its size (its kind). */
  before?: (file: F) => ReactNode;
  after?: (file: F) => ReactNode;
  empty?: string;
}) {
  const { t } = useTranslation();
  const locale = useLocale();
  const day = useDayFormat();
  if (props.files.length === 0) return <p className="empty">{props.empty ?? t('upload.none')}</p>;
  return (
    <ul className="docs" aria-label={props.label}>
      {props.files.map((f) => (
        <li key={f.id}>
          {props.before?.(f)}
          {props.href ? (
            <a
              href={props.href(f)}
              download={f.filename}
              aria-label={t('upload.download', { name: f.filename })}
            >
              {f.filename}
            </a>
          ) : (
            f.filename
          )}{' '}
          · {bytesText(f.sizeBytes, locale)}
          {f.uploadedAt && ` · ${day(f.uploadedAt)}`}
          {props.after?.(f)}
        </li>
      ))}
    </ul>
  );
}
