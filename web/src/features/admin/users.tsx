import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { ROLES, type Role } from '../../../../src/domain/access/roles.ts';
import { api, ok } from '../../api/client.ts';
import { Field } from '../../components/field.tsx';
import { FormFooter } from '../../components/form-footer.tsx';
import { PagedList } from '../../components/paged-list.tsx';
import { problemText } from '../../components/problem-text.ts';
import { Failure, Loading } from '../../components/query-state.tsx';
import { useServerErrors } from '../../components/server-errors.ts';
import { usePrincipal } from '../access/session.ts';
import { AdminNav } from './admin-nav.tsx';
import { ADMIN, allOrganisations, type User } from './queries.ts';

const USERS = [...ADMIN, 'users'] as const;
const organisationsQuery = { queryKey: [...ADMIN, 'organisations'], queryFn: allOrganisations } as const;

/** The administrator's users: invite someone by e-mail, change roles per organisation, deactivate, send a link. */
export function UsersPage() {
  const { t } = useTranslation('admin');
  return (
    <>
      <AdminNav />
      <InviteForm />
      <section className="card">
        <h2>{t('users.listTitle')}</h2>
        <PagedList<User, never>
          queryKey={USERS}
          label={t('users.listTitle')}
          load={({ q, cursor }) =>
            ok(
              api.GET('/api/users', {
                params: { query: { limit: 50, ...(q && { q }), ...(cursor && { cursor }) } },
              }),
            )
          }
          exportOf={{ path: '/api/users', query: {} }}
          columns={[
            { label: t('users.name') },
            { label: t('users.memberships') },
            { label: t('users.state') },
            { label: t('users.actions') },
          ]}
          row={(u) => <UserRow key={u.id} user={u} />}
        />
      </section>
    </>
  );
}

type InviteFields = {
  email: string;
  name: string;
  locale: 'fr' | 'en' | 'sw';
  organisationId: string;
  role: Role;
};
const INVITE_FIELDS = ['email', 'name', 'locale', 'organisationId', 'role'] as const;

/** The invitation form, once the organisations it offers are here (a select holds only the values it offers). */
function InviteForm() {
  const organisations = useQuery(organisationsQuery);
  if (organisations.error) return <Failure error={organisations.error} />;
  if (!organisations.data) return <Loading />;
  return <InviteFields organisations={organisations.data} />;
}

function InviteFields({ organisations }: { organisations: { id: string; legalName: string }[] }) {
  const { t } = useTranslation('admin');
  const { t: tc } = useTranslation();
  const principal = usePrincipal();
  const queries = useQueryClient();
  const blank: InviteFields = {
    email: '',
    name: '',
    locale: 'fr',
    organisationId: principal.organisationId,
    role: 'monitor',
  };
  const form = useForm<InviteFields>({ defaultValues: blank });
  const server = useServerErrors(form, INVITE_FIELDS, (path) =>
    path.replace(/^memberships\.\d+\.(organisationId|role)$/, '$1'),
  );
  const [done, setDone] = useState<{ email: string; mailed: boolean; error: string | null } | null>(null);
  const errorOf = (name: (typeof INVITE_FIELDS)[number]) =>
    form.getFieldState(name, form.formState).error?.message;

  const submit = form.handleSubmit(async (v) => {
    server.clear();
    setDone(null);
    try {
      const answer = await ok(
        api.POST('/api/invitations', {
          body: {
            email: v.email.trim(),
            name: v.name.trim(),
            locale: v.locale,
            memberships: [{ organisationId: v.organisationId, role: v.role }],
          },
        }),
      );
      setDone({
        email: answer.user.email,
        mailed: answer.invitation?.mailed ?? false,
        error: answer.invitation?.mailError ?? null,
      });
      form.reset(blank);
      await queries.invalidateQueries({ queryKey: USERS });
    } catch (error) {
      server.show(error);
    }
  });

  return (
    <form className="card record-form" onSubmit={submit} noValidate aria-label={t('users.inviteTitle')}>
      <h2>{t('users.inviteTitle')}</h2>
      <p className="hint">{t('users.inviteHint')}</p>
      <Field
        label={t('users.email')}
        type="email"
        maxLength={254}
        error={errorOf('email')}
        {...form.register('email')}
      />
      <Field label={t('users.name')} maxLength={200} error={errorOf('name')} {...form.register('name')} />
      <label className="field">
        {t('users.locale')}
        <select {...form.register('locale')}>
          <option value="fr">Français</option>
          <option value="en">English</option>
          <option value="sw">Kiswahili</option>
        </select>
      </label>
      <label className="field">
        {t('users.organisation')}
        <select {...form.register('organisationId')}>
          {organisations.map((o) => (
            <option key={o.id} value={o.id}>
              {o.legalName}
            </option>
          ))}
        </select>
        {errorOf('organisationId') && <span className="field-error">{errorOf('organisationId')}</span>}
      </label>
      <label className="field">
        {t('users.role')}
        <select {...form.register('role')}>
          {ROLES.map((r) => (
            <option key={r} value={r}>
              {tc(`userRole.${r}`)}
            </option>
          ))}
        </select>
      </label>
      <FormFooter
        problems={server.elsewhere}
        busy={form.formState.isSubmitting}
        submitLabel={t('users.invite')}
      />
      {done && (
        <p role="status" className={done.mailed ? 'saved' : 'error'}>
          {done.mailed
            ? t('users.invited', { email: done.email })
            : t('users.notMailed', { email: done.email })}
        </p>
      )}
    </form>
  );
}

