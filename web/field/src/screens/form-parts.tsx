import { type ReactNode, useState } from 'react';
import type { UseFormRegisterReturn } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { db } from '../db.ts';
import { useFormats } from '../format.ts';
import { FIELD_NAMESPACES } from '../i18n.ts';
import { useLive } from '../live.ts';

/** The field forms, by the catalogue prefix of their heading, save button and saved notice. */
type FormName = 'visit' | 'incident' | 'tag' | 'checklist' | 'grievance';

/** The heading of a field form: what is recorded, at which of my sites ("Visite à KOL-001"). */
export function FormHeading({ title, siteId }: { title: `${FormName}.title`; siteId: string }) {
  const { t } = useTranslation(FIELD_NAMESPACES);
  const site = useLive(() => db.sites.get(siteId), [siteId]);
  return (
    <header className="form-heading">
      <h1>{t(title, { site: site?.code ?? '' })}</h1>
      {site && <p className="muted">{site.name}</p>}
    </header>
  );
}

/** The foot of a field form: keep it on the phone, or go back without keeping it. */
export function FormFooter({
  save,
  busy,
  cancel,
}: {
  save: `${FormName}.save`;
  busy: boolean;
  cancel: () => void;
}) {
  const { t } = useTranslation(FIELD_NAMESPACES);
  return (
    <div className="actions form-footer">
      <button type="submit" className="primary" disabled={busy}>
        {t(save)}
      </button>
      <button type="button" onClick={cancel}>
        {t('common:cancel')}
      </button>
    </div>
  );
}

/** What a form shows once kept: that it is on the phone and leaves with the network, and the way back. */
export function SavedNotice({
  message,
  done,
  children,
}: {
  message: `${FormName}.saved`;
  done: () => void;
  children?: ReactNode;
}) {
  const { t } = useTranslation(FIELD_NAMESPACES);
  return (
    <section role="status">
      <p className="notice ok">{t(message)}</p>
      {children}
      <div className="actions">
        <button type="button" className="primary" onClick={done}>
          {t('nav.sites')}
        </button>
      </div>
    </section>
  );
}

/** The labels of the forms' own time: when it was seen, tagged, assessed or taken down. */
type WhenLabel =
  | 'visit.observedAt'
  | 'incident.observedAt'
  | 'tag.taggedAt'
  | 'checklist.assessedAt'
  | 'grievance.takenDownAt';

/** How far ahead of now a phone's time may be typed, for a clock a few minutes off (as the server allows). */
export const CLOCK_LEEWAY_MS = 5 * 60_000;

/** The rules of a form's own time: given, and not in the future (beyond `leewayMs`). */
export function useWhenRules(leewayMs = CLOCK_LEEWAY_MS) {
  const { t } = useTranslation(FIELD_NAMESPACES);
  return {
    required: t('visit.required'),
    validate: (x: string) => new Date(x).getTime() <= Date.now() + leewayMs || t('visit.inFuture'),
  };
}

/** The time a record says it happened, by the phone's clock, in the phone's local time. */
export function WhenField({
  label,
  field,
  error,
}: {
  label: WhenLabel;
  field: UseFormRegisterReturn;
  error?: string;
}) {
  const { t } = useTranslation(FIELD_NAMESPACES);
  return (
    <label className="field">
      {t(label)}
      <input type="datetime-local" {...field} />
      {error && <span className="field-error">{error}</span>}
    </label>
  );
}

/** A fix from the Geolocation API with its accuracy radius in metres. */
export interface Position {
  latitude: number;
  longitude: number;
  accuracyM: number;
}

/**
 * Asks the phone where it is, once, with its accuracy: the fix, what is happening ("looking…", why it failed),
 * and the request. Shared by the forms that record a position and by the map's "where I am".
 */
export function usePosition(initial: Position | null = null) {
  const { t } = useTranslation(FIELD_NAMESPACES);
  const [position, setPosition] = useState<Position | null>(initial);
  const [state, setState] = useState<string | null>(null);
  const locate = () => {
    if (!navigator.geolocation) return setState(t('visit.positionFailed', { reason: '—' }));
    setState(t('visit.locating'));
    navigator.geolocation.getCurrentPosition(
      (p) => {
        setPosition({
          latitude: p.coords.latitude,
          longitude: p.coords.longitude,
          accuracyM: p.coords.accuracy,
        });
        setState(null);
      },
      (e) => setState(t('visit.positionFailed', { reason: e.message })),
      { enableHighAccuracy: true, timeout: 30_000, maximumAge: 60_000 },
    );
  };
  return { position, setPosition, state, locate };
}

/** The position block of a field form: the fix with its accuracy in the reader's numbers, and the button to take it. */
export function GpsBlock({ gps }: { gps: ReturnType<typeof usePosition> }) {
  const { t } = useTranslation(FIELD_NAMESPACES);
  const f = useFormats();
  const { position } = gps;
  return (
    <fieldset>
      <legend>{t('visit.position')}</legend>
      <p data-testid="position">
        {position
          ? t('visit.located', {
              lat: f.number(position.latitude),
              lon: f.number(position.longitude),
              accuracy: f.number(Math.round(position.accuracyM)),
            })
          : t('visit.noPosition')}
      </p>
      {gps.state && <p className="muted">{gps.state}</p>}
      <button type="button" onClick={gps.locate}>
        {t('visit.locate')}
      </button>
    </fieldset>
  );
}
