import { type FormEvent, useEffect, useState } from 'react';
import { ApiError, api } from '../api.ts';
import { Field } from '../components/field.tsx';
import type { Locale, MessageKey } from '../i18n.ts';

interface PublicSite {
  id: string;
  code: string;
  name: string;
  province: string;
}

/** The public grievance form: no account, no name needed; answers a case code and a secret to keep. */
export function GrievancePage({ t, locale }: { t: (k: MessageKey) => string; locale: Locale }) {
  const [sites, setSites] = useState<PublicSite[]>([]);
  const [siteId, setSiteId] = useState('');
  const [location, setLocation] = useState('');
  const [description, setDescription] = useState('');
  const [contact, setContact] = useState({ name: '', phone: '', email: '' });
  const [busy, setBusy] = useState(false);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  const [receipt, setReceipt] = useState<{ caseCode: string; secret: string } | null>(null);

  useEffect(() => {
    api<PublicSite[]>('GET', '/api/public/sites').then(setSites, () => setSites([]));
  }, []);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setErrors({});
    setError(null);
    try {
      const given = Object.fromEntries(Object.entries(contact).filter(([, v]) => v.trim()));
      setReceipt(
        await api('POST', '/api/public/grievances', {
          siteId: siteId || null,
          location: location || undefined,
          description,
          language: locale,
          contact: Object.keys(given).length ? given : null,
        }),
      );
    } catch (err) {
      if (err instanceof ApiError) {
        setErrors(Object.fromEntries((err.problem.errors ?? []).map((x) => [x.path, x.message])));
        setError(err.problem.detail ?? err.problem.title);
      } else setError(t('error'));
    } finally {
      setBusy(false);
    }
  }

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
          <a href="/grievance/case">{t('followCase')}</a>
        </p>
      </section>
    );
  }
  return (
    <section>
      <h1>{t('grievanceTitle')}</h1>
      <p>{t('grievanceIntro')}</p>
      <form className="grievance" onSubmit={submit}>
        <label>
          {t('whereSite')}
          <select value={siteId} onChange={(e) => setSiteId(e.target.value)}>
            <option value="">{t('chooseSite')}</option>
            {sites.map((s) => (
              <option key={s.id} value={s.id}>
                {s.code} · {s.name} ({s.province})
              </option>
            ))}
          </select>
        </label>
        <Field
          label={t('whereOther')}
          name="location"
          value={location}
          onChange={(e) => setLocation(e.target.value)}
          error={errors.location}
        />
        <label className="field">
          {t('whatHappened')}
          <textarea
            name="description"
            required
            rows={5}
            value={description}
            onChange={(e) => setDescription(e.target.value)}
          />
          {errors.description && <span className="field-error">{errors.description}</span>}
        </label>
        <fieldset>
          <legend>{t('contactOptional')}</legend>
          <Field
            label={t('yourName')}
            name="name"
            value={contact.name}
            onChange={(e) => setContact({ ...contact, name: e.target.value })}
          />
          <Field
            label={t('phone')}
            name="phone"
            type="tel"
            value={contact.phone}
            onChange={(e) => setContact({ ...contact, phone: e.target.value })}
          />
          <Field
            label={t('email')}
            name="email"
            type="email"
            value={contact.email}
            onChange={(e) => setContact({ ...contact, email: e.target.value })}
          />
        </fieldset>
        {error && (
          <p role="alert" className="error">
            {error}
          </p>
        )}
        <button type="submit" disabled={busy}>
          {busy ? t('sending') : t('send')}
        </button>
      </form>
      <p>
        <a href="/grievance/case">{t('followCase')}</a>
      </p>
    </section>
  );
}

/** The reporter's view of their case: its status and the officer's answer. */
export function CasePage({ t }: { t: (k: MessageKey) => string }) {
  const [code, setCode] = useState('');
  const [secret, setSecret] = useState('');
  const [found, setFound] = useState<{
    caseCode: string;
    status: string;
    outcome: string | null;
    updatedAt: string;
  } | null>(null);
  const [error, setError] = useState<string | null>(null);

  async function look(e: FormEvent) {
    e.preventDefault();
    setError(null);
    setFound(null);
    const res = await fetch(`/api/public/grievances/${encodeURIComponent(code)}`, {
      headers: { 'x-case-secret': secret },
    });
    const body = await res.json();
    if (res.ok) setFound(body);
    else setError(body.detail ?? body.title);
  }

  return (
    <section>
      <h1>{t('followCase')}</h1>
      <form className="grievance" onSubmit={look}>
        <Field
          label={t('caseCode')}
          name="caseCode"
          required
          value={code}
          onChange={(e) => setCode(e.target.value)}
        />
        <Field
          label={t('caseSecret')}
          name="caseSecret"
          required
          value={secret}
          onChange={(e) => setSecret(e.target.value)}
        />
        <button type="submit">{t('lookUp')}</button>
      </form>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {found && (
        <dl className="facts" aria-live="polite">
          <dt>{t('caseCode')}</dt>
          <dd>{found.caseCode}</dd>
          <dt>{t('caseStatus')}</dt>
          <dd data-testid="case-status">{t(`case.${found.status}` as MessageKey)}</dd>
          <dt>{t('caseOutcome')}</dt>
          <dd data-testid="case-outcome">{found.outcome ?? t('noOutcomeYet')}</dd>
        </dl>
      )}
    </section>
  );
}
