import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { type FormDefinition, fileFields } from './forms.ts';

/** What an instance document says: which form and version, its instanceID, and each field's text. */
export interface ParsedInstance {
  formId: string;
  version: string;
  instanceId: string;
  /** Field name → text, for the fields at the root and in `meta`. */
  values: Record<string, string>;
}

/** Why an instance document cannot be read, with the field it names. */
export interface InstanceProblem {
  field: string;
  reason: 'malformed' | 'no-form-id' | 'no-instance-id' | 'instance-id-too-long';
  detail: string;
}

/** The longest instanceID kept as the key of a submission (ODK's `uuid:` and a UUID is 41). */
const MAX_INSTANCE_ID = 256;

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  processEntities: true,
  removeNSPrefix: true,
});

const text = (v: unknown): string =>
  typeof v === 'string'
    ? v
    : v && typeof v === 'object' && '#text' in v
      ? String((v as { '#text': unknown })['#text'])
      : '';

/** Reads a submitted instance: its root's form id and version, its meta instanceID and its fields. */
export function parseInstance(xml: string): ParsedInstance | InstanceProblem {
  const valid = XMLValidator.validate(xml);
  if (valid !== true)
    return {
      field: 'xml_submission_file',
      reason: 'malformed',
      detail: `the XML cannot be read: ${valid.err.msg} (line ${valid.err.line})`,
    };
  const doc = parser.parse(xml) as Record<string, unknown>;
  const rootName = Object.keys(doc).find((k) => !k.startsWith('?'));
  const root = rootName ? doc[rootName] : undefined;
  if (!root || typeof root !== 'object')
    return { field: 'xml_submission_file', reason: 'malformed', detail: 'the XML has no root element' };
  const r = root as Record<string, unknown>;
  const formId = typeof r['@_id'] === 'string' ? r['@_id'] : '';
  if (!formId)
    return { field: 'id', reason: 'no-form-id', detail: 'the root element names no form (id attribute)' };
  const values: Record<string, string> = {};
  for (const [k, v] of Object.entries(r)) {
    if (k.startsWith('@_') || k === 'meta') continue;
    values[k] = text(v);
  }
  const meta = (r.meta ?? {}) as Record<string, unknown>;
  const instanceId = text(meta.instanceID).trim();
  if (!instanceId)
    return {
      field: 'meta/instanceID',
      reason: 'no-instance-id',
      detail: 'the instance has no meta/instanceID',
    };
  if (instanceId.length > MAX_INSTANCE_ID)
    return {
      field: 'meta/instanceID',
      reason: 'instance-id-too-long',
      detail: `the instanceID is longer than ${MAX_INSTANCE_ID} characters`,
    };
  return { formId, version: typeof r['@_version'] === 'string' ? r['@_version'] : '', instanceId, values };
}

/** The attachments an instance names in its file fields: it is complete when all of them have arrived. */
export function expectedFiles(form: FormDefinition, values: Record<string, string>): string[] {
  return fileFields(form)
    .map((f) => values[f.name]?.trim() ?? '')
    .filter((name) => name !== '');
}
