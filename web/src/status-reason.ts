import { describeStatus, type StatusReason } from '../../src/domain/assessments/site-status.ts';
import type { SiteStatus } from '../../src/domain/sites/site.ts';
import type { Locale } from './i18n.ts';

// The reason is the domain's own data and its English sentence the domain's own words; only French is written here.
export type { StatusReason } from '../../src/domain/assessments/site-status.ts';

const COLOURS: Record<string, string> = { blue: 'bleu', green: 'vert', yellow: 'jaune', red: 'rouge' };

const RATINGS: Record<string, string> = {
  met: 'respectée',
  partially_met: 'partiellement respectée',
  not_met: 'non respectée',
  not_applicable: 'sans objet',
};

/** Why a site has its status, in the reader's language, e.g. "rouge depuis le 2026-03-02 : exigence CL-01 … non respectée…". */
export function statusReasonText(
  status: string,
  since: string,
  reason: StatusReason,
  locale: Locale,
): string {
  if (locale !== 'fr') return describeStatus(status as SiteStatus, since, reason);
  const head = `${COLOURS[status] ?? status} depuis le ${since}`;
  switch (reason.kind) {
    case 'registered':
      return `${head} : enregistré, pas encore évalué`;
    case 'assessment': {
      if (reason.status === 'green') {
        return `${head} : toutes les exigences critiques et majeures respectées dans l’évaluation ${reason.assessment} ; valable jusqu’au ${reason.until}`;
      }
      const list = reason.requirements
        .map((r) => `${r.code} « ${r.textFr} » ${RATINGS[r.rating] ?? r.rating}`)
        .join(', ');
      const plural = reason.requirements.length > 1 ? 's' : '';
      const tail =
        reason.status === 'yellow'
          ? `à corriger avant le ${reason.until}`
          : `suspendu au moins jusqu’au ${reason.until}`;
      return `${head} : exigence${plural} ${list} dans l’évaluation ${reason.assessment} ; ${tail}`;
    }
    case 'red_minimum':
      return `${head} : l’évaluation ${reason.assessment} conclut au ${COLOURS[reason.shows]}, appliqué à la fin de la suspension minimale le ${reason.until}`;
    case 'green_lapsed':
      return `${head} : l’évaluation verte a expiré le ${reason.validUntil} après 12 mois`;
    case 'yellow_overdue':
      return `${head} : le délai de correction du ${reason.deadline} est passé sans réévaluation approuvée`;
    case 'blue_too_long':
      return `${head} : non évalué depuis plus de 36 mois (bleu depuis le ${reason.blueSince})`;
    case 'red_minimum_over':
      return `${head} : fin de la suspension minimale ; l’évaluation ${reason.assessment} s’applique`;
    case 'suspended':
      return `suspendu depuis le ${since} (statut ${COLOURS[status] ?? status}) : incident de niveau 1 ${reason.incident} « ${reason.title} » vérifié`;
    case 'suspension_lifted':
      return `suspension levée le ${since} (statut ${COLOURS[status] ?? status}) : incident ${reason.incident} résolu`;
  }
}
