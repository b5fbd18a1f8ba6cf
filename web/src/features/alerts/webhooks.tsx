import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type Answer, api, ok } from '../../api/client.ts';
import { Field } from '../../components/field.tsx';
import { PagedList } from '../../components/paged-list.tsx';
import { problemText } from '../../components/problem-text.ts';
import { useInstantFormat } from '../../i18n/dates.ts';
import { useLocale } from '../../i18n/locale.ts';
import { usePrincipal } from '../access/session.ts';
import { AdminNav } from '../admin/admin-nav.tsx';

type Webhook = Answer<'/api/webhooks'>['items'][number];
type Delivery = Answer<'/api/deliveries'>['items'][number];

const WEBHOOKS = ['alerts', 'webhooks'] as const;
const DELIVERIES = ['alerts', 'deliveries'] as const;

/** The organisation's webhooks: register one (its signing secret shown once), send it a test, disable it; the log. */
export function WebhooksPage() {
  const { t } = useTranslation('alerts');
  const queries = useQueryClient();
  const admin = usePrincipal().role === 'admin';
  const [tested, setTested] = useState<Delivery | null>(null);
  return (
    <>
      {admin && <AdminNav />}
      <RegisterWebhook />
      <section className="card">
        <h2>{t('webhooks.listTitle')}</h2>
        <PagedList<Webhook, never>
          searchable={false}
          queryKey={WEBHOOKS}
          label={t('webhooks.listTitle')}
          load={({ cursor }) =>
            ok(api.GET('/api/webhooks', { params: { query: { limit: 50, ...(cursor && { cursor }) } } }))
          }
          exportOf={{ path: '/api/webhooks', query: {} }}
          columns={[
            { label: t('webhooks.url') },
            { label: t('webhooks.state') },
            { label: t('webhooks.actions') },
          ]}
          empty={t('webhooks.none')}
          row={(w) => (
            <WebhookRow
              key={w.id}
              webhook={w}
              onTested={(d) => {
                setTested(d);
                return queries.invalidateQueries({ queryKey: DELIVERIES });
              }}
            />
          )}
        />
        {tested && (
          <p role="status" className={tested.status === 'delivered' ? 'saved' : 'error'}>
            {tested.status === 'delivered'
              ? t('webhooks.testDelivered', { url: tested.target })
              : t('webhooks.testFailed', { url: tested.target, error: tested.lastError ?? '' })}
          </p>
        )}
      </section>
      <DeliveryLog />
    </>
  );
}

function RegisterWebhook() {
  const { t } = useTranslation('alerts');
  const queries = useQueryClient();
  const [url, setUrl] = useState('');
  const register = useMutation({
    mutationFn: () => ok(api.POST('/api/webhooks', { body: { url: url.trim() } })),
    onSuccess: () => {
      setUrl('');
      return queries.invalidateQueries({ queryKey: WEBHOOKS });
    },
  });
  function submit(e: FormEvent) {
    e.preventDefault();
    register.mutate();
  }
  return (
    <form className="card record-form" onSubmit={submit} aria-label={t('webhooks.registerTitle')}>
      <h2>{t('webhooks.registerTitle')}</h2>
      <p className="hint">{t('webhooks.hint')}</p>
      <Field
        label={t('webhooks.url')}
        type="url"
        maxLength={2000}
        required
        value={url}
        onChange={(e) => setUrl(e.target.value)}
      />
      {register.error && (
        <p role="alert" className="error">
          {problemText(register.error)}
        </p>
      )}
      <div className="form-actions">
        <button type="submit" className="primary" disabled={register.isPending}>
          {t('webhooks.register')}
        </button>
      </div>
      {register.data && (
        <div role="status" className="notice secret">
          <p>{t('webhooks.secretOnce')}</p>
          <code data-testid="secret" title={t('webhooks.secret')}>
            {register.data.secret}
          </code>
        </div>
      )}
    </form>
  );
}

function WebhookRow({ webhook, onTested }: { webhook: Webhook; onTested: (d: Delivery) => unknown }) {
  const { t } = useTranslation('alerts');
  const queries = useQueryClient();
  const test = useMutation({
    mutationFn: () => ok(api.POST('/api/webhooks/{id}/test', { params: { path: { id: webhook.id } } })),
    onSuccess: onTested,
  });
  const disable = useMutation({
    mutationFn: () => ok(api.DELETE('/api/webhooks/{id}', { params: { path: { id: webhook.id } } })),
    onSuccess: () => queries.invalidateQueries({ queryKey: WEBHOOKS }),
  });
  const error = test.error ?? disable.error;
  return (
    <tr>
      <td>
        <code>{webhook.url}</code>
      </td>
      <td>{webhook.enabled ? t('webhooks.enabled') : t('webhooks.disabled')}</td>
      <td>
        {webhook.enabled && (
          <div className="form-actions">
            <button type="button" disabled={test.isPending} onClick={() => test.mutate()}>
              {test.isPending ? t('webhooks.testing') : t('webhooks.test')}
            </button>
            <button type="button" disabled={disable.isPending} onClick={() => disable.mutate()}>
              {t('webhooks.disable')}
            </button>
          </div>
        )}
        {error && (
          <p role="alert" className="error">
            {problemText(error)}
          </p>
        )}
      </td>
    </tr>
  );
}

function DeliveryLog() {
  const { t } = useTranslation('alerts');
  const instant = useInstantFormat();
  const n = new Intl.NumberFormat(useLocale());
  return (
    <section className="card">
      <h2>{t('deliveries.title')}</h2>
      <PagedList<Delivery, never>
        searchable={false}
        queryKey={DELIVERIES}
        label={t('deliveries.title')}
        load={({ cursor }) =>
          ok(api.GET('/api/deliveries', { params: { query: { limit: 20, ...(cursor && { cursor }) } } }))
        }
        exportOf={{ path: '/api/deliveries', query: {} }}
        columns={[
          { label: t('deliveries.what') },
          { label: t('deliveries.target') },
          { label: t('deliveries.status') },
          { label: t('deliveries.attempts'), numeric: true },
          { label: t('deliveries.at') },
        ]}
        empty={t('deliveries.none')}
        row={(d) => (
          <tr key={d.id}>
            <td>
              {d.test
                ? t('deliveries.test')
                : t(`deliveries.channel.${d.channel === 'email' ? 'email' : 'webhook'}`)}
            </td>
            <td>
              <code>{d.target}</code>
            </td>
            <td>
              {t(
                `deliveries.state.${d.status === 'delivered' ? 'delivered' : d.status === 'failed' ? 'failed' : 'pending'}`,
              )}
              {d.lastError && (
                <>
                  <br />
                  <small>{d.lastError}</small>
                </>
              )}
            </td>
            <td className="num">{n.format(d.attempts)}</td>
            <td>{d.deliveredAt ? instant(d.deliveredAt) : instant(d.nextAttemptAt)}</td>
          </tr>
        )}
      />
    </section>
  );
}
