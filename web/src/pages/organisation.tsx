import { Fragment, useEffect, useState } from 'react';
import { ApiError, api, type Page } from '../api.ts';
import type { Locale, MessageKey } from '../i18n.ts';
import { chainRoleLabel, licenceTypeLabel, type RedFlag } from '../labels.ts';
import { OrganisationWork } from './organisation-work.tsx';
import { type Organisation, RedFlags } from './organisations.tsx';

interface Person {
  id: string;
  fullName: string;
  kind: string;
  position: string | null;
  cardNumber: string | null;
  redFlags: RedFlag[];
}

interface Licence {
  id: string;
  type: string;
  number: string;
  issuer: string;
  zoneCode: string | null;
  validUntil: string | null;
  state: 'valid' | 'expired' | 'not_yet_valid';
}

/** A private list: null when the caller's role may not see it. */
async function privateList<T>(path: string): Promise<T[] | null> {
  try {
    return (await api<Page<T>>('GET', path)).items;
  } catch (e) {
    if (e instanceof ApiError && (e.problem.status === 403 || e.problem.status === 404)) return null;
    throw e;
  }
}

/** One organisation: profile, KYC and red flags, its people and its licences with their expiry. */
export function OrganisationPage({
  id,
  t,
  locale,
  canEdit,
  canDecideKyc,
  onEdit,
  onBack,
}: {
  id: string;
  t: (k: MessageKey) => string;
  locale: Locale;
  canEdit: boolean;
  canDecideKyc: boolean;
  onEdit: () => void;
  onBack: () => void;
}) {
  const [data, setData] = useState<{
    org: Organisation;
    persons: Person[] | null;
    licences: Licence[] | null;
  } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [reload, setReload] = useState(0);
  // biome-ignore lint/correctness/useExhaustiveDependencies: reload is the signal to fetch again
  useEffect(() => {
    Promise.all([
      api<Organisation>('GET', `/api/organisations/${id}`),
      privateList<Person>(`/api/persons?organisationId=${id}&limit=200`),
      privateList<Licence>(`/api/licences?holderOrganisationId=${id}&limit=200`),
    ]).then(
      ([org, persons, licences]) => setData({ org, persons, licences }),
      (e) => setError((e as Error).message),
    );
  }, [id, reload]);

  const back = (
    <a
      href="/organisations"
      onClick={(e) => {
        e.preventDefault();
        onBack();
      }}
    >
      {t('backToOrganisations')}
    </a>
  );
  if (error)
    return (
      <>
        {back}
        <p role="alert" className="error">
          {t('error')}: {error}
        </p>
      </>
    );
  if (!data) return <p role="status">{t('loading')}</p>;
  const { org, persons, licences } = data;
  return (
    <article>
      {back}
      <h1>{org.legalName}</h1>
      {canEdit && (
        <button type="button" onClick={onEdit}>
          {t('edit')}
        </button>
      )}
      <section className="card">
        <h2>{t('profile')}</h2>
        <dl className="facts">
          <dt>{t('roles')}</dt>
          <dd>{org.chainRoles.map((r) => chainRoleLabel(r, locale)).join(', ')}</dd>
          <dt>{t('country')}</dt>
          <dd>{org.country}</dd>
          {org.registrationNumbers.map((n) => (
            <Fragment key={n.scheme + n.number}>
              <dt>{n.scheme.toUpperCase().replace('_', ' ')}</dt>
              <dd>{n.number}</dd>
            </Fragment>
          ))}
          <dt>{t('operatingZones')}</dt>
          <dd>{org.operatingZones.join(', ') || '—'}</dd>
          <dt>{t('kyc')}</dt>
          <dd>
            <span className={`kyc kyc-${org.kyc.status}`}>{t(`kyc.${org.kyc.status}` as MessageKey)}</span>
            {org.kyc.expiresAt && ` (${t('until')} ${org.kyc.expiresAt.slice(0, 10)})`}
            {org.kyc.reopened && (
              <p className="kyc-reopened" data-testid="kyc-reopened">
                {t('kycReopened')} {org.kyc.reopened.at.slice(0, 10)}
                {t('kycReopenedBecause')}{' '}
                {org.kyc.reopened.fields.map((f) => t(`identity.${f}` as MessageKey)).join(', ')}
              </p>
            )}
          </dd>
          <dt>{t('redFlags')}</dt>
          <dd>
            <RedFlags flags={org.redFlags} locale={locale} t={t} />
          </dd>
        </dl>
      </section>
      <section className="card">
        <h2>{t('people')}</h2>
        {persons === null ? (
          <p>{t('notVisible')}</p>
        ) : persons.length === 0 ? (
          <p className="empty">{t('empty')}</p>
        ) : (
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th>{t('name')}</th>
                  <th>{t('position')}</th>
                  <th>{t('card')}</th>
                  <th>{t('redFlags')}</th>
                </tr>
              </thead>
              <tbody>
                {persons.map((p) => (
                  <tr key={p.id}>
                    <td>{p.fullName}</td>
                    <td>{p.position ?? '—'}</td>
                    <td>{p.cardNumber ?? '—'}</td>
                    <td>
                      <RedFlags flags={p.redFlags} locale={locale} t={t} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
      <section className="card">
        <h2>{t('licences')}</h2>
        {licences === null ? (
          <p>{t('notVisible')}</p>
        ) : licences.length === 0 ? (
          <p className="empty">{t('empty')}</p>
        ) : (
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th>{t('kind')}</th>
                  <th>{t('number')}</th>
                  <th>{t('zone')}</th>
                  <th>{t('validUntil')}</th>
                  <th>{t('state')}</th>
                </tr>
              </thead>
              <tbody>
                {licences.map((l) => (
                  <tr key={l.id}>
                    <td>{licenceTypeLabel(l.type, locale)}</td>
                    <td>{l.number}</td>
                    <td>{l.zoneCode ?? '—'}</td>
                    <td>{l.validUntil ?? '—'}</td>
                    <td>
                      <span className={`licence licence-${l.state}`}>
                        {l.state === 'expired' ? '⚠ ' : ''}
                        {t(`licence.${l.state}` as MessageKey)}
                      </span>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
      {canEdit && (
        <OrganisationWork
          organisationId={org.id}
          version={org.version}
          t={t}
          locale={locale}
          canDecideKyc={canDecideKyc}
          onChanged={() => setReload((n) => n + 1)}
        />
      )}
    </article>
  );
}
