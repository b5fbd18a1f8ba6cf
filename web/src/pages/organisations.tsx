import { useState } from 'react';
import { PagedList } from '../components/paged-list.tsx';
import type { Locale, MessageKey } from '../i18n.ts';
import { CHAIN_ROLE_CODES, chainRoleLabel, type RedFlag, redFlagText } from '../labels.ts';

export interface Organisation {
  id: string;
  legalName: string;
  tradeNames: string[];
  chainRoles: string[];
  country: string;
  registrationNumbers: { scheme: string; number: string }[];
  addresses: { line: string; city?: string; province?: string; country?: string }[];
  contact: { name?: string; email?: string; phone?: string } | null;
  operatingZones: string[];
  kyc: {
    status: string;
    reviewedAt: string | null;
    expiresAt: string | null;
    /** Set while a change of identity keeps the KYC pending. */
    reopened?: { at: string; fields: string[]; reason: string } | null;
  };
  redFlags: RedFlag[];
  version: number;
}

/** A list of red flags in the reader's language, or "none". */
export function RedFlags({
  flags,
  locale,
  t,
}: {
  flags: RedFlag[];
  locale: Locale;
  t: (k: MessageKey) => string;
}) {
  if (flags.length === 0) return <>{t('none')}</>;
  return (
    <ul className="flags">
      {flags.map((f) => (
        <li key={f.code + f.message}>⚑ {redFlagText(f, locale)}</li>
      ))}
    </ul>
  );
}

/** The registry of organisations: search, role and KYC filters, sortable columns. */
export function OrganisationsPage({
  t,
  locale,
  onOpen,
  onNew,
}: {
  t: (k: MessageKey) => string;
  locale: Locale;
  onOpen: (id: string) => void;
  onNew?: () => void;
}) {
  const [chainRole, setChainRole] = useState('');
  const [kycStatus, setKycStatus] = useState('');
  return (
    <>
      <div className="toolbar">
        <label>
          {t('roles')}
          <select value={chainRole} onChange={(e) => setChainRole(e.target.value)}>
            <option value="">{t('all')}</option>
            {CHAIN_ROLE_CODES.map((r) => (
              <option key={r} value={r}>
                {chainRoleLabel(r, locale)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('kyc')}
          <select value={kycStatus} onChange={(e) => setKycStatus(e.target.value)}>
            <option value="">{t('all')}</option>
            {['pending', 'verified', 'rejected'].map((s) => (
              <option key={s} value={s}>
                {t(`kyc.${s}` as MessageKey)}
              </option>
            ))}
          </select>
        </label>
        <span className="spacer" />
        {onNew && (
          <button type="button" className="primary" onClick={onNew}>
            {t('newOrganisation')}
          </button>
        )}
      </div>
      <PagedList<Organisation>
        path="/api/organisations"
        label={t('organisations')}
        t={t}
        filters={{ chainRole, kycStatus }}
        defaultSort="name"
        columns={[
          { label: t('name'), sort: 'name' },
          { label: t('roles') },
          { label: 'RCCM' },
          { label: t('country'), sort: 'country' },
          { label: t('kyc'), sort: 'kyc' },
          { label: t('redFlags') },
        ]}
        row={(o) => (
          <tr key={o.id}>
            <td>
              <a
                href={`/organisations/${o.id}`}
                onClick={(e) => {
                  e.preventDefault();
                  onOpen(o.id);
                }}
              >
                {o.legalName}
              </a>
            </td>
            <td>{o.chainRoles.map((r) => chainRoleLabel(r, locale)).join(', ')}</td>
            <td>{o.registrationNumbers.find((n) => n.scheme === 'rccm')?.number ?? '—'}</td>
            <td>{o.country}</td>
            <td>
              <span className={`kyc kyc-${o.kyc.status}`}>{t(`kyc.${o.kyc.status}` as MessageKey)}</span>
            </td>
            <td>
              <RedFlags flags={o.redFlags} locale={locale} t={t} />
            </td>
          </tr>
        )}
      />
    </>
  );
}
