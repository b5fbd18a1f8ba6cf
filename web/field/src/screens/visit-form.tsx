import { useEffect, useState } from 'react';
import { useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { v7 as uuidv7 } from 'uuid';
import { COUNTS, FLAGS } from '../../../src/features/monitoring/indicators.ts';
import { db, type OutboxPhoto, type OutboxRecord, type VisitBody } from '../db.ts';
import { localInput, useFormats } from '../format.ts';
import { FormFooter, FormHeading, GpsBlock, type Position, SavedNotice, usePosition, useWhenRules, WhenField } from './form-parts.tsx';
import { compressPhoto, sha256Hex } from '../photo.ts';
import { storageState } from '../storage.ts';
import { syncNow } from '../sync.ts';
import { FIELD_NAMESPACES } from '../i18n.ts';

type Count = (typeof COUNTS)[number];
type Flag = (typeof FLAGS)[number];
interface Values {
  observedAt: string;
  counts: Record<Count, string>;
  flags: Record<Flag, boolean>;
  notes: string;
}

const blankCounts = () => Object.fromEntries(COUNTS.map((k) => [k, ''])) as Record<Count, string>;
const blankFlags = () => Object.fromEntries(FLAGS.map((k) => [k, false])) as Record<Flag, boolean>;

/** The visit as the server's visit service takes it: what was typed, the device's observation time and position. */
export function visitBodyOf(id: string, siteId: string, v: Values, at: Position | null): VisitBody {
  const indicators: Record<string, number | boolean> = { ...v.flags };
  for (const k of COUNTS) if (v.counts[k].trim() !== '') indicators[k] = Number(v.counts[k]);
  return {
    id,
    siteId,
    visitedAt: new Date(v.observedAt).toISOString(),
    latitude: at?.latitude ?? null,
    longitude: at?.longitude ?? null,
    accuracyM: at ? Math.round(at.accuracyM) : null,
    indicators,
    notes: v.notes,
  };
}

/**
 * The visit form, kept on the phone: indicators as the web's visit form asks them, notes, the position with its
 * accuracy from the Geolocation API, photos compressed on the phone. Saving puts it in the outbox, with its photos,
 * in one write; it leaves when the network allows. A refused visit opens here again to be fixed.
 */
export function VisitForm({ siteId, recordId, done }: { siteId: string; recordId?: string; done: () => void }) {
  const { t } = useTranslation(FIELD_NAMESPACES);
  const f = useFormats();
  const [id] = useState(() => recordId ?? uuidv7());
  const form = useForm<Values>({
    defaultValues: { observedAt: localInput(), counts: blankCounts(), flags: blankFlags(), notes: '' },
  });
  const gps = usePosition();
  const { position, setPosition } = gps;
  const [photos, setPhotos] = useState<{ id: string; blob: Blob; url: string }[]>([]);
  const [photoError, setPhotoError] = useState<string>();
  const [compressing, setCompressing] = useState(false);
  const [saved, setSaved] = useState(false);
  const [storageLow, setStorageLow] = useState<number>();

  useEffect(() => {
    void storageState(false).then((s) =>
      setStorageLow(s.nearlyFull && s.usage && s.quota ? s.usage / s.quota : undefined),
    );
    if (!recordId) return;
    void db.outbox.get(recordId).then((r) => {
      if (!r || r.kind !== 'visit') return;
      const b = r.body;
      const counts = blankCounts();
      const flags = blankFlags();
      for (const k of COUNTS) if (typeof b.indicators[k] === 'number') counts[k] = String(b.indicators[k]);
      for (const k of FLAGS) flags[k] = b.indicators[k] === true;
      form.reset({ observedAt: localInput(new Date(b.visitedAt)), counts, flags, notes: b.notes ?? '' });
      if (b.latitude != null && b.longitude != null)
        setPosition({ latitude: b.latitude, longitude: b.longitude, accuracyM: b.accuracyM ?? 0 });
    });
  }, [recordId, form]);

  const addPhotos = async (files: FileList | null) => {
    setPhotoError(undefined);
    setCompressing(true);
    try {
      for (const file of files ?? []) {
        const blob = await compressPhoto(file).catch(() => null);
        if (!blob) {
          setPhotoError(t('visit.photoFailed'));
          continue;
        }
        setPhotos((ps) => [...ps, { id: uuidv7(), blob, url: URL.createObjectURL(blob) }]);
      }
    } finally {
      setCompressing(false);
    }
  };

  const when = useWhenRules();
  const save = form.handleSubmit(async (v) => {
    const now = new Date();
    const body = visitBodyOf(id, siteId, v, position);
    const record: OutboxRecord = {
      id,
      kind: 'visit',
      body,
      siteId,
      observedAt: body.visitedAt,
      createdAt: now.toISOString(),
      state: 'waiting',
    };
    const rows: OutboxPhoto[] = await Promise.all(
      photos.map(async (p) => ({
        id: p.id,
        visitId: id,
        blob: p.blob,
        sizeBytes: p.blob.size,
        sha256: await sha256Hex(p.blob),
        offset: 0,
        state: 'waiting' as const,
        createdAt: now.toISOString(),
      })),
    );
    await db.transaction('rw', db.outbox, db.photos, async () => {
      const before = recordId ? await db.outbox.get(recordId) : undefined;
      await db.outbox.put(before ? { ...record, createdAt: before.createdAt } : record);
      await db.photos.bulkPut(rows);
    });
    setSaved(true);
    if (navigator.onLine) void syncNow();
  });

  if (saved) return <SavedNotice message="visit.saved" done={done} />;

  const errors = form.formState.errors;
  const count = (k: Count) => (
    <label key={k} className="field">
      {t(`monitoring:indicator.${k}`)}
      <input
        type="number"
        min={0}
        max={k === 'ppeSharePct' ? 100 : undefined}
        step={k === 'ppeSharePct' || k === 'productionKg' ? 'any' : '1'}
        inputMode={k === 'productionKg' || k === 'ppeSharePct' ? 'decimal' : 'numeric'}
        aria-invalid={errors.counts?.[k] ? true : undefined}
        {...form.register(`counts.${k}`, {
          validate: (x) =>
            x.trim() === '' ||
            (Number(x) >= 0 && (k !== 'ppeSharePct' || Number(x) <= 100)) ||
            (k === 'ppeSharePct' ? t('visit.invalidShare') : t('visit.invalidNumber')),
        })}
      />
      {errors.counts?.[k] && <span className="field-error">{errors.counts[k]?.message}</span>}
    </label>
  );
  return (
    <form className="field-form" onSubmit={save} noValidate>
      <FormHeading title="visit.title" siteId={siteId} />
      <WhenField label="visit.observedAt" field={form.register('observedAt', when)} error={errors.observedAt?.message} />
      <GpsBlock gps={gps} />
      {COUNTS.map(count)}
      <fieldset>
        <legend>{t('monitoring:visit.security')}</legend>
        {FLAGS.map((k) => (
          <label key={k} className="check">
            <input type="checkbox" {...form.register(`flags.${k}`)} />
            {t(`monitoring:indicator.${k}`)}
          </label>
        ))}
      </fieldset>
      <label className="field">
        {t('monitoring:visit.notes')}
        <textarea rows={4} maxLength={10_000} {...form.register('notes')} />
      </label>
      <fieldset>
        <legend>{t('visit.photos')}</legend>
        {storageLow !== undefined && (
          <p className="notice warn">{t('sync.storageLow', { percent: f.percent(storageLow) })}</p>
        )}
        <ul className="photos">
          {photos.map((p) => (
            <li key={p.id}>
              <img src={p.url} alt="" />
              <span>{t('visit.photoSize', { size: f.bytes(p.blob.size) })}</span>
              <button type="button" onClick={() => setPhotos((ps) => ps.filter((x) => x.id !== p.id))}>
                {t('visit.removePhoto')}
              </button>
            </li>
          ))}
        </ul>
        {compressing && <p className="muted">{t('visit.compressing')}</p>}
        {photoError && <p className="field-error">{photoError}</p>}
        <label className="button-like">
          {t('visit.addPhoto')}
          <input
            type="file"
            accept="image/*"
            capture="environment"
            multiple
            className="visually-hidden"
            onChange={(e) => void addPhotos(e.target.files)}
          />
        </label>
      </fieldset>
      <FormFooter save="visit.save" busy={form.formState.isSubmitting || compressing} cancel={done} />
    </form>
  );
}
