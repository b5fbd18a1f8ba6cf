import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { canManageUsers } from '../../../../src/domain/access/roles.ts';
import { api, ok } from '../../api/client.ts';
import { ExportButton } from '../../components/export-button.tsx';
import { Field } from '../../components/field.tsx';
import { FormFooter } from '../../components/form-footer.tsx';
import { ListSection, pagedRows } from '../../components/list-section.tsx';
import { problemText } from '../../components/problem-text.ts';
import { Failure, Loading } from '../../components/query-state.tsx';
import { useServerErrors } from '../../components/server-errors.ts';
import { useDayFormat } from '../../i18n/dates.ts';
import { useLocale } from '../../i18n/locale.ts';
import { usePrincipal } from '../access/session.ts';
import { collectSettingsCode, qrSvgUrl } from './collect-settings.ts';
import { type AppUser, appUserChoicesQuery, appUsersPage, formsQuery, OPENROSA } from './queries.ts';

/** ODK Collect: the forms and their versions, a QR code to configure Collect, and (for administrators) app users. */
export function CollectPage() {
  const { t } = useTranslation('openrosa');
  const principal = usePrincipal();
  const admin = canManageUsers(principal);
  const analyst = admin || principal.role === 'analyst';
  return (
    <>
      <p className="lede">{t('page.intro')}</p>
      <Forms />
      <OwnQr email={principal.email} />
      {analyst && (
        <p>
          <Link to="/collect/submissions">{t('page.submissions')} →</Link>
        </p>
      )}
      {admin && (
        <>
          <NewAppUser />
          <AppUsers />
        </>
      )}
    </>
  );
}

