import { useEffect, useRef, useState } from 'react';
import { useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { v7 as uuidv7 } from 'uuid';
import { db, type OutboxRecord } from '../db.ts';
import { localInput } from '../format.ts';
import { FIELD_NAMESPACES } from '../i18n.ts';
import { FormFooter, FormHeading, SavedNotice, useWhenRules, WhenField } from './form-parts.tsx';
import { useLive } from '../live.ts';
import { canScan, scanTag } from '../scan.ts';
import { syncNow } from '../sync.ts';

interface Values {
  tag: string;
  cooperativeId: string;
  massKg: string;
  gradePct: string;
  taggedAt: string;
}
const TAG = /^[A-Za-z0-9-]{3,64}$/;

/** A sack tagged and weighed at one of my sites: the tag read by the camera where it can be, typed otherwise. */
export function TagForm({ siteId, recordId, done }: { siteId: string; recordId?: string; done: () => void }) {
  const { t } = useTranslation(FIELD_NAMESPACES);
  const site = useLive(() => db.sites.get(siteId), [siteId]);
  const [id] = useState(() => recordId ?? uuidv7());
  const [saved, setSaved] = useState(false);
  const [scanning, setScanning] = useState<{ stop: () => void }>();
  const [scanError, setScanError] = useState<string>();
  const video = useRef<HTMLVideoElement>(null);
  const form = useForm<Values>({
    defaultValues: { tag: '', cooperativeId: '', massKg: '', gradePct: '', taggedAt: localInput() },
  });
  useEffect(() => {
    if (site && !form.getValues('cooperativeId') && site.cooperatives[0])
      form.setValue('cooperativeId', site.cooperatives[0].id);
  }, [site, form]);
  useEffect(() => {
    if (!recordId) return;
    void db.outbox.get(recordId).then((r) => {
      if (!r || r.kind !== 'tag') return;
      form.reset({
        tag: r.body.tag,
        cooperativeId: r.body.cooperativeId,
        massKg: String(r.body.massKg),
        gradePct: String(r.body.gradePct),
        taggedAt: localInput(new Date(r.observedAt)),
      });
    });
  }, [recordId, form]);
  useEffect(() => () => scanning?.stop(), [scanning]);

  const scan = () => {
    if (!video.current) return;
    setScanError(undefined);
    const s = scanTag(video.current);
    setScanning(s);
    s.result
      .then((tag) => form.setValue('tag', tag, { shouldValidate: true }))
      .catch((e: Error) => e.message !== 'stopped' && setScanError(t('tag.scanFailed')))
      .finally(() => setScanning(undefined));
  };

  const when = useWhenRules();
  const save = form.handleSubmit(async (v) => {
    const taggedAt = new Date(v.taggedAt).toISOString();
    const record: OutboxRecord = {
      id,
      kind: 'tag',
      body: {
        id,
        tag: v.tag.trim(),
        siteId,
        cooperativeId: v.cooperativeId,
        massKg: Number(v.massKg),
        gradePct: Number(v.gradePct),
        taggedAt,
      },
      siteId,
      observedAt: taggedAt,
      createdAt: new Date().toISOString(),
      state: 'waiting',
    };
    await db.outbox.put(record);
    setSaved(true);
    if (navigator.onLine) void syncNow();
  });
  if (saved) return <SavedNotice message="tag.saved" done={done} />;
  const errors = form.formState.errors;
  const positive = (max: number) => (x: string) =>
    (x.trim() !== '' && Number(x) > 0 && Number(x) <= max) || t('tag.invalidMass');
  return (
    <form className="field-form" onSubmit={save} noValidate>
      <FormHeading title="tag.title" siteId={siteId} />
      <label className="field">
        {t('tag.tag')}
        <input
          autoCapitalize="characters"
          autoComplete="off"
          {...form.register('tag', { validate: (x) => TAG.test(x.trim()) || t('tag.invalidTag') })}
        />
        {errors.tag && <span className="field-error">{errors.tag.message}</span>}
      </label>
      {canScan() && (
        <div>
          <video ref={video} className={scanning ? 'scanner' : 'scanner hidden'} muted playsInline />
          <div className="actions">
            {scanning ? (
              <button type="button" onClick={() => scanning.stop()}>
                {t('tag.stopScan')}
              </button>
            ) : (
              <button type="button" onClick={scan}>
                {t('tag.scan')}
              </button>
            )}
          </div>
          {scanError && <p className="field-error">{scanError}</p>}
        </div>
      )}
      <label className="field">
        {t('tag.cooperative')}
        <select {...form.register('cooperativeId', { required: t('visit.required') })}>
          {(site?.cooperatives ?? []).map((c) => (
            <option key={c.id} value={c.id}>
              {c.name}
            </option>
          ))}
        </select>
        {errors.cooperativeId && <span className="field-error">{errors.cooperativeId.message}</span>}
      </label>
      <label className="field">
        {t('tag.massKg')}
        <input type="number" inputMode="decimal" step="any" min={0} {...form.register('massKg', { validate: positive(1e9) })} />
        {errors.massKg && <span className="field-error">{errors.massKg.message}</span>}
      </label>
      <label className="field">
        {t('tag.gradePct')}
        <input
          type="number"
          inputMode="decimal"
          step="any"
          min={0}
          max={100}
          {...form.register('gradePct', {
            validate: (x) => (x.trim() !== '' && Number(x) >= 0 && Number(x) <= 100) || t('visit.invalidShare'),
          })}
        />
        {errors.gradePct && <span className="field-error">{errors.gradePct.message}</span>}
      </label>
      <WhenField label="tag.taggedAt" field={form.register('taggedAt', when)} error={errors.taggedAt?.message} />
      <FormFooter save="tag.save" busy={form.formState.isSubmitting} cancel={done} />
    </form>
  );
}
