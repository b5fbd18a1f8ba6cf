import type { ServiceContext } from '../../services/context.ts';
import { issueOriginStatement } from '../../services/custody/origin-statement.ts';
import type { App } from '../app-types.ts';
import { authed } from '../auth.ts';
import { sendDownload } from '../downloads.ts';
import { idParams, problems } from '../schemas.ts';

/** A lot's signed origin statement, for a buyer to pass on with the shipment (decision 0037). */
export function originStatementRoutes(app: App, ctx: ServiceContext) {
  app.get(
    '/api/lots/:id/origin-statement',
    {
      schema: {
        tags: ['custody'],
        summary:
          "A lot's origin statement (its latest shipment, composition by site with each site's status at production, non-conforming share) as a W3C Verifiable Credential signed with the instance key (application/vc+jwt); check it offline with amana verify --statement",
        params: idParams,
        response: { ...problems(401, 404) },
      },
    },
    async (request, reply) => {
      const s = await issueOriginStatement(authed(request, ctx), request.params.id);
      return sendDownload(
        reply,
        { contentType: 'application/vc+jwt', filename: `amana-origin-${s.tag ?? request.params.id}.jwt` },
        Buffer.from(s.jws),
      );
    },
  );
}
