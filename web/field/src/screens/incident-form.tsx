import { useEffect, useState } from 'react';
import { useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { v7 as uuidv7 } from 'uuid';
import { RISK_CATEGORIES } from '../../../../src/domain/criteria/criteria-set.ts';
import { db, type OutboxRecord } from '../db.ts';
import { localInput } from '../format.ts';
import { syncNow } from '../sync.ts';
import { FIELD_NAMESPACES } from '../i18n.ts';
import { FormFooter, FormHeading, SavedNotice, useWhenRules, WhenField } from './form-parts.tsx';

interface Values {
  level: '1' | '2' | '3';
  category: (typeof RISK_CATEGORIES)[number];
  title: string;
  description: string;
  observedAt: string;
}

/** An incident seen at one of my sites, kept on the phone with the device's time of observation. */
export function IncidentForm({ siteId, recordId, done }: { siteId: string; recordId?: string; done: () => void }) {
  const { t } = useTranslation(FIELD_NAMESPACES);
  const [id] = useState(() => recordId ?? uuidv7());
  const [saved, setSaved] = useState(false);
  const form = useForm<Values>({
    defaultValues: { level: '2', category: 'child_labour', title: '', description: '', observedAt: localInput() },
  });
  useEffect(() => {
    if (!recordId) return;
    void db.outbox.get(recordId).then((r) => {
      if (!r || r.kind !== 'incident') return;
      form.reset({
        level: String(r.body.level) as Values['level'],
        category: r.body.category,
        title: r.body.title,
        description: r.body.description,
        observedAt: localInput(new Date(r.body.observedAt ?? r.observedAt)),
      });
    });
  }, [recordId, form]);
  const when = useWhenRules(0);
  const save = form.handleSubmit(async (v) => {
    const observedAt = new Date(v.observedAt).toISOString();
    const record: OutboxRecord = {
      id,
      kind: 'incident',
      body: {
        id,
        siteId,
        level: Number(v.level) as 1 | 2 | 3,
        category: v.category,
        title: v.title.trim(),
        description: v.description.trim(),
        observedAt,
      },
      siteId,
      observedAt,
      createdAt: new Date().toISOString(),
      state: 'waiting',
    };
    await db.outbox.put(record);
    setSaved(true);
    if (navigator.onLine) void syncNow();
  });
  if (saved) return <SavedNotice message="incident.saved" done={done} />;
  const errors = form.formState.errors;
  return (
    <form className="field-form" onSubmit={save} noValidate>
      <FormHeading title="incident.title" siteId={siteId} />
      <fieldset>
        <legend>{t('incident.level')}</legend>
        {(['1', '2', '3'] as const).map((l) => (
          <label key={l} className="check">
            <input type="radio" value={l} {...form.register('level')} />
            {t(`incident.levelName.${l}`)}
          </label>
        ))}
      </fieldset>
      <label className="field">
        {t('incident.category')}
        <select {...form.register('category')}>
          {RISK_CATEGORIES.map((c) => (
            <option key={c} value={c}>
              {t(`incidents:category.${c}`)}
            </option>
          ))}
        </select>
      </label>
      <label className="field">
        {t('incident.what')}
        <input maxLength={300} {...form.register('title', { validate: (x) => x.trim() !== '' || t('visit.required') })} />
        {errors.title && <span className="field-error">{errors.title.message}</span>}
      </label>
      <label className="field">
        {t('incident.description')}
        <textarea
          rows={5}
          maxLength={20_000}
          {...form.register('description', { validate: (x) => x.trim() !== '' || t('visit.required') })}
        />
        {errors.description && <span className="field-error">{errors.description.message}</span>}
      </label>
      <WhenField label="incident.observedAt" field={form.register('observedAt', when)} error={errors.observedAt?.message} />
      <FormFooter save="incident.save" busy={form.formState.isSubmitting} cancel={done} />
    </form>
  );
}
