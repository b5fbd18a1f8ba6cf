import type { Config } from '../config.ts';
import { epcisSchemaProblem } from './custody/epcis-schema.ts';

export interface HealthProblem {
  component: string;
  message: string;
}

/** What does not work on this instance as configured; empty when everything does. */
export function healthProblems(config: Config): HealthProblem[] {
  const problems: HealthProblem[] = [];
  const schema = epcisSchemaProblem(config.epcisSchemaPath);
  if (schema) problems.push({ component: 'epcis-capture', message: schema });
  return problems;
}