function Forms() {
  const { t } = useTranslation('openrosa');
  const forms = useQuery(formsQuery);
  const locale = useLocale();
  const n = new Intl.NumberFormat(locale);
  const lng = (['fr', 'en', 'sw'] as const).find((l) => locale.startsWith(l)) ?? 'fr';
  if (forms.error) return <Failure error={forms.error} />;
  if (!forms.data) return <Loading />;
  return (
    <section className="card">
      <h2>{t('page.forms')}</h2>
      <table>
        <thead>
          <tr>
            <th>{t('page.formTitle')}</th>
            <th>{t('page.formId')}</th>
            <th>{t('page.version')}</th>
            <th>{t('page.fields')}</th>
            <th>{t('page.xlsform')}</th>
          </tr>
        </thead>
        <tbody>
          {forms.data.map((f) => (
            <tr key={f.formId}>
              <td>{f.titles[lng]}</td>
              <td>
                <code>{f.formId}</code>
              </td>
              <td>
                <code>{f.version}</code>
              </td>
              <td>{n.format(f.fields)}</td>
              <td>
                <a href={`/api/openrosa/forms/${encodeURIComponent(f.formId)}/xlsform`} download>
                  {t('page.downloadXlsform')}
                </a>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

/** A QR code that configures ODK Collect with a server address (and a username when there is no token in it). */
function SettingsQr({ serverUrl, username, label }: { serverUrl: string; username?: string; label: string }) {
  const [src, setSrc] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    collectSettingsCode({ serverUrl, username, project: 'Amana' })
      .then(qrSvgUrl)
      .then((url) => live && setSrc(url));
    return () => {
      live = false;
    };
  }, [serverUrl, username]);
  return src ? <img className="collect-qr" src={src} alt={label} width={220} height={220} /> : <Loading />;
}

function OwnQr({ email }: { email: string }) {
  const { t } = useTranslation('openrosa');
  const url = `${window.location.origin}/openrosa`;
  return (
    <section className="card">
      <h2>{t('page.yourQr')}</h2>
      <SettingsQr serverUrl={url} username={email} label={t('page.yourQr')} />
      <p>{t('page.yourQrHint', { url, email })}</p>
    </section>
  );
}

type AppUserFields = { name: string; member: string; siteIds: string[] };
const FIELDS = ['name', 'member', 'siteIds'] as const;

function NewAppUser() {
  const { t } = useTranslation('openrosa');
  const choices = useQuery(appUserChoicesQuery);
  const queries = useQueryClient();
  const form = useForm<AppUserFields>({ defaultValues: { name: '', member: '', siteIds: [] } });
  const server = useServerErrors(form, FIELDS, (path) =>
    path.replace(/^siteIds\.\d+$/, 'siteIds').replace(/^(userId|organisationId)$/, 'member'),
  );
  const [made, setMade] = useState<{ name: string; serverUrl: string } | null>(null);
  const errorOf = (name: (typeof FIELDS)[number]) => form.getFieldState(name, form.formState).error?.message;
  if (choices.error) return <Failure error={choices.error} />;
  if (!choices.data) return <Loading />;
  const { members, sites } = choices.data;
  const submit = form.handleSubmit(async (v) => {
    server.clear();
    setMade(null);
    const [userId, organisationId] = v.member.split('/');
    try {
      const created = await ok(
        api.POST('/api/openrosa/app-users', {
          body: { name: v.name.trim(), userId, organisationId, siteIds: v.siteIds },
        }),
      );
      setMade({ name: created.name, serverUrl: created.serverUrl });
      form.reset({ name: '', member: v.member, siteIds: [] });
      await queries.invalidateQueries({ queryKey: [...OPENROSA, 'app-users'] });
    } catch (error) {
      server.show(error);
    }
  });
  return (
    <form className="card record-form collect-form" onSubmit={submit} noValidate>
      <h2>{t('page.newAppUser')}</h2>
      <p className="hint">{t('page.appUsersIntro')}</p>
      <Field label={t('page.name')} error={errorOf('name')} maxLength={200} {...form.register('name')} />
      <label className="field">
        {t('page.member')}
        <select {...form.register('member')}>
          {members.map((m) => (
            <option key={`${m.userId}/${m.organisationId}`} value={`${m.userId}/${m.organisationId}`}>
              {m.label}
            </option>
          ))}
        </select>
        {errorOf('member') && <span className="field-error">{errorOf('member')}</span>}
      </label>
      <label className="field">
        {t('page.pickSites')}
        <select multiple size={6} {...form.register('siteIds')}>
          {sites.map((s) => (
            <option key={s.id} value={s.id}>
              {s.code} — {s.name}
            </option>
          ))}
        </select>
        {errorOf('siteIds') && <span className="field-error">{errorOf('siteIds')}</span>}
      </label>
      <FormFooter
        problems={server.elsewhere}
        busy={form.formState.isSubmitting}
        submitLabel={t('page.create')}
      />
      {made && (
        <div role="status" className="saved">
          <p>
            <strong>{made.name}</strong> — {t('page.created1')}
          </p>
          <SettingsQr serverUrl={made.serverUrl} label={made.name} />
          <p>
            {t('page.serverUrl')} <code className="wrap">{made.serverUrl}</code>
          </p>
        </div>
      )}
    </form>
  );
}

function AppUsers() {
  const { t } = useTranslation('openrosa');
  const day = useDayFormat();
  const users = useInfiniteQuery({
    queryKey: [...OPENROSA, 'app-users'],
    queryFn: ({ pageParam }) => appUsersPage(pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  return (
    <ListSection
      className="card"
      title={t('page.appUsers')}
      actions={
        <ExportButton label={t('page.appUsers')} list={{ path: '/api/openrosa/app-users', query: {} }} />
      }
      empty={t('page.none')}
      {...pagedRows(users)}
      headers={[
        t('page.name'),
        t('page.member'),
        t('page.sites'),
        t('page.created'),
        t('page.lastUsed'),
        t('page.revoke'),
      ]}
      row={(u: AppUser) => (
        <tr key={u.id}>
          <td>{u.name}</td>
          <td>{u.email}</td>
          <td>{t('page.sitesCount', { count: u.siteIds.length })}</td>
          <td>{day(u.createdAt)}</td>
          <td>{u.lastUsedAt ? day(u.lastUsedAt) : t('page.never')}</td>
          <td>{u.revokedAt ? t('page.revoked', { date: day(u.revokedAt) }) : <Revoke user={u} />}</td>
        </tr>
      )}
    />
  );
}

function Revoke({ user }: { user: AppUser }) {
  const { t } = useTranslation('openrosa');
  const queries = useQueryClient();
  const revoke = useMutation({
    mutationFn: () =>
      ok(api.POST('/api/openrosa/app-users/{id}/revoke', { params: { path: { id: user.id } } })),
    onSuccess: () => queries.invalidateQueries({ queryKey: [...OPENROSA, 'app-users'] }),
  });
  return (
    <>
      <button type="button" disabled={revoke.isPending} onClick={() => revoke.mutate()}>
        {t('page.revoke')}
      </button>
      {revoke.error && <span className="field-error">{problemText(revoke.error)}</span>}
    </>
  );
}
