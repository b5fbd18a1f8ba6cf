import { useQuery } from '@tanstack/react-query';
import { Fragment } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { canReviewKyc, canWritePrivate } from '../../../../src/domain/access/roles.ts';
import { Failure, Loading } from '../../components/query-state.tsx';
import { usePrincipal } from '../access/session.ts';
import { chainRoleText, licenceTypeText } from './labels.ts';
import { OrganisationWork } from './organisation-work.tsx';
import { licencesQuery, organisationQuery, personsQuery } from './queries.ts';
import { RedFlags } from './red-flag-list.tsx';

/** One organisation: profile, KYC and red flags, its people and its licences with their expiry. */
export function OrganisationPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation('actors');
  const { t: tc } = useTranslation();
  const navigate = useNavigate();
  const principal = usePrincipal();
  const canEdit = canWritePrivate(principal, id);
  const org = useQuery(organisationQuery(id));
  // People and licences are private: a role that may not see them is told so in their place.
  const persons = useQuery(personsQuery(id));
  const licences = useQuery(licencesQuery(id));

  const back = <Link to="/organisations">{t('page.back')}</Link>;
  const error = org.error ?? persons.error ?? licences.error;
  if (error)
    return (
      <>
        {back}
        <Failure error={error} prefixed />
      </>
    );
  // The page appears whole, as it always has.
  if (!org.data || !persons.isFetched || !licences.isFetched) return <Loading />;
  const o = org.data;
  return (
    <article>
      {back}
      <h1>{o.legalName}</h1>
      {canEdit && (
        <button type="button" onClick={() => navigate(`/organisations/${id}/edit`)}>
          {tc('edit')}
        </button>
      )}
      <section className="card">
        <h2>{t('page.profile')}</h2>
        <dl className="facts">
          <dt>{t('page.roles')}</dt>
          <dd>{o.chainRoles.map((r) => chainRoleText(t, r)).join(', ')}</dd>
          <dt>{t('page.country')}</dt>
          <dd>{o.country}</dd>
          {o.registrationNumbers.map((n) => (
            <Fragment key={n.scheme + n.number}>
              <dt>{n.scheme.toUpperCase().replace('_', ' ')}</dt>
              <dd>{n.number}</dd>
            </Fragment>
          ))}
          <dt>{t('page.operatingZones')}</dt>
          <dd>{o.operatingZones.join(', ') || '—'}</dd>
          <dt>{t('page.kyc')}</dt>
          <dd>
            <span className={`kyc kyc-${o.kyc.status}`}>{t(`kyc.${o.kyc.status}`)}</span>
            {o.kyc.expiresAt && ` (${t('page.until', { date: o.kyc.expiresAt.slice(0, 10) })})`}
            {o.kyc.reopened && (
              <p className="kyc-reopened" data-testid="kyc-reopened">
                {t('page.kycReopened', {
                  date: o.kyc.reopened.at.slice(0, 10),
                  fields: o.kyc.reopened.fields.map((f) => t(`identity.${f}`)).join(', '),
                })}
              </p>
            )}
          </dd>
          <dt>{t('page.redFlags')}</dt>
          <dd>
            <RedFlags flags={o.redFlags} />
          </dd>
        </dl>
      </section>
      <section className="card">
        <h2>{t('page.people')}</h2>
        {!persons.data ? (
          <p>{tc('notVisible')}</p>
        ) : persons.data.items.length === 0 ? (
          <p className="empty">{tc('empty')}</p>
        ) : (
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th>{t('page.name')}</th>
                  <th>{t('page.position')}</th>
                  <th>{t('page.card')}</th>
                  <th>{t('page.redFlags')}</th>
                </tr>
              </thead>
              <tbody>
                {persons.data.items.map((p) => (
                  <tr key={p.id}>
                    <td>{p.fullName}</td>
                    <td>{p.position ?? '—'}</td>
                    <td>{p.cardNumber ?? '—'}</td>
                    <td>
                      <RedFlags flags={p.redFlags} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
      <section className="card">
        <h2>{t('page.licences')}</h2>
        {!licences.data ? (
          <p>{tc('notVisible')}</p>
        ) : licences.data.items.length === 0 ? (
          <p className="empty">{tc('empty')}</p>
        ) : (
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th>{t('page.kind')}</th>
                  <th>{t('page.number')}</th>
                  <th>{t('page.zone')}</th>
                  <th>{t('page.validUntil')}</th>
                  <th>{t('page.state')}</th>
                </tr>
              </thead>
              <tbody>
                {licences.data.items.map((l) => (
                  <tr key={l.id}>
                    <td>{licenceTypeText(t, l.type)}</td>
                    <td>{l.number}</td>
                    <td>{l.zoneCode ?? '—'}</td>
                    <td>{l.validUntil ?? '—'}</td>
                    <td>
                      <span className={`licence licence-${l.state}`}>
                        {l.state === 'expired' ? '⚠ ' : ''}
                        {t(`licenceState.${l.state}`)}
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
        <OrganisationWork organisationId={o.id} version={o.version} canDecideKyc={canReviewKyc(principal)} />
      )}
    </article>
  );
}
