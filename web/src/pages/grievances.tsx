import { type FormEvent, useEffect, useState } from 'react';
import { api } from '../api.ts';
import { useListControls } from '../components/list-controls.tsx';
import { problemText } from '../components/problem-text.ts';
import type { Locale, MessageKey } from '../i18n.ts';
import { RISK_CATEGORY_CODES, riskCategoryLabel } from '../labels.ts';

interface Grievance {
  id: string;
  caseCode: string;
  siteId: string | null;
  location: string;
  description: string;
  language: string;
  anonymous: boolean;
  status: 'received' | 'validated' | 'rejected' | 'closed';
  decisionReason: string | null;
  publicOutcome: string | null;
  incidentId: string | null;
  attachments: { id: string; filename: string }[];
  revision: number;
  createdAt: string;
  contact?: { name?: string; phone?: string; email?: string } | null;
}

/** The grievance officer's queue: newest first, filtered by status. */
export function GrievancesPage({
  t,
  onOpen,
}: {
  t: (k: MessageKey) => string;
  onOpen: (id: string) => void;
}) {
  const [status, setStatus] = useState('received');
  const [items, setItems] = useState<Grievance[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    setItems(null);
    api<Grievance[]>('GET', `/api/grievances${status ? `?status=${status}` : ''}`).then(setItems, (e) =>
      setError(problemText(e)),
    );
  }, [status]);
  const list = useListControls(items, t, {
    text: (g) => `${g.caseCode} ${g.location} ${g.description}`,
    keys: { code: (g) => g.caseCode, date: (g) => g.createdAt, site: (g) => g.location },
  });
  return (
    <section aria-label={t('grievances')}>
      <div className="toolbar">
        <label>
          {t('state')}
          <select value={status} onChange={(e) => setStatus(e.target.value)}>
            <option value="">{t('all')}</option>
            {['received', 'validated', 'rejected', 'closed'].map((s) => (
              <option key={s} value={s}>
                {t(`case.${s}` as MessageKey)}
              </option>
            ))}
          </select>
        </label>
      </div>
      {list.search}
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {items === null && !error && <p role="status">{t('loading')}</p>}
      {items && list.total === 0 && <p className="empty">{t('empty')}</p>}
      {items && list.total > 0 && (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                {list.header(t('caseCode'), 'code')}
                {list.header(t('date'), 'date')}
                {list.header(t('site'), 'site')}
                {list.header(t('whatHappened'))}
                {list.header(t('state'))}
              </tr>
            </thead>
            <tbody>
              {list.rows.map((g) => (
                <tr key={g.id}>
                  <td>
                    <a
                      href={`/grievances/${g.id}`}
                      onClick={(e) => {
                        e.preventDefault();
                        onOpen(g.id);
                      }}
                    >
                      {g.caseCode}
                    </a>
                  </td>
                  <td>{g.createdAt.slice(0, 10)}</td>
                  <td>{g.location}</td>
                  <td>{g.description.length > 90 ? `${g.description.slice(0, 90)}…` : g.description}</td>
                  <td>{t(`case.${g.status}` as MessageKey)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {list.more}
        </div>
      )}
    </section>
  );
}

/** One grievance with the reporter's contact details; the officer validates, rejects or answers it. */
export function GrievancePageForOfficer({
  id,
  t,
  locale,
  onBack,
  onOpenIncident,
}: {
  id: string;
  t: (k: MessageKey) => string;
  locale: Locale;
  onBack: () => void;
  onOpenIncident: (id: string) => void;
}) {
  const [g, setG] = useState<Grievance | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [decision, setDecision] = useState<'validate' | 'reject' | 'outcome'>('validate');
  const [form, setForm] = useState({
    level: '2',
    category: 'serious_abuses',
    title: '',
    reason: '',
    publicOutcome: '',
    close: false,
  });
  const [busy, setBusy] = useState(false);
  const [sites, setSites] = useState<{ id: string; code: string; name: string }[]>([]);
  const [siteId, setSiteId] = useState('');

  useEffect(() => {
    // A reporter may name a place rather than a registered site: the officer then picks the site.
    api<{ id: string; code: string; name: string }[]>('GET', '/api/public/sites').then(setSites, () => {});
    api<Grievance>('GET', `/api/grievances/${id}`).then(
      (x) => {
        setG(x);
        setDecision(x.status === 'received' ? 'validate' : 'outcome');
      },
      (e) => setError(problemText(e)),
    );
  }, [id]);

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!g) return;
    setBusy(true);
    setError(null);
    try {
      const body =
        decision === 'validate'
          ? {
              level: Number(form.level),
              category: form.category,
              title: form.title,
              siteId: g.siteId ?? (siteId || null),
              reason: form.reason,
              publicOutcome: form.publicOutcome,
              revision: g.revision,
            }
          : decision === 'reject'
            ? { reason: form.reason, publicOutcome: form.publicOutcome, revision: g.revision }
            : { publicOutcome: form.publicOutcome, close: form.close, revision: g.revision };
      setG(await api<Grievance>('POST', `/api/grievances/${id}/${decision}`, body));
      setDecision('outcome');
    } catch (err) {
      setError(problemText(err));
    } finally {
      setBusy(false);
    }
  }

  const back = (
    <a
      href="/grievances"
      onClick={(e) => {
        e.preventDefault();
        onBack();
      }}
    >
      {t('backToGrievances')}
    </a>
  );
  if (!g)
    return error ? (
      <p role="alert" className="error">
        {error}
      </p>
    ) : (
      <p role="status">{t('loading')}</p>
    );
  const set = (patch: Partial<typeof form>) => setForm({ ...form, ...patch });
  return (
    <article>
      {back}
      <h1>
        {t('grievance')} {g.caseCode}
      </h1>
      <dl className="facts">
        <dt>{t('state')}</dt>
        <dd data-testid="grievance-status">{t(`case.${g.status}` as MessageKey)}</dd>
        <dt>{t('date')}</dt>
        <dd>{g.createdAt.slice(0, 16).replace('T', ' ')}</dd>
        <dt>{t('site')}</dt>
        <dd>{g.location}</dd>
        <dt>{t('reporter')}</dt>
        <dd>
          {g.anonymous || !g.contact
            ? t('anonymous')
            : [g.contact.name, g.contact.phone, g.contact.email].filter(Boolean).join(' · ')}
        </dd>
        {g.decisionReason && (
          <>
            <dt>{t('reason')}</dt>
            <dd>{g.decisionReason}</dd>
          </>
        )}
        {g.publicOutcome && (
          <>
            <dt>{t('caseOutcome')}</dt>
            <dd>{g.publicOutcome}</dd>
          </>
        )}
        {g.incidentId && (
          <>
            <dt>{t('incident')}</dt>
            <dd>
              <a
                href={`/incidents/${g.incidentId}`}
                onClick={(e) => {
                  e.preventDefault();
                  onOpenIncident(g.incidentId as string);
                }}
              >
                {t('openIncident')}
              </a>
            </dd>
          </>
        )}
      </dl>
      <p className="description">{g.description}</p>
      {g.status !== 'closed' && g.status !== 'rejected' && (
        <form className="record-form" onSubmit={submit}>
          <fieldset>
            <legend>{t('decision')}</legend>
            <div className="checks">
              {(g.status === 'received' ? (['validate', 'reject'] as const) : (['outcome'] as const)).map(
                (d) => (
                  <label key={d}>
                    <input
                      type="radio"
                      name="decision"
                      checked={decision === d}
                      onChange={() => setDecision(d)}
                    />
                    {t(`grievanceDecision.${d}` as MessageKey)}
                  </label>
                ),
              )}
            </div>
          </fieldset>
          {decision === 'validate' && (
            <>
              <label className="field">
                {t('level')}
                <select value={form.level} onChange={(e) => set({ level: e.target.value })}>
                  {['1', '2', '3'].map((l) => (
                    <option key={l}>{l}</option>
                  ))}
                </select>
              </label>
              <label className="field">
                {t('category')}
                <select value={form.category} onChange={(e) => set({ category: e.target.value })}>
                  {RISK_CATEGORY_CODES.map((c) => (
                    <option key={c} value={c}>
                      {riskCategoryLabel(c, locale)}
                    </option>
                  ))}
                </select>
              </label>
              {!g.siteId && (
                <label className="field">
                  {t('site')}
                  <select value={siteId} onChange={(e) => setSiteId(e.target.value)}>
                    <option value="">{t('chooseSite')}</option>
                    {sites.map((s) => (
                      <option key={s.id} value={s.id}>
                        {s.code} · {s.name}
                      </option>
                    ))}
                  </select>
                </label>
              )}
              <label className="field">
                {t('incidentTitle')}
                <input value={form.title} onChange={(e) => set({ title: e.target.value })} />
              </label>
            </>
          )}
          {decision !== 'outcome' && (
            <label className="field">
              {t('reasonInternal')}
              <textarea value={form.reason} onChange={(e) => set({ reason: e.target.value })} />
            </label>
          )}
          <label className="field">
            {t('publicOutcome')}
            <textarea value={form.publicOutcome} onChange={(e) => set({ publicOutcome: e.target.value })} />
          </label>
          {decision === 'outcome' && (
            <label className="check">
              <input
                type="checkbox"
                checked={form.close}
                onChange={(e) => set({ close: e.target.checked })}
              />
              {t('closeCase')}
            </label>
          )}
          {error && (
            <p role="alert" className="error">
              {error}
            </p>
          )}
          <div className="form-actions">
            <button type="submit" className="primary" disabled={busy}>
              {busy ? t('saving') : t('save')}
            </button>
          </div>
        </form>
      )}
    </article>
  );
}
