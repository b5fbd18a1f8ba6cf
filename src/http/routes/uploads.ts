import { z } from 'zod';
import { EVIDENCE_TYPES } from '../../domain/actors/evidence-file.ts';
import type { ServiceContext } from '../../services/context.ts';
import { IMAGE_TYPES } from '../../services/files.ts';
import type { App } from '../app-types.ts';

/** What every upload form tells before a byte is sent: the largest file and the types the server takes. */
export function uploadRoutes(app: App, ctx: ServiceContext) {
  app.get(
    '/api/upload-limits',
    {
      schema: {
        tags: ['uploads'],
        summary:
          'The largest file an evidence, photo or attachment upload takes, and the types it takes (judged by content)',
        security: [],
        response: {
          200: z.object({
            maxBytes: z.number().int().describe('Above this a file is refused with 413'),
            documentTypes: z
              .array(z.enum(EVIDENCE_TYPES))
              .describe('Evidence, documents and grievance attachments'),
            photoTypes: z.array(z.enum(EVIDENCE_TYPES)).describe('Visit photos'),
          }),
        },
      },
    },
    async () => ({
      maxBytes: ctx.config.uploadLimitBytes,
      documentTypes: [...EVIDENCE_TYPES],
      photoTypes: [...IMAGE_TYPES],
    }),
  );
}
