import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useNavigate } from 'react-router';
import { worksIn } from '../../../../src/domain/access/roles.ts';
import { PAGES } from '../../routes.ts';
import { type Me, principalOf, useSignOut, useSwitchOrganisation } from './session.ts';

/**
 * The header's account button and what it unfolds: who is signed in and for which organisation, the switch between
 * organisations, the person's devices, the password change and signing out. It closes on a click elsewhere, on
 * Escape and when a page opens.
 */
export function AccountMenu({
  me,
  changingPassword,
  onChangePassword,
}: {
  me: Me;
  changingPassword: boolean;
  onChangePassword: () => void;
}) {
  const { t } = useTranslation();
  const { t: ta } = useTranslation('access');
  const navigate = useNavigate();
  const { pathname } = useLocation();
  const signOut = useSignOut();
  const switchOrganisation = useSwitchOrganisation();
  const role = principalOf(me).role;
  const [open, setOpen] = useState(false);
  const menu = useRef<HTMLDivElement>(null);

  // biome-ignore lint/correctness/useExhaustiveDependencies: a new page closes the menu.
  useEffect(() => setOpen(false), [pathname]);
  useEffect(() => {
    if (!open) return;
    const away = (e: PointerEvent) => {
      if (!menu.current?.contains(e.target as Node)) setOpen(false);
    };
    const onKey = (e: KeyboardEvent) => e.key === 'Escape' && setOpen(false);
    document.addEventListener('pointerdown', away);
    document.addEventListener('keydown', onKey);
    return () => {
      document.removeEventListener('pointerdown', away);
      document.removeEventListener('keydown', onKey);
    };
  }, [open]);

  return (
    <div ref={menu} className="account-menu">
      <button
        type="button"
        className="account-toggle"
        aria-expanded={open}
        aria-controls="account"
        onClick={() => setOpen(!open)}
      >
        {t('account')}
      </button>
      <div id="account" className={`account${open ? ' open' : ''}`}>
        {me.memberships.length > 1 ? (
          <>
            <span className="who">
              {t('signedInAs')} {me.name} ({t(`userRole.${role}`)})
            </span>
            <label className="org-switch">
              {t('actingFor')}
              <select
                value={me.current.organisationId}
                onChange={(e) =>
                  switchOrganisation.mutate(e.target.value, { onSuccess: () => navigate('/home') })
                }
              >
                {me.memberships.map((m) => (
                  <option key={m.organisationId} value={m.organisationId}>
                    {m.organisationName}
                  </option>
                ))}
              </select>
            </label>
          </>
        ) : (
          <span className="who">
            {t('signedInAs')} {me.name} · {me.memberships[0]?.organisationName} ({t(`userRole.${role}`)})
          </span>
        )}
        {worksIn(role, 'home') && (
          <Link
            to={PAGES.myDevices.path}
            aria-current={pathname === PAGES.myDevices.path ? 'page' : undefined}
          >
            {t('title.myDevices')}
          </Link>
        )}
        <button
          type="button"
          aria-expanded={changingPassword}
          onClick={() => {
            onChangePassword();
            setOpen(false);
          }}
        >
          {ta('passwordChange.change')}
        </button>
        <button type="button" onClick={() => signOut.mutate()}>
          {t('signOut')}
        </button>
      </div>
    </div>
  );
}
