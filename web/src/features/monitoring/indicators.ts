import { INDICATORS, type Indicator } from '../../../../src/domain/monitoring/indicator-rules.ts';

export { INDICATORS, type Indicator };

/** Whether a name from the API is an indicator the catalogues name. */
export const isIndicator = (x: string): x is Indicator => INDICATORS.some((i) => i === x);

/** The counts a visit form asks for, in the order it asks them. */
export const COUNTS = [
  'headCount',
  'childrenSeen',
  'pregnantWomenSeen',
  'accidents',
  'injuries',
  'fatalities',
  'ppeSharePct',
  'productionKg',
] as const satisfies readonly Indicator[];
/** The yes-or-no observations of a visit form. */
export const FLAGS = ['securityForcesPresent', 'armedPeoplePresent'] as const satisfies readonly Indicator[];
