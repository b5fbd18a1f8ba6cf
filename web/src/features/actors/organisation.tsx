import { useQuery } from '@tanstack/react-query';
import { Fragment } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import {
  canKeepScreening,
  canReadAllPrivate,
  canReviewKyc,
  canSeeScreeningHits,
  canWritePrivate,
} from '../../../../src/domain/access/roles.ts';
import { ExportButton } from '../../components/export-button.tsx';
import { ListSection } from '../../components/list-section.tsx';
import { Failure, Loading } from '../../components/query-state.tsx';
import { useDayFormat } from '../../i18n/dates.ts';
import { mayOpen, PAGES } from '../../routes.ts';
import { usePrincipal } from '../access/session.ts';
import { HistoryCard } from '../screening/history-card.tsx';
import { OrganisationMergeCard, PersonMergeCard } from '../screening/merge-card.tsx';
import { ScreeningCard } from '../screening/status-card.tsx';
import { chainRoleText, licenceTypeText } from './labels.ts';
import { OrganisationWork } from './organisation-work.tsx';
import { licencesQuery, organisationQuery, personsQuery } from './queries.ts';
import { RedFlags } from './red-flag-list.tsx';

/** One organisation: profile, KYC and red flags, its people and its licences with their expiry. */
export function OrganisationPage() {
  const day = useDayFormat();
  const { id = '' } = useParams();
  const { t } = useTranslation('actors');
  const { t: tc } = useTranslation();
  const { t: tsc } = useTranslation('screening');
  const { t: tdd } = useTranslation('due-diligence');
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
  // A merged organisation reads as the one kept: the page says so and leads there.
  if (o.id !== id)
    return (
      <article>
        {back}
        <p className="notice" role="status" data-testid="merged-into">
          {tsc('merge.mergedInto')} <Link to={`/organisations/${o.id}`}>{o.legalName} →</Link>
        </p>
      </article>
    );
  return (
    <article>
      {back}
      <h1>{o.legalName}</h1>
      {mayOpen(principal, PAGES.dueDiligence, { id }) && (
        <p>
          <Link to={`/organisations/${id}/report`}>{tdd('page.open')}</Link>
        </p>
      )}
      {o.chainRoles.includes('cooperative') && mayOpen(principal, PAGES.members, { id }) && (
        <p>
          <Link to={`/organisations/${id}/members`}>{t('members.link')}</Link>
        </p>
      )}
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
            {o.kyc.expiresAt && ` (${t('page.until', { date: day(o.kyc.expiresAt) })})`}
            {o.kyc.reopened && (
              <p className="kyc-reopened" data-testid="kyc-reopened">
                {t('page.kycReopened', {
                  date: day(o.kyc.reopened.at),
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
      {canSeeScreeningHits(principal) && <ScreeningCard organisationId={o.id} />}
      <ListSection
        className="card"
        title={t('page.people')}
        actions={
          <ExportButton
            label={t('page.people')}
            list={{ path: '/api/persons', query: { organisationId: id } }}
          />
        }
        items={persons.data?.items ?? null}
        headers={[t('page.name'), t('page.position'), t('page.card'), t('page.redFlags')]}
        row={(p) => (
          <tr key={p.id}>
            <td>{p.fullName}</td>
            <td>{p.position ?? '—'}</td>
            <td>{p.cardNumber ?? '—'}</td>
            <td>
              <RedFlags flags={p.redFlags} />
            </td>
          </tr>
        )}
      />
      <ListSection
        className="card"
        title={t('page.licences')}
        actions={
          <ExportButton
            label={t('page.licences')}
            list={{ path: '/api/licences', query: { holderOrganisationId: id } }}
          />
        }
        items={licences.data?.items ?? null}
        headers={[t('page.kind'), t('page.number'), t('page.zone'), t('page.validUntil'), t('page.state')]}
        row={(l) => (
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
        )}
      />
      {canEdit && (
        <OrganisationWork organisationId={o.id} version={o.version} canDecideKyc={canReviewKyc(principal)} />
      )}
      {canKeepScreening(principal) && <OrganisationMergeCard organisation={o} />}
      {canKeepScreening(principal) && (persons.data?.items.length ?? 0) > 1 && (
        <PersonMergeCard people={persons.data?.items ?? []} />
      )}
      {canReadAllPrivate(principal) && <HistoryCard recordType="organisation" id={o.id} />}
    </article>
  );
}
