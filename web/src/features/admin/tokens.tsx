import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { allPages } from '../../api/all-pages.ts';
import { api, ok } from '../../api/client.ts';
import { Field } from '../../components/field.tsx';
import { PagedList } from '../../components/paged-list.tsx';
import { problemText } from '../../components/problem-text.ts';
import { useInstantFormat } from '../../i18n/dates.ts';
import { usePrincipal } from '../access/session.ts';
import { AdminNav } from './admin-nav.tsx';
import { ADMIN, type Token } from './queries.ts';

const TOKENS = [...ADMIN, 'tokens'] as const;
const userNamesQuery = {
  queryKey: [...ADMIN, 'user-names'],
  queryFn: async () =>
    new Map(
      (
        await allPages((cursor) =>
          ok(api.GET('/api/users', { params: { query: { limit: 200, ...(cursor && { cursor }) } } })),
        )
      ).map((u) => [u.id, u.name]),
    ),
} as const;

/** API tokens: create one (its secret shown this once), and revoke any. */
export function TokensPage() {
  const { t } = useTranslation('admin');
  const instant = useInstantFormat();
  const names = useQuery(userNamesQuery).data;
  return (
    <>
      <AdminNav />
      <CreateToken />
      <section className="card">
        <h2>{t('tokens.listTitle')}</h2>
        <PagedList<Token, never>
          searchable={false}
          queryKey={TOKENS}
          label={t('tokens.listTitle')}
          load={({ cursor }) =>
            ok(api.GET('/api/tokens', { params: { query: { limit: 50, ...(cursor && { cursor }) } } }))
          }
          exportOf={{ path: '/api/tokens', query: {} }}
          columns={[
            { label: t('tokens.name') },
            { label: t('tokens.user') },
            { label: t('tokens.created') },
            { label: t('tokens.lastUsed') },
            { label: t('tokens.state') },
          ]}
          row={(tk) => (
            <tr key={tk.id}>
              <td>{tk.name}</td>
              <td>{names?.get(tk.userId) ?? '…'}</td>
              <td>{instant(tk.createdAt)}</td>
              <td>{tk.lastUsedAt ? instant(tk.lastUsedAt) : t('tokens.never')}</td>
              <td>
                {tk.revokedAt ? t('tokens.revokedAt', { at: instant(tk.revokedAt) }) : <Revoke token={tk} />}
              </td>
            </tr>
          )}
        />
      </section>
    </>
  );
}

function CreateToken() {
  const { t } = useTranslation('admin');
  const principal = usePrincipal();
  const queries = useQueryClient();
  const [name, setName] = useState('');
  const [expires, setExpires] = useState('');
  const create = useMutation({
    mutationFn: () =>
      ok(
        api.POST('/api/tokens', {
          body: {
            name: name.trim(),
            organisationId: principal.organisationId,
            ...(expires && { expiresAt: new Date(`${expires}T23:59:59`).toISOString() }),
          },
        }),
      ),
    onSuccess: () => {
      setName('');
      setExpires('');
      return queries.invalidateQueries({ queryKey: TOKENS });
    },
  });
  function submit(e: FormEvent) {
    e.preventDefault();
    create.mutate();
  }
  return (
    <form className="card record-form" onSubmit={submit} aria-label={t('tokens.createTitle')}>
      <h2>{t('tokens.createTitle')}</h2>
      <Field
        label={t('tokens.name')}
        maxLength={100}
        required
        value={name}
        onChange={(e) => setName(e.target.value)}
      />
      <Field
        label={t('tokens.expires')}
        type="date"
        value={expires}
        onChange={(e) => setExpires(e.target.value)}
      />
      {create.error && (
        <p role="alert" className="error">
          {problemText(create.error)}
        </p>
      )}
      <div className="form-actions">
        <button type="submit" className="primary" disabled={create.isPending}>
          {t('tokens.create')}
        </button>
      </div>
      {create.data && (
        <div role="status" className="notice secret">
          <p>{t('tokens.secretOnce', { name: create.data.name })}</p>
          <code data-testid="secret" title={t('tokens.secret')}>
            {create.data.token}
          </code>
        </div>
      )}
    </form>
  );
}

function Revoke({ token }: { token: Token }) {
  const { t } = useTranslation('admin');
  const queries = useQueryClient();
  const revoke = useMutation({
    mutationFn: () => ok(api.DELETE('/api/tokens/{id}', { params: { path: { id: token.id } } })),
    onSuccess: () => queries.invalidateQueries({ queryKey: TOKENS }),
  });
  return (
    <>
      {t('tokens.live')}{' '}
      <button type="button" disabled={revoke.isPending} onClick={() => revoke.mutate()}>
        {t('tokens.revoke', { name: token.name })}
      </button>
      {revoke.error && (
        <span role="alert" className="error">
          {problemText(revoke.error)}
        </span>
      )}
    </>
  );
}
