import { useMutation } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ok } from '../../api/client.ts';
import { Field } from '../../components/field.tsx';

/** The reporter's view of their case: its status and the officer's answer. */
export function CasePage() {
  const { t } = useTranslation('grievances');
  const [code, setCode] = useState('');
  const [secret, setSecret] = useState('');
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
    </section>
  );
}
