import { type FormEvent, useMemo, useState } from 'react';
import { ApiError, api } from '../api.ts';
import { Field } from '../components/field.tsx';
import { FormFooter } from '../components/form-footer.tsx';
import { problemText } from '../components/problem-text.ts';
import { placeErrors } from '../form-errors.ts';
import type { Locale, MessageKey } from '../i18n.ts';
import { indicatorLabel } from '../labels.ts';

const COUNTS = [
  'headCount',
  'childrenSeen',
  'pregnantWomenSeen',
  'accidents',
  'injuries',
  'fatalities',
] as const;
const FLAGS = ['securityForcesPresent', 'armedPeoplePresent'] as const;

interface Visit {
  id: string;
  incidents: { id: string; code: string; level: number; title: string }[];
}

/** Local date and time for a datetime-local input. */
const localNow = () => {
  const d = new Date();
  return new Date(d.getTime() - d.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
};

/** A monitor records what was seen at a site; rules turn alarming indicators into incidents. */
export function VisitForm({
  siteId,
  t,
  locale,
  onDone,
  onOpenIncident,
}: {
  siteId: string;
  t: (k: MessageKey) => string;
  locale: Locale;
  onDone: () => void;
  onOpenIncident: (id: string) => void;
}) {
  // One id for this visit however many times it is sent: a retry after a lost answer is stored once.
  const id = useMemo(() => crypto.randomUUID(), []);
  const [when, setWhen] = useState(localNow);
  const [lat, setLat] = useState('');
  const [lon, setLon] = useState('');
  const [numbers, setNumbers] = useState<Record<string, string>>({});
  const [flags, setFlags] = useState<Record<string, boolean>>({});
  const [notes, setNotes] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [elsewhere, setElsewhere] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  const [saved, setSaved] = useState<Visit | null>(null);

  const locate = () =>
    navigator.geolocation?.getCurrentPosition(
      (p) => {
        setLat(p.coords.latitude.toFixed(6));
        setLon(p.coords.longitude.toFixed(6));
      },
      (e) => setElsewhere([e.message]),
    );

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setErrors({});
    setElsewhere([]);
    const indicators: Record<string, number | boolean> = {};
    for (const [k, v] of Object.entries(numbers)) if (v.trim() !== '') indicators[k] = Number(v);
    for (const f of FLAGS) indicators[f] = flags[f] ?? false;
    try {
      setSaved(
        await api<Visit>('POST', '/api/visits', {
          id,
          siteId,
          visitedAt: new Date(when).toISOString(),
          latitude: lat ? Number(lat) : null,
          longitude: lon ? Number(lon) : null,
          indicators,
          notes,
        }),
      );
    } catch (err) {
      if (!(err instanceof ApiError)) return setElsewhere([problemText(err)]);
      const placed = placeErrors(err.problem, [
        ...[...COUNTS, 'ppeSharePct', 'productionKg'].map((k) => `indicators.${k}`),
        'latitude',
        'longitude',
        'visitedAt',
      ]);
      setErrors(placed.byField);
      setElsewhere(placed.elsewhere);
    } finally {
      setBusy(false);
    }
  }

  if (saved)
    return (
      <section role="status" aria-label={t('visitSaved')}>
        <p className="notice">{t('visitSaved')}</p>
        {saved.incidents.length > 0 && (
          <>
            <p>{t('visitOpenedIncidents')}</p>
            <ul>
              {saved.incidents.map((i) => (
                <li key={i.id}>
                  <a
                    href={`/incidents/${i.id}`}
                    onClick={(e) => {
                      e.preventDefault();
                      onOpenIncident(i.id);
                    }}
                  >
                    {i.code} · {t('level')} {i.level} · {i.title}
                  </a>
                </li>
              ))}
            </ul>
          </>
        )}
        <button type="button" onClick={onDone}>
          {t('backToSite')}
        </button>
      </section>
    );

  const number = (k: string, step = '1') => (
    <Field
      key={k}
      label={indicatorLabel(k, locale)}
      name={`indicators.${k}`}
      type="number"
      min={0}
      step={step}
      inputMode="numeric"
      value={numbers[k] ?? ''}
      error={errors[`indicators.${k}`]}
      onChange={(e) => setNumbers({ ...numbers, [k]: e.target.value })}
    />
  );
  return (
    <form className="record-form" onSubmit={submit} noValidate>
      <Field
        label={t('visitedAt')}
        name="visitedAt"
        type="datetime-local"
        value={when}
        error={errors.visitedAt}
        onChange={(e) => setWhen(e.target.value)}
      />
      <Field
        label={t('latitude')}
        name="latitude"
        inputMode="decimal"
        value={lat}
        error={errors.latitude}
        onChange={(e) => setLat(e.target.value)}
      />
      <Field
        label={t('longitude')}
        name="longitude"
        inputMode="decimal"
        value={lon}
        error={errors.longitude}
        onChange={(e) => setLon(e.target.value)}
      />
      <div className="form-actions">
        <button type="button" onClick={locate}>
          {t('useMyPosition')}
        </button>
      </div>
      {COUNTS.map((k) => number(k))}
      {number('ppeSharePct', 'any')}
      {number('productionKg', 'any')}
      <fieldset>
        <legend>{t('security')}</legend>
        <div className="checks">
          {FLAGS.map((f) => (
            <label key={f}>
              <input
                type="checkbox"
                checked={flags[f] ?? false}
                onChange={(e) => setFlags({ ...flags, [f]: e.target.checked })}
              />
              {indicatorLabel(f, locale)}
            </label>
          ))}
        </div>
      </fieldset>
      <label className="field">
        {t('notes')}
        <textarea value={notes} onChange={(e) => setNotes(e.target.value)} />
      </label>
      <FormFooter t={t} problems={elsewhere} busy={busy} onCancel={onDone} />
    </form>
  );
}
