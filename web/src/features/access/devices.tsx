import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { canManageUsers } from '../../../../src/domain/access/roles.ts';
import { allPages } from '../../api/all-pages.ts';
import { type Answer, api, ok } from '../../api/client.ts';
import { ExportButton, type ExportOf } from '../../components/export-button.tsx';
import { Field } from '../../components/field.tsx';
import { FormFooter } from '../../components/form-footer.tsx';
import { ListSection, pagedRows } from '../../components/list-section.tsx';
import { durationText } from '../../components/measures.ts';
import { useServerErrors } from '../../components/server-errors.ts';
import { useLocale } from '../../i18n/locale.ts';
import { usePrincipal } from './session.ts';

type Device = Answer<'/api/me/devices'>['items'][number];

// Every device list, mine or the organisation's: a revocation refreshes them all.
const DEVICES = ['devices'] as const;

/** How far a device's clock was off when it last gave it, in words: ahead, behind, on time or not given. */
export function useSkewText() {
  const { t } = useTranslation('field');
  const locale = useLocale();
  return (ms: number | null) =>
    ms === null
      ? t('skew.unknown')
      : Math.abs(ms) < 1000
        ? t('skew.onTime')
        : t(ms > 0 ? 'skew.ahead' : 'skew.behind', { duration: durationText(ms, locale) });
}

function useWhen() {
  const locale = useLocale();
  const format = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' });
  return (iso: string) => format.format(new Date(iso));
}

/** The reason asked for before a device is revoked, then the revocation itself. */
function RevokeForm({ device, onDone }: { device: Device; onDone: (d: Device | null) => void }) {
  const { t } = useTranslation('field');
  const queries = useQueryClient();
  const form = useForm<{ reason: string }>({ defaultValues: { reason: '' } });
  const server = useServerErrors(form, ['reason']);
  const revoke = useMutation({
    mutationFn: (reason: string) =>
      ok(api.POST('/api/devices/{id}/revoke', { params: { path: { id: device.id } }, body: { reason } })),
    onSuccess: async (d) => {
      await queries.invalidateQueries({ queryKey: DEVICES });
      onDone(d);
    },
    onError: server.show,
  });
  return (
    <form
      className="record-form"
      aria-label={`${t('devices.revoke')} ${device.name}`}
      onSubmit={form.handleSubmit((v) => {
        server.clear();
        return revoke.mutateAsync(v.reason).catch(() => {});
      })}
    >
      <Field
        label={t('devices.reason')}
        error={form.getFieldState('reason', form.formState).error?.message}
        {...form.register('reason', { required: true, maxLength: 1000 })}
      />
      <div>
        <FormFooter
          problems={server.elsewhere}
          busy={revoke.isPending}
          submitLabel={t('devices.confirm')}
          onCancel={() => onDone(null)}
        />
      </div>
    </form>
  );
}

/** A table of devices, each revocable with a reason until it is revoked; who revoked it, when and why after. */
function DeviceTable({
  list,
  showUser,
  exportOf,
}: {
  list: ReturnType<typeof useDeviceList>;
  showUser: boolean;
  exportOf: ExportOf;
}) {
  const { t } = useTranslation('field');
  const when = useWhen();
  const skew = useSkewText();
  const [revoking, setRevoking] = useState<string | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  return (
    <>
      {message && (
        <p role="status" className="notice">
          {message}
        </p>
      )}
      <ListSection
        actions={<ExportButton label={t('devices.list')} list={exportOf} />}
        title={t('devices.list')}
        {...pagedRows(list)}
        empty={t('devices.none')}
        headers={[
          t('devices.name'),
          ...(showUser ? [t('devices.user')] : []),
          `${t('devices.lastSeen')} · ${t('devices.skew')}`,
          t('devices.state'),
        ]}
        row={(d) => (
          <tr key={d.id}>
            <td>
              {d.name}
              <br />
              <small>
                {t('devices.registeredAt')} {when(d.registeredAt)}
              </small>
            </td>
            {showUser && (
              <td>
                {d.userName}
                <br />
                <small>{d.userEmail}</small>
              </td>
            )}
            <td>
              {d.lastSeenAt ? when(d.lastSeenAt) : t('devices.never')}
              <br />
              <small>{skew(d.clockSkewMs)}</small>
            </td>
            <td>
              {d.revoked ? (
                <span className="revoked-note">
                  {t('devices.revokedOn', {
                    date: when(d.revoked.at),
                    name: d.revoked.byName,
                    reason: d.revoked.reason,
                  })}
                </span>
              ) : revoking === d.id ? (
                <RevokeForm
                  device={d}
                  onDone={(done) => {
                    setRevoking(null);
                    if (done) setMessage(t('devices.revoked', { name: done.name }));
                  }}
                />
              ) : (
                <>
                  {t('devices.active')}{' '}
                  <button
                    type="button"
                    aria-label={`${t('devices.revoke')} ${d.name}`}
                    onClick={() => {
                      setMessage(null);
                      setRevoking(d.id);
                    }}
                  >
                    {t('devices.revoke')}
                  </button>
                </>
              )}
            </td>
          </tr>
        )}
      />
    </>
  );
}

/** My devices, or (for an administrator) the organisation's, of one user or all, page by page. */
function useDeviceList(scope: { mine: true } | { mine: false; userId: string }) {
  return useInfiniteQuery({
    queryKey: [...DEVICES, scope],
    queryFn: ({ pageParam }) => {
      const page = { limit: 50, ...(pageParam && { cursor: pageParam }) };
      return scope.mine
        ? ok(api.GET('/api/me/devices', { params: { query: page } }))
        : ok(
            api.GET('/api/devices', {
              params: { query: { ...page, ...(scope.userId && { userId: scope.userId }) } },
            }),
          );
    },
    initialPageParam: '',
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}

/** The devices the field app runs on in my name, each revocable (decision 0031). */
export function MyDevicesPage() {
  const { t } = useTranslation('field');
  const list = useDeviceList({ mine: true });
  return (
    <>
      <p className="intro">{t('devices.mineIntro')}</p>
      {canManageUsers(usePrincipal()) && (
        <div className="toolbar">
          <Link className="button" to="/devices">
            {t('devices.openAll')}
          </Link>
        </div>
      )}
      <DeviceTable list={list} showUser={false} exportOf={{ path: '/api/me/devices', query: {} }} />
    </>
  );
}

/** For administrators: the devices of the organisation's users, of one user or all, each revocable. */
export function DevicesPage() {
  const { t } = useTranslation('field');
  const principal = usePrincipal();
  const [userId, setUserId] = useState('');
  const users = useQuery({
    queryKey: [...DEVICES, 'users', principal.organisationId],
    queryFn: () =>
      allPages((cursor) =>
        ok(
          api.GET('/api/users', {
            params: {
              query: { organisationId: principal.organisationId, limit: 200, ...(cursor && { cursor }) },
            },
          }),
        ),
      ),
  });
  const list = useDeviceList({ mine: false, userId });
  return (
    <>
      <p className="intro">{t('devices.allIntro')}</p>
      <div className="toolbar">
        <label>
          {t('devices.user')}
          <select value={userId} onChange={(e) => setUserId(e.target.value)}>
            <option value="">{t('devices.allUsers')}</option>
            {(users.data ?? []).map((u) => (
              <option key={u.id} value={u.id}>
                {u.name} ({u.email})
              </option>
            ))}
          </select>
        </label>
        <Link className="button" to="/me/devices">
          {t('devices.openMine')}
        </Link>
      </div>
      <DeviceTable list={list} showUser exportOf={{ path: '/api/devices', query: { userId } }} />
    </>
  );
}
