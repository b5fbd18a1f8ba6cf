import { z } from 'zod';
import { HIT_STATUSES } from '../../domain/screening/hit-review.ts';
import { ENTRY_FIELDS, LIST_FORMATS, LIST_KINDS } from '../../domain/screening/list-entry.ts';
import { MERGE_RECORD_TYPES } from '../../domain/screening/merge.ts';
import { isoDateTime } from '../views.ts';

/** The answers of the screening area: lists and their versions, entries, changes, hits and their review. */

const nullableText = z.string().nullable();

export const listRefView = z.object({
  key: z.string(),
  name: z.string(),
  kind: z.enum(LIST_KINDS).describe('sanctions: a confirmed hit has consequences; pep: it is a red flag'),
});

export const screeningRunView = z.object({
  id: z.uuid(),
  status: z.enum(['queued', 'running', 'done']),
  total: z.number().int().describe('Organisations and persons to screen'),
  done: z.number().int(),
  hits: z.number().int().describe('Hits raised or opened again by this run'),
  startedAt: isoDateTime.nullable(),
  finishedAt: isoDateTime.nullable(),
});

export const listVersionView = z.object({
  id: z.uuid(),
  list: listRefView,
  number: z.number().int().describe('1 for the first import of the list, then 2, 3…'),
  format: z.enum(LIST_FORMATS),
  publishedAt: nullableText.describe('When the list says it was generated, as it writes it'),
  filename: z.string(),
  sha256: z.string(),
  sizeBytes: z.number().int(),
  counts: z.object({ individuals: z.number().int(), entities: z.number().int() }),
  changes: z
    .object({ added: z.number().int(), removed: z.number().int(), changed: z.number().int() })
    .describe('The difference from the previous version (everything is added in a first version)'),
  previousVersionId: z.uuid().nullable(),
  importedBy: z.uuid().nullable(),
  importedAt: isoDateTime,
  screening: screeningRunView.nullable().describe('Screening of every actor against this version'),
});
export type ListVersionView = z.output<typeof listVersionView>;

export const entryChangeView = z.object({
  reference: z.string(),
  change: z.enum(['added', 'removed', 'changed']),
  kind: z.enum(['individual', 'entity']),
  name: z.string(),
  fields: z.array(z.enum(ENTRY_FIELDS)).describe('For a changed entry: what changed'),
});
export type EntryChangeView = z.output<typeof entryChangeView>;

const place = z.object({
  street: nullableText,
  city: nullableText,
  stateProvince: nullableText,
  zipCode: nullableText,
  country: nullableText,
  note: nullableText,
});

export const listEntryView = z.object({
  reference: z.string(),
  kind: z.enum(['individual', 'entity']),
  name: z.string(),
  nameParts: z.array(z.string()),
  nameOriginalScript: nullableText,
  aliases: z.array(z.object({ name: z.string(), quality: nullableText, note: nullableText })),
  titles: z.array(z.string()),
  designations: z.array(z.string()),
  nationalities: z.array(z.string()),
  birthDates: z.array(
    z.object({
      type: nullableText,
      date: nullableText,
      year: z.number().int().nullable(),
      fromYear: z.number().int().nullable(),
      toYear: z.number().int().nullable(),
      note: nullableText,
    }),
  ),
  birthPlaces: z.array(place),
  documents: z.array(
    z.object({
      type: nullableText,
      number: nullableText,
      issuingCountry: nullableText,
      dateOfIssue: nullableText,
      cityOfIssue: nullableText,
      note: nullableText,
    }),
  ),
  addresses: z.array(place),
  gender: nullableText,
  program: nullableText.describe('The sanctions regime, e.g. DRC'),
  listedOn: nullableText,
  lastUpdated: z.array(z.string()),
  comments: nullableText,
});
export type ListEntryView = z.output<typeof listEntryView>;

export const matchReasonsView = z.object({
  subjectName: z.string(),
  listedName: z.string(),
  quality: z.enum(['primary', 'good', 'low', 'aka', 'fka', 'alias']),
  words: z.array(
    z.object({
      subject: z.string(),
      listed: z.string(),
      similarity: z.number(),
      how: z.enum(['same', 'spelling', 'sound', 'initial', 'close']),
    }),
  ),
  unmatched: z.object({ subject: z.array(z.string()), listed: z.array(z.string()) }),
  nameScore: z.number(),
  adjustments: z.array(
    z.object({
      fact: z.enum(['birth_year', 'document', 'low_quality_alias']),
      delta: z.number(),
      detail: z.string(),
    }),
  ),
});

