import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Controller, useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { type Answer, api, ok } from '../../api/client.ts';
import { ExportButton } from '../../components/export-button.tsx';
import { Field } from '../../components/field.tsx';
import { FormFooter } from '../../components/form-footer.tsx';
import { Failure, Loading } from '../../components/query-state.tsx';
import { useServerErrors } from '../../components/server-errors.ts';
import { useDayFormat } from '../../i18n/dates.ts';
import { SitePicker } from '../grievances/site-picker.tsx';
import { SITES } from '../sites/queries.ts';
import { fieldStaffQuery, PLAN } from './queries.ts';

type Assignment = Answer<'/api/site-assignments'>['items'][number];

const FIELDS = ['userId', 'siteId', 'startsAt', 'endsAt'] as const;
type Values = Record<(typeof FIELDS)[number], string>;

/** A day typed in a date input as the instant its assignment starts or ends: midnight UTC. */
const dayStart = (day: string) => (day ? `${day}T00:00:00Z` : undefined);

/**
 * Who goes where, for the programme's administrators and analysts: assign a monitor or assessor of the
 * organisation to a site from a day, until a day or not, and end an assignment; the latest first.
 */
export function AssignmentsPage() {
  const { t } = useTranslation('monitoring');
  const { t: tc } = useTranslation();
  const day = useDayFormat();
  const queries = useQueryClient();
  const [current, setCurrent] = useState(true);
  const [message, setMessage] = useState<string | null>(null);
  const people = useQuery(fieldStaffQuery);
  const list = useInfiniteQuery({
    queryKey: [...PLAN, 'assignments', { current }],
    queryFn: ({ pageParam }) =>
      ok(
        api.GET('/api/site-assignments', {
          params: {
            query: {
              limit: 50,
              ...(current && { current: 'true' as const }),
              ...(pageParam && { cursor: pageParam }),
            },
          },
        }),
      ),
    initialPageParam: '',
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const form = useForm<Values>({ defaultValues: { userId: '', siteId: '', startsAt: '', endsAt: '' } });
  const server = useServerErrors(form, FIELDS);
  const errorOf = (name: (typeof FIELDS)[number]) => form.getFieldState(name, form.formState).error?.message;
  // Plans, overdue visits and what each monitor sees of the sites all follow from assignments.
  const refresh = () =>
    Promise.all([
      queries.invalidateQueries({ queryKey: PLAN }),
      queries.invalidateQueries({ queryKey: SITES }),
    ]);
  const assign = useMutation({
    mutationFn: (v: Values) =>
      ok(
        api.POST('/api/site-assignments', {
          body: {
            userId: v.userId,
            siteId: v.siteId,
            startsAt: dayStart(v.startsAt),
            endsAt: dayStart(v.endsAt) ?? null,
          },
        }),
      ),
    onSuccess: async (a) => {
      setMessage(t('assignments.assigned', { name: a.user.name, code: a.site.code }));
      form.reset();
      await refresh();
    },
    onError: server.show,
  });
  const end = useMutation({
    mutationFn: (a: Assignment) =>
      ok(api.POST('/api/site-assignments/{id}/end', { params: { path: { id: a.id } }, body: {} })),
    onSuccess: async (a) => {
      setMessage(t('assignments.ended', { name: a.user.name, code: a.site.code }));
      await refresh();
    },
  });

  const items = list.data?.pages.flatMap((p) => p.items) ?? [];
  const now = Date.now();
  return (
    <>
      <p className="intro">{t('assignments.intro')}</p>
      <div className="toolbar">
        <Link className="button" to="/visit-plan/overdue">
          {t('overdue.open')}
        </Link>
      </div>
      <section aria-label={t('assignments.new')}>
        <h2>{t('assignments.new')}</h2>
        <form
          className="record-form"
          onSubmit={form.handleSubmit((v) => {
            server.clear();
            setMessage(null);
            return assign.mutateAsync(v).catch(() => {});
          })}
        >
          <label className="field">
            {t('assignments.person')}
            <select
              aria-invalid={errorOf('userId') ? true : undefined}
              {...form.register('userId', { required: true })}
            >
              <option value="">{t('assignments.choose')}</option>
              {(people.data ?? []).map((p) => (
                <option key={p.id} value={p.id}>
                  {p.name} ({tc(`userRole.${p.role}`)})
                </option>
              ))}
            </select>
            {errorOf('userId') && <span className="field-error">{errorOf('userId')}</span>}
          </label>
          <Controller
            control={form.control}
            name="siteId"
            render={({ field }) => (
              <SitePicker
                label={t('assignments.site')}
                value={field.value}
                onChange={field.onChange}
                inputRef={field.ref}
                error={errorOf('siteId')}
              />
            )}
          />
          <Field
            label={t('assignments.startsAt')}
            type="date"
            error={errorOf('startsAt')}
            {...form.register('startsAt')}
          />
          <Field
            label={t('assignments.endsAt')}
            type="date"
            error={errorOf('endsAt')}
            {...form.register('endsAt')}
          />
          <div>
            <FormFooter
              problems={server.elsewhere}
              busy={assign.isPending}
              submitLabel={t('assignments.assign')}
            />
          </div>
        </form>
      </section>
      {message && (
        <p role="status" className="notice">
          {message}
        </p>
      )}
      {end.error && <Failure error={end.error} />}
      <div className="toolbar">
        <label className="check">
          <input type="checkbox" checked={current} onChange={(e) => setCurrent(e.target.checked)} />
          {t('assignments.current')}
        </label>
      </div>
      <ExportButton
        label={t('assignments.open')}
        list={{ path: '/api/site-assignments', query: { current: current || undefined } }}
      />
      {list.error && <Failure error={list.error} prefixed />}
      <div className="table-wrap">
        <table aria-label={t('assignments.open')} aria-busy={list.isPending}>
          <thead>
            <tr>
              <th>{t('assignments.person')}</th>
              <th>{t('assignments.role')}</th>
              <th>{t('assignments.site')}</th>
              <th>{t('assignments.period')}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {items.map((a) => {
              const over = a.endsAt !== null && new Date(a.endsAt).getTime() <= now;
              return (
                <tr key={a.id}>
                  <td>{a.user.name}</td>
                  <td>{tc(`userRole.${a.role}`)}</td>
                  <td>
                    <Link to={`/sites/${a.site.id}`}>
                      {a.site.code} · {a.site.name}
                    </Link>
                  </td>
                  <td>
                    {a.endsAt
                      ? t('assignments.between', { from: day(a.startsAt), to: day(a.endsAt) })
                      : t('assignments.since', { date: day(a.startsAt) })}
                  </td>
                  <td>
                    {!over && a.endedBy === null && (
                      <button
                        type="button"
                        aria-label={`${t('assignments.end')} ${a.user.name} ${a.site.code}`}
                        disabled={end.isPending}
                        onClick={() => end.mutate(a)}
                      >
                        {t('assignments.end')}
                      </button>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      {!list.isPending && !list.error && items.length === 0 && (
        <p className="empty">{t('assignments.none')}</p>
      )}
      {(list.isPending || list.isFetchingNextPage) && <Loading />}
      {list.hasNextPage && !list.isFetchingNextPage && (
        <button type="button" onClick={() => list.fetchNextPage()}>
          {tc('more')}
        </button>
      )}
    </>
  );
}
