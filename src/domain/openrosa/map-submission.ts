import type { RiskCategory } from '../criteria/criteria-set.ts';
import type { Indicators } from '../monitoring/indicator-rules.ts';
import { type FormDefinition, type FormField, INDICATOR_RANGES } from './forms.ts';

/** A value of a submission that cannot become an Amana record, by the form field that holds it. */
export interface MappingProblem {
  path: string;
  message: string;
  code: `openrosa.${string}`;
  params?: Record<string, string | number>;
}

/** The visit a monitoring-visit submission says. */
export interface MappedVisit {
  siteId: string;
  visitedAt: string;
  latitude: number | null;
  longitude: number | null;
  indicators: Indicators;
  notes: string;
}

/** The incident an incident-report submission says. */
export interface MappedIncident {
  siteId: string;
  level: 1 | 2 | 3;
  category: RiskCategory;
  title: string;
  description: string;
  observedAt: string;
}

/** The assessment a checklist submission says: a draft with a rating and notes for each requirement. */
export interface MappedAssessment {
  siteId: string;
  kind: 'baseline' | 'periodic';
  notes: string;
  observedFrom: string;
  observedUntil: string;
  ratings: { code: string; rating: string; notes: string }[];
}

/** The grievance an intake submission says. */
export interface MappedGrievance {
  siteId: string | null;
  location: string;
  category: RiskCategory | null;
  description: string;
  language: 'fr' | 'en' | 'sw';
  contact: { name?: string; phone?: string } | null;
}

/** The sack a tagging submission says. */
export interface MappedTag {
  siteId: string;
  cooperativeId: string;
  tag: string;
  mineral: 'cobalt' | 'copper';
  massKg: number;
  gradePct: number;
  taggedAt: string;
}

const INTEGER = /^-?\d+$/;
const DECIMAL = /^-?\d+(\.\d+)?$/;

/** A field's value read for its kind, or the problem with it; undefined when the field was left empty. */
function readField(f: FormField, raw: string | undefined): { value?: unknown; problem?: MappingProblem } {
  const v = (raw ?? '').trim();
  if (v === '') {
    return f.required ? { problem: { path: f.name, message: 'is required', code: 'openrosa.required' } } : {};
  }
  switch (f.kind) {
    case 'int':
    case 'decimal': {
      if (!(f.kind === 'int' ? INTEGER : DECIMAL).test(v))
        return {
          problem: {
            path: f.name,
            message: `"${v.slice(0, 40)}" is not a number`,
            code: 'openrosa.not-a-number',
          },
        };
      const n = Number(v);
      const belowMin = f.min !== undefined && (f.aboveMin ? n <= f.min : n < f.min);
      if (belowMin || (f.max !== undefined && n > f.max))
        return {
          problem: {
            path: f.name,
            message: `${n} is outside ${f.min} to ${f.max}`,
            code: f.aboveMin ? 'openrosa.out-of-range-above' : 'openrosa.out-of-range',
            params: { min: f.min ?? 0, max: f.max ?? 0 },
          },
        };
      return { value: n };
    }
    case 'yesno':
      if (v !== 'yes' && v !== 'no')
        return { problem: { path: f.name, message: 'answer yes or no', code: 'openrosa.not-a-choice' } };
      return { value: v === 'yes' };
    case 'choice':
      if (!f.choices?.some((c) => c.value === v))
        return {
          problem: {
            path: f.name,
            message: `"${v.slice(0, 40)}" is not one of the choices`,
            code: 'openrosa.not-a-choice',
          },
        };
      return { value: v };
    case 'geopoint': {
      const [lat, lon] = v.split(/\s+/).map(Number);
      if (!Number.isFinite(lat) || !Number.isFinite(lon) || Math.abs(lat) > 90 || Math.abs(lon) > 180)
        return {
          problem: {
            path: f.name,
            message: 'is not a position (latitude longitude)',
            code: 'openrosa.not-a-position',
          },
        };
      return { value: [lat, lon] };
    }
    case 'text':
      if (f.pattern !== undefined && !new RegExp(f.pattern).test(v))
        return {
          problem: {
            path: f.name,
            message: 'letters, digits and hyphens (3 to 64)',
            code: 'openrosa.tag-pattern',
          },
        };
      if (f.maxLength !== undefined && v.length > f.maxLength)
        return {
          problem: {
            path: f.name,
            message: `is longer than ${f.maxLength} characters`,
            code: 'openrosa.too-long',
            params: { max: f.maxLength },
          },
        };
      return { value: v };
    default:
      return { value: v };
  }
}

/** When the form was filled: its start, else its end (ODK's timestamps), as an instant. */
function observedAt(values: Record<string, string>, order = ['start', 'end']): string | MappingProblem {
  for (const name of order) {
    const v = values[name]?.trim();
    if (v && !Number.isNaN(Date.parse(v))) return new Date(v).toISOString();
  }
  return { path: 'start', message: 'the form carries no start or end time', code: 'openrosa.no-time' };
}