export const hitView = z.object({
  id: z.uuid(),
  status: z.enum(HIT_STATUSES),
  score: z.number().describe('0–1: how alike the two records are'),
  subject: z.object({
    type: z.enum(['organisation', 'person']),
    id: z.uuid(),
    name: z.string(),
    organisationId: z.uuid(),
    organisationName: z.string(),
  }),
  list: listRefView,
  reference: z.string(),
  entryName: nullableText,
  entryKind: z.enum(['individual', 'entity']).nullable(),
  program: nullableText,
  versionId: z.uuid().describe('The list version the pair was last found in'),
  reasons: matchReasonsView,
  decidedBy: z.uuid().nullable(),
  decidedAt: isoDateTime.nullable(),
  reason: nullableText.describe("The reviewer's reason"),
  incidentId: z.uuid().nullable().describe('The level-1 incident a confirmed sanctions hit opened'),
  version: z.number().int(),
  createdAt: isoDateTime,
  updatedAt: isoDateTime,
});
export type HitView = z.output<typeof hitView>;

export const hitHistoryView = z.object({
  action: z.enum(['raised', 'reopened', 'confirmed', 'dismissed', 'delisted', 'moved', 'merged']),
  score: z.number().nullable(),
  reason: nullableText,
  by: z.uuid().nullable().describe('Who decided; null for the screening itself'),
  at: isoDateTime,
});

export const hitDetailView = hitView.extend({
  subjectRecord: z.object({
    type: z.enum(['organisation', 'person']),
    name: z.string(),
    otherNames: z.array(z.string()).describe("An organisation's trade names"),
    country: nullableText,
    identifiers: z.array(z.string()).describe('Registration numbers, or an artisanal card number'),
    birthYear: z.number().int().nullable(),
    kind: nullableText.describe("A person's kind (official, owner…)"),
    position: nullableText,
  }),
  entry: listEntryView.nullable(),
  history: z.array(hitHistoryView),
});
export type HitDetailView = z.output<typeof hitDetailView>;

export const pathStepView = z.object({
  kind: z.enum(['organisation', 'person']),
  id: z.uuid(),
  name: z.string(),
  link: z.object({ kind: z.enum(['owns', 'owned_by', 'member']), percent: z.number().nullable() }).nullable(),
});

export const exposureView = z.object({
  hitId: z.uuid(),
  relation: z.enum(['self', 'person', 'owned_by', 'owns']),
  list: listRefView,
  reference: z.string(),
  path: z
    .array(pathStepView)
    .describe('From the listed actor to this organisation, each step saying how it leads on'),
  effectivePercent: z.number().nullable(),
  blocking: z.boolean().describe('Whether it stops KYC verification and receiving material'),
});
export type ExposureView = z.output<typeof exposureView>;

export const screeningStatusView = z.object({
  subjectType: z.enum(['organisation', 'person']),
  subjectId: z.uuid(),
  screenedAt: isoDateTime.nullable().describe('When its names and identifiers were last screened'),
  hits: z.object({
    open: z.number().int(),
    confirmed: z.number().int(),
    dismissed: z.number().int(),
    delisted: z.number().int(),
  }),
  exposures: z.array(exposureView),
  blocked: z.boolean(),
});
export type ScreeningStatusView = z.output<typeof screeningStatusView>;

export const duplicateView = z.object({
  id: z.uuid(),
  name: z.string(),
  nameScore: z.number().describe('0–1: how alike the names are'),
  reasons: z.array(z.enum(['same_number', 'similar_name', 'same_birth_year', 'nearby'])),
  distanceM: z.number().int().nullable().describe('For a site: how far it is, in metres'),
});

export const mergeRecordView = z.object({ id: z.uuid(), name: z.string() });

export const mergeView = z.object({
  id: z.uuid(),
  recordType: z.enum(MERGE_RECORD_TYPES),
  merged: mergeRecordView.describe('The record merged: kept, marked merged, read as the survivor'),
  survivor: mergeRecordView,
  reason: z.string(),
  moved: z
    .record(z.string(), z.array(z.string()))
    .describe('The rows moved to the survivor, by kind (persons, licences, ownershipLinks…): ids'),
  hits: z
    .object({
      moved: z.array(z.uuid()).describe("Open hits of the merged record now the survivor's"),
      closed: z.array(z.uuid()).describe('Open hits whose pair the survivor already held, closed as merged'),
    })
    .nullable(),
  mergedBy: z.object({ id: z.uuid(), name: z.string().nullable() }),
  mergedAt: isoDateTime,
});
export type MergeView = z.output<typeof mergeView>;

export const historyEventView = z.object({
  seq: z.number().int(),
  at: isoDateTime,
  type: z.string().describe('The event type, e.g. organisation.updated, organisation.merged'),
  subjectId: z.uuid().describe('The record the event is about: this one, or one merged into it'),
  by: z.object({ id: z.uuid(), name: z.string().nullable() }).nullable(),
});
export type HistoryEventView = z.output<typeof historyEventView>;
