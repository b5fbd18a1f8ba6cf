import { z } from 'zod';

/** An app user: a token for ODK Collect acting as one member, limited to a set of sites. */
export const appUserView = z.object({
  id: z.uuid(),
  name: z.string(),
  userId: z.uuid(),
  email: z.string(),
  organisationId: z.uuid(),
  siteIds: z.array(z.uuid()),
  createdAt: z.string(),
  lastUsedAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
});
export type AppUserView = z.infer<typeof appUserView>;

/** A new app user, with its token and the server address ODK Collect is configured with: shown once. */
export const newAppUserView = appUserView.extend({
  token: z.string(),
  serverUrl: z.string().describe('The OpenRosa address with the token in it, for ODK Collect'),
});

/** A form Amana serves to OpenRosa clients. */
export const formView = z.object({
  formId: z.string(),
  title: z.string().describe('In French, the form’s default language'),
  titles: z
    .object({ fr: z.string(), en: z.string(), sw: z.string() })
    .describe('The title in each language of the form'),
  version: z.string(),
  hash: z.string(),
  fields: z.number().int(),
});

export const SUBMISSION_STATES = ['awaiting_attachments', 'applied', 'refused'] as const;

/** A submission as received, with what became of it. */
export const submissionView = z.object({
  id: z.uuid(),
  instanceId: z.string().nullable(),
  formId: z.string().nullable(),
  formVersion: z.string().nullable(),
  submittedBy: z.uuid(),
  submitterEmail: z.string(),
  appUserId: z.uuid().nullable(),
  deviceId: z.string().nullable(),
  receivedAt: z.string(),
  state: z.enum(SUBMISSION_STATES),
  expectedFiles: z.array(z.string()),
  files: z.array(z.object({ filename: z.string(), contentType: z.string(), sizeBytes: z.number().int() })),
  refusalCode: z.string().nullable(),
  refusalErrors: z.array(
    z.object({
      path: z.string(),
      message: z.string(),
      code: z.string(),
      params: z.record(z.string(), z.union([z.string(), z.number()])).optional(),
    }),
  ),
  recordType: z.enum(['visit', 'incident', 'lot', 'assessment', 'grievance']).nullable(),
  recordId: z.uuid().nullable(),
  appliedAt: z.string().nullable(),
});
export type SubmissionView = z.infer<typeof submissionView>;

/** One submission with the XML it was sent as, and the correction an analyst applied, if any. */
export const submissionDetailView = submissionView.extend({
  xml: z.string(),
  correctedXml: z.string().nullable(),
});
export type SubmissionDetailView = z.infer<typeof submissionDetailView>;
