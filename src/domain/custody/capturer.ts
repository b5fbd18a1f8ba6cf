/**
 * Who captured an event, as Amana returns it: an extension field in Amana's namespace that the
 * repository writes on every answer from what it recorded, never from what a capturer sent.
 */
import { AMANA_NAMESPACE, organisationUri } from './custody-events.ts';

type Obj = Record<string, unknown>;
const FIELD = 'capturedBy';

export const userUri = (id: string) => `urn:amana:user:${id}`;

const contexts = (c: unknown): unknown[] => (c === undefined ? [] : Array.isArray(c) ? c : [c]);

/** The namespace an event's own @context gives the prefix `amana`, if it declares one. */
function amanaPrefix(context: unknown): string | undefined {
  let found: string | undefined;
  for (const c of contexts(context))
    if (c && typeof c === 'object' && typeof (c as Obj).amana === 'string')
      found = (c as Obj).amana as string;
  return found;
}

/**
 * The event with its capturer (organisation and user) under amana:capturedBy, the prefix declared in
 * its @context so it stays valid JSON-LD; where the event already gives `amana` another meaning, the
 * field is written with full IRIs instead.
 */
export function withCapturer(event: Obj, capturer: { organisationId: string; userId: string }): Obj {
  const { '@context': context, ...rest } = event;
  const prefix = amanaPrefix(context);
  for (const key of Object.keys(rest))
    if (isCapturerField(key, prefix ? { amana: prefix } : {})) delete rest[key];
  const compact = prefix === undefined || prefix === AMANA_NAMESPACE;
  const term = (name: string) => (compact ? `amana:${name}` : `${AMANA_NAMESPACE}${name}`);
  const own = contexts(context);
  const declared = prefix === AMANA_NAMESPACE ? own : compact ? [...own, { amana: AMANA_NAMESPACE }] : own;
  return {
    ...(declared.length
      ? { '@context': declared.length === 1 && !Array.isArray(context) ? declared[0] : declared }
      : {}),
    ...rest,
    [term(FIELD)]: {
      [term('organisation')]: organisationUri(capturer.organisationId),
      [term('user')]: userUri(capturer.userId),
    },
  };
}

/**
 * Whether a field name is Amana's capturer field, written with the prefixes in force (or in full):
 * the repository's own annotation, left out of what is captured like recordTime.
 */
export function isCapturerField(key: string, prefixes: Record<string, string>): boolean {
  if (key === `${AMANA_NAMESPACE}${FIELD}`) return true;
  const m = /^([A-Za-z][\w.-]*):(.+)$/.exec(key);
  if (!m || m[2] !== FIELD) return false;
  return (prefixes[m[1]] ?? (m[1] === 'amana' ? AMANA_NAMESPACE : undefined)) === AMANA_NAMESPACE;
}
