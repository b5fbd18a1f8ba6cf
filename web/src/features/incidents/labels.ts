import type { TFunction } from 'i18next';
import { RISK_CATEGORIES } from '../../../../src/domain/criteria/criteria-set.ts';
import { INCIDENT_STATES } from '../../../../src/domain/incidents/lifecycle.ts';

/** The categories an incident may carry: the risk categories, and origin fraud from custody's rules. */
const CATEGORIES = [...RISK_CATEGORIES, 'fraud_origin'] as const;
type Category = (typeof CATEGORIES)[number];
const isCategory = (x: string): x is Category => CATEGORIES.some((c) => c === x);

/** An incident category in the reader's language; one the web does not know keeps its code. */
export const categoryText = (t: TFunction<'incidents'>, category: string) =>
  isCategory(category) ? t(`category.${category}`) : category;

const isState = (x: string): x is (typeof INCIDENT_STATES)[number] => INCIDENT_STATES.some((s) => s === x);

/** An incident state in the reader's language (the timeline lists them as strings). */
export const stateText = (t: TFunction<'incidents'>, state: string) =>
  isState(state) ? t(`state.${state}`) : state;
