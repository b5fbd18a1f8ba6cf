import { useEffect, useState } from 'react';
import { useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { v7 as uuidv7 } from 'uuid';
import { RATINGS } from '../../../../src/domain/assessments/ratings.ts';
import { type ChecklistBody, type CriteriaSet, db, getMeta, type OutboxRecord } from '../db.ts';
import { localInput, useFormats } from '../format.ts';
import { FIELD_NAMESPACES } from '../i18n.ts';
import { useLive } from '../live.ts';
import { syncNow } from '../sync.ts';
import { FormFooter, FormHeading, SavedNotice, useWhenRules, WhenField } from './form-parts.tsx';

type Rating = (typeof RATINGS)[number];
interface Values {
  setId: string;
  kind: 'baseline' | 'periodic';
  assessedAt: string;
  notes: string;
  ratings: { rating: Rating | ''; notes: string }[];
}

/** The checklist as the server's assessment services take it: the draft, its ratings, the phone's time. */
export function checklistBodyOf(id: string, siteId: string, set: CriteriaSet, v: Values): ChecklistBody {
  return {
    id,
    setId: set.id,
    siteId,
    kind: v.kind,
    assessedAt: new Date(v.assessedAt).toISOString(),
    notes: v.notes.trim(),
    ratings: set.requirements.map((r, i) => ({
      code: r.code,
      rating: v.ratings[i].rating as Rating,
      notes: v.ratings[i].notes.trim(),
    })),
  };
}

/**
 * An assessment of one of my sites against a criteria-set version the phone carries: each requirement in the
 * reader's language (French, else English, as the web shows them), rated with a note, offline. Kept in the outbox,
 * it reaches the server as a draft assessment with its ratings, which the assessor then submits.
 */
export function ChecklistForm({
  siteId,
  recordId,
  done,
}: {
  siteId: string;
  recordId?: string;
  done: () => void;
}) {
  const { t, i18n } = useTranslation(FIELD_NAMESPACES);
  const f = useFormats();
  const sets = useLive(() => getMeta<CriteriaSet[]>('criteriaSets').then((s) => s ?? []));
  const site = useLive(() => db.sites.get(siteId), [siteId]);
  const [id] = useState(() => recordId ?? uuidv7());
  const [saved, setSaved] = useState(false);
  const form = useForm<Values>({
    defaultValues: { setId: '', kind: 'periodic', assessedAt: localInput(), notes: '', ratings: [] },
  });
  const setId = form.watch('setId');
  const set = sets?.find((s) => s.id === setId) ?? sets?.[0];
  useEffect(() => {
    if (!sets?.length || form.getValues('setId')) return;
    form.setValue('setId', sets[0].id);
    if (site?.status === 'blue') form.setValue('kind', 'baseline');
  }, [sets, site, form]);
  useEffect(() => {
    if (!recordId || !sets) return;
    void db.outbox.get(recordId).then((r) => {
      if (!r || r.kind !== 'assessment') return;
      const kept = sets.find((s) => s.id === r.body.setId);
      form.reset({
        setId: r.body.setId,
        kind: r.body.kind,
        assessedAt: localInput(new Date(r.body.assessedAt)),
        notes: r.body.notes ?? '',
        ratings: (kept?.requirements ?? []).map((q) => {
          const g = r.body.ratings.find((x) => x.code === q.code);
          return { rating: g?.rating ?? '', notes: g?.notes ?? '' };
        }),
      });
    });
  }, [recordId, sets, form]);

  const when = useWhenRules();
  const save = form.handleSubmit(async (v) => {
    if (!set) return;
    const body = checklistBodyOf(id, siteId, set, v);
    const record: OutboxRecord = {
      id,
      kind: 'assessment',
      body,
      siteId,
      observedAt: body.assessedAt,
      createdAt: new Date().toISOString(),
      state: 'waiting',
    };
    await db.transaction('rw', db.outbox, async () => {
      const before = recordId ? await db.outbox.get(recordId) : undefined;
      await db.outbox.put(before ? { ...record, createdAt: before.createdAt } : record);
    });
    setSaved(true);
    if (navigator.onLine) void syncNow();
  });

  if (saved) return <SavedNotice message="checklist.saved" done={done} />;
  if (sets === undefined) return null;
  if (!set)
    return (
      <section>
        <FormHeading title="checklist.title" siteId={siteId} />
        <p className="notice warn">{t('checklist.noSets')}</p>
      </section>
    );
  const errors = form.formState.errors;
  const rated = (form.watch('ratings') ?? []).filter((r) => r?.rating).length;
  const text = (r: CriteriaSet['requirements'][number]) => (i18n.language === 'fr' ? r.textFr : r.textEn);
  return (
    <form className="field-form" onSubmit={save} noValidate>
      <FormHeading title="checklist.title" siteId={siteId} />
      {sets.length > 1 ? (
        <label className="field">
          {t('checklist.set')}
          <select {...form.register('setId', { onChange: () => form.setValue('ratings', []) })}>
            {sets.map((s) => (
              <option key={s.id} value={s.id}>
                {t('checklist.setVersion', { name: s.name, version: f.number(s.version) })}
              </option>
            ))}
          </select>
        </label>
      ) : (
        <p className="muted">
          {t('checklist.setVersion', { name: set.name, version: f.number(set.version) })}
        </p>
      )}
      <fieldset>
        <legend>{t('checklist.kind')}</legend>
        {(['baseline', 'periodic'] as const).map((k) => (
          <label key={k} className="check">
            <input type="radio" value={k} {...form.register('kind')} />
            {t(`assessments:kind.${k}`)}
          </label>
        ))}
      </fieldset>
      <WhenField
        label="checklist.assessedAt"
        field={form.register('assessedAt', when)}
        error={errors.assessedAt?.message}
      />
      <p className="muted" data-testid="rated">
        {t('checklist.progress', { rated: f.number(rated), total: f.number(set.requirements.length) })}
      </p>
      <ol className="requirements">
        {set.requirements.map((r, i) => (
          <li key={`${set.id}-${r.code}`} className="requirement" data-code={r.code}>
            <fieldset aria-invalid={errors.ratings?.[i]?.rating ? true : undefined}>
              <legend>
                <span className="code">{r.code}</span>{' '}
                <span className={`tier tier-${r.tier}`}>{t(`assessments:tier.${r.tier}`)}</span>
              </legend>
              <p className="requirement-text">{text(r)}</p>
              <div
                className="ratings"
                role="radiogroup"
                aria-label={t('checklist.ratingOf', { code: r.code })}
              >
                {RATINGS.map((g) => (
                  <label key={g} className="check">
                    <input
                      type="radio"
                      value={g}
                      {...form.register(`ratings.${i}.rating`, { required: t('checklist.rateIt') })}
                    />
                    {t(`assessments:rating.${g}`)}
                  </label>
                ))}
              </div>
              {errors.ratings?.[i]?.rating && (
                <span className="field-error">{errors.ratings[i]?.rating?.message}</span>
              )}
              <label className="field">
                {t('checklist.noteOf', { code: r.code })}
                <textarea rows={2} maxLength={5000} {...form.register(`ratings.${i}.notes`)} />
              </label>
            </fieldset>
          </li>
        ))}
      </ol>
      <label className="field">
        {t('checklist.notes')}
        <textarea rows={3} maxLength={5000} {...form.register('notes')} />
      </label>
      {Object.keys(errors.ratings ?? {}).length > 0 && (
        <p className="field-error" role="alert">
          {t('checklist.unrated', { count: set.requirements.length - rated })}
        </p>
      )}
      <FormFooter save="checklist.save" busy={form.formState.isSubmitting} cancel={done} />
    </form>
  );
}
