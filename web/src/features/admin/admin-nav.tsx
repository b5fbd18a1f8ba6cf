import { useTranslation } from 'react-i18next';
import { NavLink } from 'react-router';
import { PAGES } from '../../routes.ts';

/** The administration's pages, one link each; assignments and webhooks live with the sites and the alerts. */
export function AdminNav() {
  const { t } = useTranslation('admin');
  const links = [
    [PAGES.adminUsers.path, t('nav.users')],
    [PAGES.adminTokens.path, t('nav.tokens')],
    [PAGES.webhooks.path, t('nav.webhooks')],
    [PAGES.adminCriteria.path, t('nav.criteria')],
    [PAGES.adminRules.path, t('nav.rules')],
    [PAGES.assignments.path, t('nav.assignments')],
  ] as const;
  return (
    <nav className="toolbar admin-nav" aria-label={t('nav.label')}>
      {links.map(([to, label]) => (
        <NavLink key={to} to={to} end>
          {label}
        </NavLink>
      ))}
    </nav>
  );
}
