import { useMutation } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ok } from '../../api/client.ts';
import { Field } from '../../components/field.tsx';
import { FileList, FileUpload, type ListedFile } from '../../components/file-upload.tsx';

/** The reporter's view of their case: its status and the officer's answer. */
export function CasePage() {
  const { t } = useTranslation('grievances');
  const [code, setCode] = useState('');
  const [secret, setSecret] = useState('');
  // What this reporter sent from this page: the server keeps the files for the officers only.
  const [sent, setSent] = useState<ListedFile[]>([]);
  const look = useMutation({
    mutationFn: () =>
      ok(
        api.GET('/api/public/grievances/{caseCode}', {
          params: { path: { caseCode: code } },
          headers: { 'x-case-secret': secret },
        }),
      ),
  });

  function submit(e: FormEvent) {
    e.preventDefault();
    look.mutate();
  }
  const found = look.data;
  return (
    <section>
      <h1>{t('public.followCase')}</h1>
      <form className="grievance" onSubmit={submit}>
        <Field
          label={t('public.caseCode')}
          name="caseCode"
          required
          value={code}
          onChange={(e) => setCode(e.target.value)}
        />
        <Field
          label={t('public.caseSecret')}
          name="caseSecret"
          required
          value={secret}
          onChange={(e) => setSecret(e.target.value)}
        />
        <button type="submit">{t('public.lookUp')}</button>
      </form>
      {look.error && (
        <p role="alert" className="error">
          {look.error.message}
        </p>
      )}
      {found && !look.isPending && (
        <dl className="facts" aria-live="polite">
          <dt>{t('public.caseCode')}</dt>
          <dd>{found.caseCode}</dd>
          <dt>{t('public.caseStatus')}</dt>
          <dd data-testid="case-status">{t(`case.${found.status}`)}</dd>
          <dt>{t('public.caseOutcome')}</dt>
          <dd data-testid="case-outcome">{found.outcome ?? t('public.noOutcomeYet')}</dd>
        </dl>
      )}
      {found && !look.isPending && found.status === 'received' && (
        <section aria-label={t('public.attachments')}>
          <h2>{t('public.attachments')}</h2>
          <p className="hint">{t('public.attachHint')}</p>
          <FileList label={t('public.attachments')} files={sent} />
          <FileUpload
            path="/api/public/grievances/{caseCode}/attachments"
            params={{ caseCode: found.caseCode }}
            headers={{ 'x-case-secret': secret }}
            accept="document"
            onUploaded={(a, file) =>
              setSent((s) => [...s, { id: a.id, filename: file.name, sizeBytes: a.sizeBytes }])
            }
          />
        </section>
      )}
    </section>
  );
}
