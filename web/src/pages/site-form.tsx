import { type FormEvent, useEffect, useState } from 'react';
import { ApiError, api, type Page } from '../api.ts';
import { Field } from '../components/field.tsx';
import { FormFooter } from '../components/form-footer.tsx';
import { placeErrors } from '../form-errors.ts';
import type { Locale, MessageKey } from '../i18n.ts';
import { MINERAL_CODES, mineralLabel, PROVINCES } from '../labels.ts';

interface SiteRecord {
  id: string;
  code: string;
  name: string;
  province: string;
  territory: string | null;
  zoneCode: string | null;
  concession: string | null;
  geometry: { type: string; coordinates: unknown };
  minerals: string[];
  cooperatives: { id: string; name: string }[];
  workforce: number | null;
  pits: number | null;
  capacityKgMonth: number | null;
  typicalGradePct: number | null;
  version: number;
}

const TEXT_FIELDS = ['code', 'name', 'territory', 'zoneCode', 'concession'] as const;
const NUMBER_FIELDS = ['workforce', 'pits', 'capacityKgMonth', 'typicalGradePct'] as const;
type Values = Record<
  (typeof TEXT_FIELDS)[number] | (typeof NUMBER_FIELDS)[number] | 'province' | 'lon' | 'lat',
  string
> & {
  minerals: string[];
  cooperativeIds: string[];
  /** A polygon outline kept as it is unless a point is typed instead. */
  outline: { type: string; coordinates: unknown } | null;
};

const blank: Values = {
  code: '',
  name: '',
  province: 'Lualaba',
  territory: '',
  zoneCode: '',
  concession: '',
  workforce: '',
  pits: '',
  capacityKgMonth: '',
  typicalGradePct: '',
  lon: '',
  lat: '',
  minerals: ['cobalt'],
  cooperativeIds: [],
  outline: null,
};

function fromSite(s: SiteRecord): Values {
  const point = s.geometry.type === 'Point' ? (s.geometry.coordinates as number[]) : null;
  const str = (v: string | number | null) => (v === null ? '' : String(v));
  return {
    code: s.code,
    name: s.name,
    province: s.province,
    territory: str(s.territory),
    zoneCode: str(s.zoneCode),
    concession: str(s.concession),
    workforce: str(s.workforce),
    pits: str(s.pits),
    capacityKgMonth: str(s.capacityKgMonth),
    typicalGradePct: str(s.typicalGradePct),
    lon: point ? String(point[0]) : '',
    lat: point ? String(point[1]) : '',
    minerals: s.minerals,
    cooperativeIds: s.cooperatives.map((c) => c.id),
    outline: point ? null : s.geometry,
  };
}

/** A number field as the API wants it: empty is null, anything else a number (or the text, for the server to refuse). */
const numberOrText = (v: string) => (v.trim() === '' ? null : Number.isNaN(Number(v)) ? v : Number(v));

function toBody(v: Values) {
  const typedPoint = v.lon.trim() !== '' || v.lat.trim() !== '' || !v.outline;
  return {
    code: v.code,
    name: v.name,
    province: v.province,
    territory: v.territory.trim() || null,
    zoneCode: v.zoneCode.trim() || null,
    concession: v.concession.trim() || null,
    geometry: typedPoint
      ? { type: 'Point', coordinates: [numberOrText(v.lon), numberOrText(v.lat)] }
      : v.outline,
    minerals: v.minerals,
    cooperativeIds: v.cooperativeIds,
    ...Object.fromEntries(NUMBER_FIELDS.map((f) => [f, numberOrText(v[f])])),
  };
}

