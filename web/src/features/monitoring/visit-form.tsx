import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { type Path, useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { type Answer, api, ok } from '../../api/client.ts';
import { Field } from '../../components/field.tsx';
import { FileList, FileUpload } from '../../components/file-upload.tsx';
import { FormFooter } from '../../components/form-footer.tsx';
import { useServerErrors } from '../../components/server-errors.ts';
import { SITES } from '../sites/queries.ts';
import { COUNTS, FLAGS } from './indicators.ts';

interface Values {
  visitedAt: string;
  latitude: string;
  longitude: string;
  accuracyM: string;
  indicators: Record<(typeof COUNTS)[number], string>;
  flags: Record<(typeof FLAGS)[number], boolean>;
  notes: string;
}

const FIELDS: Path<Values>[] = [
  ...COUNTS.map((k) => `indicators.${k}` as const),
  'latitude',
  'longitude',
  'accuracyM',
  'visitedAt',
];

/** Local date and time for a datetime-local input. */
const localNow = () => {
  const d = new Date();
  return new Date(d.getTime() - d.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
};

/** The visit as the API takes it: counts typed in, flags always said, the time as the device saw it. */
export function visitBody(id: string, siteId: string, v: Values) {
  const counts: Partial<Record<(typeof COUNTS)[number], number>> = {};
  for (const k of COUNTS) if (v.indicators[k].trim() !== '') counts[k] = Number(v.indicators[k]);
  const indicators = { ...counts, ...v.flags };
  return {
    id,
    siteId,
    visitedAt: new Date(v.visitedAt).toISOString(),
    latitude: v.latitude ? Number(v.latitude) : null,
    longitude: v.longitude ? Number(v.longitude) : null,
    accuracyM: v.accuracyM ? Number(v.accuracyM) : null,
    indicators,
    notes: v.notes,
  };
}

/** A monitor records what was seen at a site; rules turn alarming indicators into incidents. */
export function VisitFormPage() {
  const { t } = useTranslation('monitoring');
  const [search] = useSearchParams();
  const siteId = search.get('site') ?? '';
  const navigate = useNavigate();
  const queries = useQueryClient();
  // One id for this visit however many times it is sent: a retry after a lost answer is stored once.
  const id = useMemo(() => crypto.randomUUID(), []);
  const form = useForm<Values>({
    defaultValues: {
      visitedAt: localNow(),
      latitude: '',
      longitude: '',
      accuracyM: '',
      indicators: {
        headCount: '',
        childrenSeen: '',
        pregnantWomenSeen: '',
        accidents: '',
        injuries: '',
        fatalities: '',
        ppeSharePct: '',
        productionKg: '',
      },
      flags: { securityForcesPresent: false, armedPeoplePresent: false },
      notes: '',
    },
  });
  const server = useServerErrors(form, FIELDS);
  const [located, setLocated] = useState<string[]>([]);
  const record = useMutation({
    mutationFn: (v: Values) => ok(api.POST('/api/visits', { body: visitBody(id, siteId, v) })),
    onSuccess: () =>
      Promise.all([
        queries.invalidateQueries({ queryKey: SITES }),
        queries.invalidateQueries({ queryKey: ['incidents'] }),
        queries.invalidateQueries({ queryKey: ['dashboard'] }),
      ]),
    onError: server.show,
  });
  const back = () => navigate(`/sites/${siteId}`);
  const errorOf = (name: Path<Values>) => form.getFieldState(name, form.formState).error?.message;

  const locate = () =>
    navigator.geolocation?.getCurrentPosition(
      (p) => {
        form.setValue('latitude', p.coords.latitude.toFixed(6));
        form.setValue('longitude', p.coords.longitude.toFixed(6));
        // The radius the device is sure of counts in the visit's favour when it is checked against the site.
        form.setValue('accuracyM', p.coords.accuracy.toFixed(1));
      },
      (e) => setLocated([e.message]),
    );

  const saved = record.data;
  if (saved)
    return (
      <>
        <section role="status" aria-label={t('visit.saved')}>
          <p className="notice">{t('visit.saved')}</p>
          {saved.incidents.length > 0 && (
            <>
              <p>{t('visit.openedIncidents')}</p>
              <ul>
                {saved.incidents.map((i) => (
                  <li key={i.id}>
                    <Link to={`/incidents/${i.id}`}>
                      {t('visit.incident', { code: i.code, level: i.level, title: i.title })}
                    </Link>
                  </li>
                ))}
              </ul>
            </>
          )}
          <button type="button" onClick={back}>
            {t('visit.backToSite')}
          </button>
        </section>
        <VisitPhotos visitId={saved.id} photos={saved.photos} />
      </>
    );

  const count = (k: (typeof COUNTS)[number]) => (
    <Field
      key={k}
      label={t(`indicator.${k}`)}
      type="number"
      min={0}
      step={k === 'ppeSharePct' || k === 'productionKg' ? 'any' : '1'}
      inputMode="numeric"
      error={errorOf(`indicators.${k}`)}
      {...form.register(`indicators.${k}`)}
    />
  );
  return (
    <form
      className="record-form"
      onSubmit={form.handleSubmit((v) => {
        server.clear();
        setLocated([]);
        return record.mutateAsync(v).catch(() => {});
      })}
      noValidate
    >
      <Field
        label={t('visit.visitedAt')}
        type="datetime-local"
        error={errorOf('visitedAt')}
        {...form.register('visitedAt')}
      />
      <Field
        label={t('visit.latitude')}
        inputMode="decimal"
        error={errorOf('latitude')}
        {...form.register('latitude')}
      />
      <Field
        label={t('visit.longitude')}
        inputMode="decimal"
        error={errorOf('longitude')}
        {...form.register('longitude')}
      />
      <Field
        label={t('visit.accuracyM')}
        inputMode="decimal"
        error={errorOf('accuracyM')}
        {...form.register('accuracyM')}
      />
      <div className="form-actions">
        <button type="button" onClick={locate}>
          {t('visit.useMyPosition')}
        </button>
      </div>
      {COUNTS.map(count)}
      <fieldset>
        <legend>{t('visit.security')}</legend>
        <div className="checks">
          {FLAGS.map((f) => (
            <label key={f}>
              <input type="checkbox" {...form.register(`flags.${f}`)} />
              {t(`indicator.${f}`)}
            </label>
          ))}
        </div>
      </fieldset>
      <label className="field">
        {t('visit.notes')}
        <textarea {...form.register('notes')} />
      </label>
      <FormFooter
        problems={[...located, ...server.elsewhere]}
        busy={form.formState.isSubmitting}
        onCancel={back}
      />
    </form>
  );
}

type Photo = Answer<'/api/visits/{id}'>['photos'][number];

/** The photos of the visit just recorded, each downloadable, and the upload of another (its monitor's only). */
function VisitPhotos({ visitId, photos }: { visitId: string; photos: Photo[] }) {
  const { t } = useTranslation('monitoring');
  const [shown, setShown] = useState(photos);
  return (
    <section aria-label={t('visit.photos')}>
      <h2>{t('visit.photos')}</h2>
      <FileList
        label={t('visit.photos')}
        files={shown}
        href={(p) => `/api/visits/${visitId}/photos/${p.id}`}
      />
      <FileUpload
        path="/api/visits/{id}/photos"
        params={{ id: visitId }}
        accept="photo"
        onUploaded={(visit) => setShown(visit.photos)}
      />
    </section>
  );
}
