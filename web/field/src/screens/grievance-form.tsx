import { useEffect, useState } from 'react';
import { useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { v7 as uuidv7 } from 'uuid';
import { RISK_CATEGORIES } from '../../../../src/domain/criteria/criteria-set.ts';
import { GRIEVANCE_LANGUAGES } from '../../../../src/domain/grievances/grievance.ts';
import { db, type GrievanceBody, type OutboxRecord } from '../db.ts';
import { localInput } from '../format.ts';
import { FIELD_NAMESPACES } from '../i18n.ts';
import { syncNow } from '../sync.ts';
import { FormFooter, FormHeading, SavedNotice, useWhenRules, WhenField } from './form-parts.tsx';

interface Values {
  description: string;
  category: (typeof RISK_CATEGORIES)[number] | '';
  language: (typeof GRIEVANCE_LANGUAGES)[number];
  who: 'anonymous' | 'contact';
  name: string;
  phone: string;
  takenDownAt: string;
}

/** The grievance as the server's grievance service takes it, with the phone's time; contact only if left. */
export function grievanceBodyOf(id: string, siteId: string, v: Values): GrievanceBody {
  const contact = v.who === 'contact' ? { name: v.name.trim(), phone: v.phone.trim() } : null;
  return {
    id,
    siteId,
    category: v.category || null,
    description: v.description.trim(),
    language: v.language,
    contact,
    takenDownAt: new Date(v.takenDownAt).toISOString(),
  };
}

/**
 * A grievance taken down for someone who cannot use a phone: what happened at one of my sites, in the person's
 * language, anonymous or with the contact they leave. Sent once, the server seals the contact as the public form's
 * and the phone forgets it; the phone then shows the case code and secret to hand to the person.
 */
export function GrievanceForm({
  siteId,
  recordId,
  done,
}: {
  siteId: string;
  recordId?: string;
  done: () => void;
}) {
  const { t, i18n } = useTranslation(FIELD_NAMESPACES);
  const [id] = useState(() => recordId ?? uuidv7());
  const [saved, setSaved] = useState(false);
  const form = useForm<Values>({
    defaultValues: {
      description: '',
      category: '',
      language: (GRIEVANCE_LANGUAGES as readonly string[]).includes(i18n.language)
        ? (i18n.language as Values['language'])
        : 'fr',
      who: 'anonymous',
      name: '',
      phone: '',
      takenDownAt: localInput(),
    },
  });
  // A refused grievance opens here again to be fixed: it still holds its contact, never sent yet.
  useEffect(() => {
    if (!recordId) return;
    void db.outbox.get(recordId).then((r) => {
      if (!r || r.kind !== 'grievance') return;
      form.reset({
        description: r.body.description,
        category: r.body.category ?? '',
        language: r.body.language,
        who: r.body.contact ? 'contact' : 'anonymous',
        name: r.body.contact?.name ?? '',
        phone: r.body.contact?.phone ?? '',
        takenDownAt: localInput(new Date(r.body.takenDownAt)),
      });
    });
  }, [recordId, form]);
  const when = useWhenRules();
  const save = form.handleSubmit(async (v) => {
    const body = grievanceBodyOf(id, siteId, v);
    const record: OutboxRecord = {
      id,
      kind: 'grievance',
      body,
      siteId,
      observedAt: body.takenDownAt,
      createdAt: new Date().toISOString(),
      state: 'waiting',
    };
    await db.outbox.put(record);
    setSaved(true);
    if (navigator.onLine) void syncNow();
  });
  if (saved) return <SavedNotice message="grievance.saved" done={done} />;
  const errors = form.formState.errors;
  const who = form.watch('who');
  return (
    <form className="field-form" onSubmit={save} noValidate>
      <FormHeading title="grievance.title" siteId={siteId} />
      <p className="muted">{t('grievance.intro')}</p>
      <label className="field">
        {t('grievance.what')}
        <textarea
          rows={6}
          maxLength={20_000}
          {...form.register('description', {
            validate: (x) => x.trim().length >= 10 || t('grievance.tooShort'),
          })}
        />
        {errors.description && <span className="field-error">{errors.description.message}</span>}
      </label>
      <label className="field">
        {t('grievance.category')}
        <select {...form.register('category')}>
          <option value="">{t('grievance.noCategory')}</option>
          {RISK_CATEGORIES.map((c) => (
            <option key={c} value={c}>
              {t(`incidents:category.${c}`)}
            </option>
          ))}
        </select>
      </label>
      <label className="field">
        {t('grievance.language')}
        <select {...form.register('language')}>
          {GRIEVANCE_LANGUAGES.map((l) => (
            <option key={l} value={l}>
              {t(`grievance.languageName.${l}`)}
            </option>
          ))}
        </select>
      </label>
      <fieldset>
        <legend>{t('grievance.who')}</legend>
        <label className="check">
          <input type="radio" value="anonymous" {...form.register('who')} />
          {t('grievance.anonymous')}
        </label>
        <label className="check">
          <input type="radio" value="contact" {...form.register('who')} />
          {t('grievance.withContact')}
        </label>
        {who === 'contact' && (
          <>
            <p className="muted">{t('grievance.sealed')}</p>
            <label className="field">
              {t('grievances:public.yourName')}
              <input
                maxLength={200}
                autoComplete="off"
                {...form.register('name', {
                  validate: (x, all) =>
                    x.trim() !== '' || all.phone.trim() !== '' || t('grievance.contactRequired'),
                })}
              />
            </label>
            <label className="field">
              {t('grievances:public.phone')}
              <input type="tel" maxLength={40} autoComplete="off" {...form.register('phone')} />
            </label>
            {errors.name && <span className="field-error">{errors.name.message}</span>}
          </>
        )}
      </fieldset>
      <WhenField
        label="grievance.takenDownAt"
        field={form.register('takenDownAt', when)}
        error={errors.takenDownAt?.message}
      />
      <FormFooter save="grievance.save" busy={form.formState.isSubmitting} cancel={done} />
    </form>
  );
}