/**
 * Maps a submission's fields to the record its form makes, or lists every field that cannot be mapped: a site
 * outside those the submitter may work on, a value out of the API's range, a missing required answer.
 */
export function mapSubmission(
  form: FormDefinition,
  values: Record<string, string>,
  allowedSiteIds: ReadonlySet<string>,
):
  | { kind: 'lot'; tag: MappedTag }
  | { kind: 'assessment'; assessment: MappedAssessment }
  | { kind: 'grievance'; grievance: MappedGrievance }
  | { kind: 'visit'; visit: MappedVisit }
  | { kind: 'incident'; incident: MappedIncident }
  | { problems: MappingProblem[] } {
  const problems: MappingProblem[] = [];
  const read: Record<string, unknown> = {};
  for (const f of form.fields) {
    const r = readField(f, values[f.name]);
    if (r.problem) problems.push(r.problem);
    else if (r.value !== undefined) read[f.name] = r.value;
  }
  const site = read.site as string | undefined;
  if (site !== undefined && !allowedSiteIds.has(site))
    problems.push({ path: 'site', message: 'is not a site you may work on', code: 'openrosa.unknown-site' });
  if (form.record === 'grievance') {
    if (site === undefined && read.place === undefined)
      problems.push({
        path: 'place',
        message: 'say where: a site or a place',
        code: 'openrosa.where-required',
      });
    if (problems.length) return { problems };
    const name = read.contactName as string | undefined;
    const phone = read.contactPhone as string | undefined;
    return {
      kind: 'grievance',
      grievance: {
        siteId: site ?? null,
        location: (read.place as string | undefined) ?? '',
        category: (read.category as RiskCategory | undefined) ?? null,
        description: read.description as string,
        language: read.language as 'fr' | 'en' | 'sw',
        contact: name || phone ? { ...(name ? { name } : {}), ...(phone ? { phone } : {}) } : null,
      },
    };
  }
  const at = observedAt(values);
  if (typeof at !== 'string') problems.push(at);
  if (problems.length || typeof at !== 'string' || site === undefined) return { problems };
  const position = read.location as [number, number] | undefined;
  if (form.record === 'assessment') {
    const until = observedAt(values, ['end', 'start']) as string;
    const ratings = form.fields.flatMap((f) =>
      f.requirement?.part === 'rating' && read[f.name] !== undefined
        ? [
            {
              code: f.requirement.code,
              rating: read[f.name] as string,
              notes:
                (read[
                  form.fields.find(
                    (n) => n.requirement?.code === f.requirement?.code && n.requirement?.part === 'notes',
                  )?.name ?? ''
                ] as string | undefined) ?? '',
            },
          ]
        : [],
    );
    return {
      kind: 'assessment',
      assessment: {
        siteId: site,
        kind: read.assessmentKind as 'baseline' | 'periodic',
        notes: (read.notes as string | undefined) ?? '',
        observedFrom: at,
        observedUntil: until,
        ratings,
      },
    };
  }
  if (form.record === 'lot')
    return {
      kind: 'lot',
      tag: {
        siteId: site,
        cooperativeId: read.cooperative as string,
        tag: read.tag as string,
        mineral: read.mineral as 'cobalt' | 'copper',
        massKg: read.massKg as number,
        gradePct: read.gradePct as number,
        taggedAt: at,
      },
    };
  if (form.record === 'visit') {
    const indicators: Indicators = {};
    for (const name of Object.keys(INDICATOR_RANGES) as (keyof typeof INDICATOR_RANGES)[])
      if (read[name] !== undefined) indicators[name] = read[name] as number | boolean;
    return {
      kind: 'visit',
      visit: {
        siteId: site,
        visitedAt: at,
        latitude: position?.[0] ?? null,
        longitude: position?.[1] ?? null,
        indicators,
        notes: (read.notes as string | undefined) ?? '',
      },
    };
  }
  return {
    kind: 'incident',
    incident: {
      siteId: site,
      level: Number(read.level) as 1 | 2 | 3,
      category: read.category as RiskCategory,
      title: read.title as string,
      description: read.description as string,
      observedAt: at,
    },
  };
}

/** The form field an Amana service's refusal path names (`indicators.childrenSeen` → `childrenSeen`). */
export function formFieldOf(servicePath: string): string {
  if (servicePath.startsWith('indicators.')) return servicePath.slice('indicators.'.length);
  if (servicePath === 'siteId') return 'site';
  if (servicePath === 'cooperativeId') return 'cooperative';
  if (servicePath === 'taggedAt') return 'start';
  if (servicePath === 'visitedAt' || servicePath === 'observedAt') return 'start';
  if (servicePath === 'latitude' || servicePath === 'longitude') return 'location';
  return servicePath;
}
