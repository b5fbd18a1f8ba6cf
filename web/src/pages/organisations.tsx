import { PagedList } from '../components/paged-list.tsx';
import type { Locale, MessageKey } from '../i18n.ts';
import { chainRoleLabel, type RedFlag, redFlagText } from '../labels.ts';

interface Organisation {
  id: string;
  legalName: string;
  chainRoles: string[];
  country: string;
  registrationNumbers: { scheme: string; number: string }[];
  kyc: { status: string };
  redFlags: RedFlag[];
}

export function OrganisationsPage({ t, locale }: { t: (k: MessageKey) => string; locale: Locale }) {
  return (
    <PagedList<Organisation>
      path="/api/organisations"
      label={t('organisations')}
      t={t}
      head={
        <tr>
          <th>{t('name')}</th>
          <th>{t('roles')}</th>
          <th>RCCM</th>
          <th>{t('kyc')}</th>
          <th>{t('redFlags')}</th>
        </tr>
      }
      row={(o) => (
        <tr key={o.id}>
          <td>{o.legalName}</td>
          <td>{o.chainRoles.map((r) => chainRoleLabel(r, locale)).join(', ')}</td>
          <td>{o.registrationNumbers.map((n) => n.number).join(', ') || '—'}</td>
          <td>
            <span className={`kyc kyc-${o.kyc.status}`}>{t(`kyc.${o.kyc.status}` as MessageKey)}</span>
          </td>
          <td>
            {o.redFlags.length === 0 ? (
              t('none')
            ) : (
              <ul className="flags">
                {o.redFlags.map((f) => (
                  <li key={f.code + f.message}>⚑ {redFlagText(f, locale)}</li>
                ))}
              </ul>
            )}
          </td>
        </tr>
      )}
    />
  );
}
