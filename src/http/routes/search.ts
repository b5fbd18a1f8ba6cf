import { z } from 'zod';
import type { ServiceContext } from '../../services/context.ts';
import { SEARCH_TYPES, search } from '../../services/search/search.ts';
import type { App } from '../app-types.ts';
import { authed } from '../auth.ts';
import { problems } from '../schemas.ts';

const searchHitView = z.object({
  type: z.enum(SEARCH_TYPES),
  id: z.uuid(),
  code: z.string().describe("The record's code: a site's or incident's code, a lot's tag, a case code"),
  name: z.string(),
});

export function searchRoutes(app: App, ctx: ServiceContext) {
  app.get(
    '/api/search',
    {
      schema: {
        tags: ['system'],
        summary:
          'Find sites, organisations, lots, incidents and grievances by part of their code or name: only those the reader may see, at most perType of each kind',
        querystring: z.object({
          q: z.string().trim().min(2).max(100).describe('At least 2 characters, at most 100'),
          perType: z.coerce.number().int().min(1).max(20).default(5),
        }),
        response: {
          200: z.object({
            q: z.string(),
            types: z.array(z.enum(SEARCH_TYPES)).describe('The kinds searched for this reader'),
            items: z.array(searchHitView),
          }),
          ...problems(400, 401),
        },
      },
    },
    async (request) => search(authed(request, ctx), request.query),
  );
}
