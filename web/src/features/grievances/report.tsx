import { useMutation } from '@tanstack/react-query';
import { Controller, useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api, ok } from '../../api/client.ts';
import { Field } from '../../components/field.tsx';
import { problemText } from '../../components/problem-text.ts';
import { useServerErrors } from '../../components/server-errors.ts';
import { useLocale } from '../../i18n/locale.ts';
import { SitePicker } from './site-picker.tsx';

interface Values {
  siteId: string;
  location: string;
  description: string;
  contact: { name: string; phone: string; email: string };
}

const FIELDS = [
  'siteId',
  'location',
  'description',
  'contact.name',
  'contact.phone',
  'contact.email',
] as const;

/** The public grievance form: no account, no name needed; answers a case code and a secret to keep. */
export function ReportPage() {
  const { t } = useTranslation('grievances', { keyPrefix: 'public' });
  const language = useLocale();
  const form = useForm<Values>({
    defaultValues: { siteId: '', location: '', description: '', contact: { name: '', phone: '', email: '' } },
  });
  const server = useServerErrors(form, FIELDS);
  const send = useMutation({
    mutationFn: (v: Values) => {
      const given = Object.fromEntries(Object.entries(v.contact).filter(([, x]) => x.trim()));
      return ok(
        api.POST('/api/public/grievances', {
          body: {
            siteId: v.siteId || null,
            location: v.location || undefined,
            description: v.description,
            language,
            contact: Object.keys(given).length ? given : null,
          },
        }),
      );
    },
    onError: server.show,
  });
  const errorOf = (name: (typeof FIELDS)[number]) => form.getFieldState(name, form.formState).error?.message;
  // The reporter reads the server's sentence as well as what it says by each field.
  const problem = send.error ? problemText(send.error) : null;

  const receipt = send.data;
  if (receipt) {
    return (
      <section className="receipt" aria-live="polite">
        <h1>{t('received')}</h1>
        <p>{t('keepThese')}</p>
        <dl className="facts">
          <dt>{t('caseCode')}</dt>
          <dd data-testid="case-code">{receipt.caseCode}</dd>
          <dt>{t('caseSecret')}</dt>
          <dd data-testid="case-secret">{receipt.secret}</dd>
        </dl>
        <p>
          <Link to="/grievance/case">{t('followCase')}</Link>
        </p>
      </section>
    );
  }
  return (
    <section>
      <h1>{t('title')}</h1>
      <p>{t('intro')}</p>
      <form
        className="grievance"
        onSubmit={form.handleSubmit((v) => {
          server.clear();
          return send.mutateAsync(v).catch(() => {});
        })}
      >
        <Controller
          control={form.control}
          name="siteId"
          render={({ field }) => (
            <SitePicker
              label={t('whereSite')}
              value={field.value}
              onChange={field.onChange}
              inputRef={field.ref}
              error={errorOf('siteId')}
            />
          )}
        />
        <Field label={t('whereOther')} error={errorOf('location')} {...form.register('location')} />
        <label className="field">
          {t('whatHappened')}
          <textarea required rows={5} {...form.register('description')} />
          {errorOf('description') && <span className="field-error">{errorOf('description')}</span>}
        </label>
        <fieldset>
          <legend>{t('contactOptional')}</legend>
          <Field label={t('yourName')} error={errorOf('contact.name')} {...form.register('contact.name')} />
          <Field
            label={t('phone')}
            type="tel"
            error={errorOf('contact.phone')}
            {...form.register('contact.phone')}
          />
          <Field
            label={t('email')}
            type="email"
            error={errorOf('contact.email')}
            {...form.register('contact.email')}
          />
        </fieldset>
        {problem && (
          <p role="alert" className="error">
            {problem}
          </p>
        )}
        <button type="submit" disabled={send.isPending}>
          {send.isPending ? t('sending') : t('send')}
        </button>
      </form>
      <p>
        <Link to="/grievance/case">{t('followCase')}</Link>
      </p>
    </section>
  );
}
