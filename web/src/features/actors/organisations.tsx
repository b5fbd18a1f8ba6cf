import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { canRegisterActors } from '../../../../src/domain/access/roles.ts';
import { CHAIN_ROLES } from '../../../../src/domain/actors/chain-roles.ts';
import { KYC_STATUSES } from '../../../../src/domain/actors/kyc.ts';
import { api, ok } from '../../api/client.ts';
import { oneOf } from '../../components/one-of.ts';
import { PagedList } from '../../components/paged-list.tsx';
import { usePrincipal } from '../access/session.ts';
import { chainRoleText } from './labels.ts';
import { ORGANISATIONS } from './queries.ts';
import { RedFlags } from './red-flag-list.tsx';

/** The registry of organisations: search, role and KYC filters, sortable columns. */
export function OrganisationsPage() {
  const { t } = useTranslation('actors');
  const { t: tc } = useTranslation();
  const navigate = useNavigate();
  const mayRegister = canRegisterActors(usePrincipal());
  const [chainRole, setChainRole] = useState(oneOf(CHAIN_ROLES, ''));
  const [kycStatus, setKycStatus] = useState(oneOf(KYC_STATUSES, ''));
  return (
    <>
      <div className="toolbar">
        <label>
          {t('list.roles')}
          <select value={chainRole} onChange={(e) => setChainRole(oneOf(CHAIN_ROLES, e.target.value))}>
            <option value="">{tc('all')}</option>
            {CHAIN_ROLES.map((r) => (
              <option key={r} value={r}>
                {t(`chainRole.${r}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('list.kyc')}
          <select value={kycStatus} onChange={(e) => setKycStatus(oneOf(KYC_STATUSES, e.target.value))}>
            <option value="">{tc('all')}</option>
            {KYC_STATUSES.map((s) => (
              <option key={s} value={s}>
                {t(`kyc.${s}`)}
              </option>
            ))}
          </select>
        </label>
        <span className="spacer" />
        {mayRegister && (
          <button type="button" className="primary" onClick={() => navigate('/organisations/new')}>
            {t('list.newOrganisation')}
          </button>
        )}
      </div>
      <PagedList
        queryKey={[...ORGANISATIONS, 'list', { chainRole, kycStatus }]}
        load={(page) =>
          ok(
            api.GET('/api/organisations', {
              params: {
                query: {
                  limit: 25,
                  ...page,
                  ...(chainRole && { chainRole }),
                  ...(kycStatus && { kycStatus }),
                },
              },
            }),
          )
        }
        exportOf={{ path: '/api/organisations', query: { chainRole, kycStatus } }}
        label={tc('nav.organisations')}
        defaultSort="name"
        columns={[
          { label: t('list.name'), sort: 'name' },
          { label: t('list.roles') },
          { label: 'RCCM' },
          { label: t('list.country'), sort: 'country' },
          { label: t('list.kyc'), sort: 'kyc' },
          { label: t('list.redFlags') },
        ]}
        row={(o) => (
          <tr key={o.id}>
            <td>
              <Link to={`/organisations/${o.id}`}>{o.legalName}</Link>
            </td>
            <td>{o.chainRoles.map((r) => chainRoleText(t, r)).join(', ')}</td>
            <td>{o.registrationNumbers.find((n) => n.scheme === 'rccm')?.number ?? '—'}</td>
            <td>{o.country}</td>
            <td>
              <span className={`kyc kyc-${o.kyc.status}`}>{t(`kyc.${o.kyc.status}`)}</span>
            </td>
            <td>
              <RedFlags flags={o.redFlags} />
            </td>
          </tr>
        )}
      />
    </>
  );
}
