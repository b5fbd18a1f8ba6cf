import { createHash } from 'node:crypto';
import { stringify } from 'csv-stringify/sync';
import {
  canCaptureCustody,
  canMonitor,
  canReportIncidents,
  type Principal,
  type Role,
} from '../../domain/access/roles.ts';
import { COOPERATIVES_FILE, FORMS, type FormDefinition, mediaFiles } from '../../domain/openrosa/forms.ts';
import { buildXForm } from '../../domain/openrosa/xform.ts';
import { listCooperativeChoices, listSiteChoices } from '../../storage/queries/openrosa.ts';
import { forbidden, notFound } from '../errors.ts';
import { siteScope } from '../sites/site-scope.ts';
import type { OpenRosaContext } from './caller.ts';
import { translate } from './labels.ts';

/** The most sites one user's list ships with a form. */
const MAX_SITES = 20_000;

/** A form as served: its definition, XML, version and the MD5 the Form List API names it by. */
export interface ServedForm {
  definition: FormDefinition;
  xml: string;
  version: string;
  md5: string;
  title: string;
}

let served: ServedForm[] | undefined;

/** Every form, built once per process from the definitions and the catalogues (a change makes a new version). */
export function servedForms(): ServedForm[] {
  served ??= FORMS.map((definition) => {
    const { xml, version } = buildXForm(definition, translate);
    return {
      definition,
      xml,
      version,
      md5: createHash('md5').update(xml).digest('hex'),
      title: translate(definition.title, 'fr'),
    };
  });
  return served;
}

const mayUse = (principal: Pick<Principal, 'role'>, form: FormDefinition) =>
  form.record === 'visit'
    ? canMonitor(principal as Principal)
    : form.record === 'lot'
      ? canCaptureCustody(principal as Principal)
      : canReportIncidents(principal as Principal);

/** The forms the caller may fill: visits, incidents and sack tagging, each for the roles that record them. */
export function formsFor(ctx: OpenRosaContext): ServedForm[] {
  return servedForms().filter((f) => mayUse(ctx.principal, f.definition));
}

/** Whether a role fills any of Amana's forms, so that an account of that role may speak OpenRosa. */
export const roleFillsForms = (role: Role) => servedForms().some((f) => mayUse({ role }, f.definition));

/** One form the caller may fill; 404 for any other, so a form's existence says nothing to those it is not for. */
export function formFor(ctx: OpenRosaContext, formId: string): ServedForm {
  const form = formsFor(ctx).find((f) => f.definition.id === formId);
  if (!form) throw notFound('form');
  return form;
}

/** The sites the caller may submit for now: an app user's own, within a monitor's assignments. */
export async function sitesFor(ctx: OpenRosaContext) {
  return listSiteChoices(
    ctx.db,
    { siteIds: ctx.appUser?.siteIds ?? null, assignedTo: siteScope(ctx) },
    MAX_SITES,
  );
}

/**
 * A media file of a form, for the caller: the sites it may work on (`name` is the site id, `label` its code and name)
 * that `select_one_from_file` reads, or the cooperatives operating them (`site` filters them by the site chosen).
 */
export async function mediaFile(
  ctx: OpenRosaContext,
  form: FormDefinition,
  name: string,
): Promise<{ csv: string; md5: string }> {
  if (!mediaFiles(form).includes(name)) throw notFound('form');
  const sites = await sitesFor(ctx);
  const rows =
    name === COOPERATIVES_FILE
      ? [
          ['name', 'label', 'site'],
          ...(
            await listCooperativeChoices(
              ctx.db,
              sites.map((s) => s.id),
            )
          ).map((c) => [c.id, c.legal_name, c.site_id]),
        ]
      : [['name', 'label'], ...sites.map((s) => [s.id, `${s.code} — ${s.name}`])];
  const csv = stringify(rows);
  return { csv, md5: createHash('md5').update(csv).digest('hex') };
}

/** Refuses a caller whose role fills none of Amana's forms. */
export function requireFormUser(ctx: OpenRosaContext) {
  if (formsFor(ctx).length === 0)
    throw forbidden('your role fills none of these forms', { code: 'openrosa.no-forms-for-role' });
}