/** Registers a site or edits one; the server's errors appear by the field they concern. */
export function SiteForm({
  id,
  t,
  locale,
  onSaved,
  onCancel,
}: {
  id?: string;
  t: (k: MessageKey) => string;
  locale: Locale;
  onSaved: (id: string) => void;
  onCancel: () => void;
}) {
  const [values, setValues] = useState<Values | null>(id ? null : blank);
  const [version, setVersion] = useState(0);
  const [cooperatives, setCooperatives] = useState<{ id: string; legalName: string }[]>([]);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [elsewhere, setElsewhere] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    api<Page<{ id: string; legalName: string }>>(
      'GET',
      '/api/organisations?chainRole=cooperative&limit=200',
    ).then(
      (p) => setCooperatives(p.items),
      () => {},
    );
    if (!id) return;
    api<SiteRecord>('GET', `/api/sites/${id}`).then(
      (s) => {
        setValues(fromSite(s));
        setVersion(s.version);
      },
      (e) => setElsewhere([(e as Error).message]),
    );
  }, [id]);

  if (!values) return <p role="status">{elsewhere[0] ?? t('loading')}</p>;
  const set = (patch: Partial<Values>) => setValues({ ...values, ...patch });

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!values) return;
    setBusy(true);
    setErrors({});
    setElsewhere([]);
    try {
      const body = toBody(values);
      const saved = id
        ? await api<SiteRecord>('PUT', `/api/sites/${id}`, { ...body, version })
        : await api<SiteRecord>('POST', '/api/sites', body);
      onSaved(saved.id);
    } catch (err) {
      if (!(err instanceof ApiError)) return setElsewhere([(err as Error).message]);
      const problem = {
        ...err.problem,
        // The point's two numbers are two fields on the form.
        errors: err.problem.errors?.map((x) =>
          x.path === 'geometry.coordinates.0'
            ? { ...x, path: 'lon' }
            : x.path === 'geometry.coordinates.1'
              ? { ...x, path: 'lat' }
              : x,
        ),
      };
      const placed = placeErrors(problem, [
        ...TEXT_FIELDS,
        ...NUMBER_FIELDS,
        'province',
        'lon',
        'lat',
        'geometry',
        'minerals',
        'cooperativeIds',
      ]);
      setErrors(placed.byField);
      setElsewhere(placed.elsewhere);
    } finally {
      setBusy(false);
    }
  }

  const label: Record<string, MessageKey> = {
    code: 'code',
    name: 'name',
    territory: 'territory',
    zoneCode: 'zone',
    concession: 'concession',
    workforce: 'workforce',
    pits: 'pits',
    capacityKgMonth: 'capacityKg',
    typicalGradePct: 'gradePct',
  };
  return (
    <form className="record-form" onSubmit={submit} noValidate>
      {TEXT_FIELDS.map((f) => (
        <Field
          key={f}
          label={t(label[f])}
          name={f}
          value={values[f]}
          error={errors[f]}
          onChange={(e) => set({ [f]: e.target.value })}
        />
      ))}
      <label className="field">
        {t('province')}
        <select value={values.province} onChange={(e) => set({ province: e.target.value })}>
          {[...new Set([values.province, ...PROVINCES])].map((p) => (
            <option key={p}>{p}</option>
          ))}
        </select>
        {errors.province && <span className="field-error">{errors.province}</span>}
      </label>
      {values.outline && <p className="hint">{t('outlineKept')}</p>}
      <Field
        label={t('longitude')}
        name="lon"
        inputMode="decimal"
        value={values.lon}
        error={errors.lon}
        onChange={(e) => set({ lon: e.target.value })}
      />
      <Field
        label={t('latitude')}
        name="lat"
        inputMode="decimal"
        value={values.lat}
        error={errors.lat ?? errors.geometry}
        onChange={(e) => set({ lat: e.target.value })}
      />
      <fieldset>
        <legend>{t('minerals')}</legend>
        <div className="checks">
          {MINERAL_CODES.map((m) => (
            <label key={m}>
              <input
                type="checkbox"
                checked={values.minerals.includes(m)}
                onChange={(e) =>
                  set({
                    minerals: e.target.checked
                      ? [...values.minerals, m]
                      : values.minerals.filter((x) => x !== m),
                  })
                }
              />
              {mineralLabel(m, locale)}
            </label>
          ))}
        </div>
        {errors.minerals && <span className="field-error">{errors.minerals}</span>}
      </fieldset>
      <label className="field">
        {t('cooperatives')}
        <select
          multiple
          value={values.cooperativeIds}
          onChange={(e) => set({ cooperativeIds: [...e.target.selectedOptions].map((o) => o.value) })}
        >
          {cooperatives.map((c) => (
            <option key={c.id} value={c.id}>
              {c.legalName}
            </option>
          ))}
        </select>
        {errors.cooperativeIds && <span className="field-error">{errors.cooperativeIds}</span>}
      </label>
      {NUMBER_FIELDS.map((f) => (
        <Field
          key={f}
          label={t(label[f])}
          name={f}
          inputMode="decimal"
          value={values[f]}
          error={errors[f]}
          onChange={(e) => set({ [f]: e.target.value })}
        />
      ))}
      <FormFooter t={t} problems={elsewhere} busy={busy} onCancel={onCancel} />
    </form>
  );
}