/** One user: their roles per organisation (changed in place), their state, and what the administrator can do. */
function UserRow({ user }: { user: User }) {
  const { t } = useTranslation('admin');
  const { t: tc } = useTranslation();
  const principal = usePrincipal();
  const queries = useQueryClient();
  // Only the roles changed here and not yet saved; the rest reads as the server last answered.
  const [edits, setEdits] = useState<Record<string, Role>>({});
  const roleIn = (m: User['memberships'][number]) => edits[m.organisationId] ?? m.role;
  const [said, setSaid] = useState<string | null>(null);
  const changed = user.memberships.some((m) => roleIn(m) !== m.role);
  const refresh = () => queries.invalidateQueries({ queryKey: USERS });
  const patch = useMutation({
    mutationFn: (body: { disabled?: boolean; memberships?: { organisationId: string; role: Role }[] }) =>
      ok(
        api.PATCH('/api/users/{id}', {
          params: { path: { id: user.id } },
          body: { version: user.version, ...body },
        }),
      ),
    onSuccess: (_, body) => {
      setSaid(
        body.memberships
          ? t('users.rolesSaved')
          : body.disabled
            ? t('users.disabledNow')
            : t('users.enabledNow'),
      );
      return refresh();
    },
  });
  const link = useMutation({
    mutationFn: () => ok(api.POST('/api/users/{id}/password-link', { params: { path: { id: user.id } } })),
    onSuccess: (sent) =>
      setSaid(sent.mailed ? t('users.linkSent') : t('users.notMailed', { email: user.email })),
  });
  const error = patch.error ?? link.error;
  const self = user.id === principal.userId;
  return (
    <tr>
      <td>
        {user.name}
        <br />
        <small>{user.email}</small>
      </td>
      <td>
        {user.memberships.map((m) => (
          <label key={m.organisationId} className="field">
            {m.organisationName}
            <select
              aria-label={t('users.roleIn', { organisation: m.organisationName })}
              value={roleIn(m)}
              disabled={self}
              onChange={(e) => setEdits({ ...edits, [m.organisationId]: e.target.value as Role })}
            >
              {ROLES.map((r) => (
                <option key={r} value={r}>
                  {tc(`userRole.${r}`)}
                </option>
              ))}
            </select>
          </label>
        ))}
        {!self && <AddMembership user={user} onAdded={() => setSaid(t('users.rolesSaved'))} />}
        {changed && (
          <button
            type="button"
            disabled={patch.isPending}
            onClick={() =>
              patch.mutate({
                memberships: user.memberships.map((m) => ({
                  organisationId: m.organisationId,
                  role: roleIn(m),
                })),
              })
            }
          >
            {t('users.saveRoles')}
          </button>
        )}
      </td>
      <td>
        {user.disabled ? t('users.disabled') : user.passwordSet ? t('users.active') : t('users.invitedState')}
      </td>
      <td>
        {!self && (
          <div className="form-actions">
            <button
              type="button"
              disabled={patch.isPending}
              onClick={() => patch.mutate({ disabled: !user.disabled })}
            >
              {user.disabled ? t('users.enable') : t('users.disable')}
            </button>
            {!user.disabled && (
              <button type="button" disabled={link.isPending} onClick={() => link.mutate()}>
                {user.passwordSet ? t('users.sendReset') : t('users.resendInvitation')}
              </button>
            )}
          </div>
        )}
        {said && !error && (
          <p role="status" className="saved">
            {said}
          </p>
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

/** Gives the user a role in one more organisation (a user holds one role per organisation). */
function AddMembership({ user, onAdded }: { user: User; onAdded: () => void }) {
  const { t } = useTranslation('admin');
  const { t: tc } = useTranslation();
  const queries = useQueryClient();
  const organisations = useQuery(organisationsQuery).data ?? [];
  const others = organisations.filter((o) => !user.memberships.some((m) => m.organisationId === o.id));
  const [organisationId, setOrganisationId] = useState('');
  const [role, setRole] = useState<Role>('monitor');
  const add = useMutation({
    mutationFn: () =>
      ok(
        api.PATCH('/api/users/{id}', {
          params: { path: { id: user.id } },
          body: {
            version: user.version,
            memberships: [
              ...user.memberships.map((m) => ({ organisationId: m.organisationId, role: m.role })),
              { organisationId, role },
            ],
          },
        }),
      ),
    onSuccess: async () => {
      setOrganisationId('');
      onAdded();
      await queries.invalidateQueries({ queryKey: USERS });
    },
  });
  if (!others.length) return null;
  return (
    <details className="add-membership">
      <summary>{t('users.addOrganisation')}</summary>
      <select
        aria-label={t('users.organisation')}
        value={organisationId}
        onChange={(e) => setOrganisationId(e.target.value)}
      >
        <option value="">—</option>
        {others.map((o) => (
          <option key={o.id} value={o.id}>
            {o.legalName}
          </option>
        ))}
      </select>
      <select aria-label={t('users.role')} value={role} onChange={(e) => setRole(e.target.value as Role)}>
        {ROLES.map((r) => (
          <option key={r} value={r}>
            {tc(`userRole.${r}`)}
          </option>
        ))}
      </select>
      <button type="button" disabled={!organisationId || add.isPending} onClick={() => add.mutate()}>
        {t('users.add')}
      </button>
      {add.error && (
        <span role="alert" className="error">
          {problemText(add.error)}
        </span>
      )}
    </details>
  );
}
