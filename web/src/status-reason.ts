import type { Locale } from './i18n.ts';

/** A site status reason as the API sends it (`statusReason`, `reasonData`). */
export type StatusReason =
  | { kind: 'registered' }
  | {
      kind: 'assessment';
      assessment: string;
      status: 'green' | 'yellow' | 'red';
      requirements: { code: string; textEn: string; textFr: string; rating: string }[];
      until: string | null;
    }
  | { kind: 'red_minimum'; assessment: string; shows: 'green' | 'yellow'; until: string }
  | { kind: 'green_lapsed'; validUntil: string }
  | { kind: 'yellow_overdue'; deadline: string }
  | { kind: 'blue_too_long'; blueSince: string }
  | { kind: 'red_minimum_over'; assessment: string };

const COLOURS: Record<string, Record<Locale, string>> = {
  blue: { fr: 'bleu', en: 'blue' },
  green: { fr: 'vert', en: 'green' },
  yellow: { fr: 'jaune', en: 'yellow' },
  red: { fr: 'rouge', en: 'red' },
};

const RATINGS: Record<string, Record<Locale, string>> = {
  met: { fr: 'respectée', en: 'met' },
  partially_met: { fr: 'partiellement respectée', en: 'partially met' },
  not_met: { fr: 'non respectée', en: 'not met' },
  not_applicable: { fr: 'sans objet', en: 'not applicable' },
};

/** Why a site has its status, in the reader's language, e.g. "rouge depuis le 2026-03-02 : exigence CL-01 … non respectée…". */
export function statusReasonText(
  status: string,
  since: string,
  reason: StatusReason,
  locale: Locale,
): string {
  const fr = locale === 'fr';
  const colour = COLOURS[status]?.[locale] ?? status;
  const head = fr ? `${colour} depuis le ${since}` : `${colour} since ${since}`;
  switch (reason.kind) {
    case 'registered':
      return fr ? `${head} : enregistré, pas encore évalué` : `${head}: registered, not yet assessed`;
    case 'assessment': {
      if (reason.status === 'green') {
        return fr
          ? `${head} : toutes les exigences critiques et majeures respectées dans l’évaluation ${reason.assessment} ; valable jusqu’au ${reason.until}`
          : `${head}: all critical and major requirements met in assessment ${reason.assessment}; valid until ${reason.until}`;
      }
      const list = reason.requirements
        .map((r) => `${r.code} « ${fr ? r.textFr : r.textEn} » ${RATINGS[r.rating]?.[locale] ?? r.rating}`)
        .join(', ');
      const plural = reason.requirements.length > 1;
      if (!fr) {
        const tail =
          reason.status === 'yellow'
            ? `to correct by ${reason.until}`
            : `suspended at least until ${reason.until}`;
        return `${head}: requirement${plural ? 's' : ''} ${list.replaceAll('« ', "'").replaceAll(' »', "'")} in assessment ${reason.assessment}; ${tail}`;
      }
      const tail =
        reason.status === 'yellow'
          ? `à corriger avant le ${reason.until}`
          : `suspendu au moins jusqu’au ${reason.until}`;
      return `${head} : exigence${plural ? 's' : ''} ${list} dans l’évaluation ${reason.assessment} ; ${tail}`;
    }
    case 'red_minimum':
      return fr
        ? `${head} : l’évaluation ${reason.assessment} conclut au ${COLOURS[reason.shows].fr}, appliqué à la fin de la suspension minimale le ${reason.until}`
        : `${head}: assessment ${reason.assessment} shows ${reason.shows}, which applies when the minimum suspension ends on ${reason.until}`;
    case 'green_lapsed':
      return fr
        ? `${head} : l’évaluation verte a expiré le ${reason.validUntil} après 12 mois`
        : `${head}: the green assessment lapsed on ${reason.validUntil} after 12 months`;
    case 'yellow_overdue':
      return fr
        ? `${head} : le délai de correction du ${reason.deadline} est passé sans réévaluation approuvée`
        : `${head}: the correction deadline ${reason.deadline} passed without an approved re-assessment`;
    case 'blue_too_long':
      return fr
        ? `${head} : non évalué depuis plus de 36 mois (bleu depuis le ${reason.blueSince})`
        : `${head}: not assessed for more than 36 months (blue since ${reason.blueSince})`;
    case 'red_minimum_over':
      return fr
        ? `${head} : fin de la suspension minimale ; l’évaluation ${reason.assessment} s’applique`
        : `${head}: the minimum suspension ended; assessment ${reason.assessment} applies`;
  }
}
