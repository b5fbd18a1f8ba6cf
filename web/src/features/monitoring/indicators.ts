import { INDICATORS, type Indicator } from '../../../../src/domain/monitoring/indicator-rules.ts';

export { INDICATORS, type Indicator };

/** Whether a name from the API is an indicator the catalogues name. */
export const isIndicator = (x: string): x is Indicator => INDICATORS.some((i) => i === x);
