import { createHash } from 'node:crypto';
import { stringify } from 'csv-stringify/sync';
import { canMonitor, canReportIncidents } from '../../domain/access/roles.ts';
import { FORMS, type FormDefinition, SITES_FILE } from '../../domain/openrosa/forms.ts';
import { buildXForm } from '../../domain/openrosa/xform.ts';
import { listSiteChoices } from '../../storage/queries/openrosa.ts';
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

const mayUse = (ctx: OpenRosaContext, form: FormDefinition) =>
  form.record === 'visit' ? canMonitor(ctx.principal) : canReportIncidents(ctx.principal);

/** The forms the caller may fill: visits for those who record them, incidents for those who report them. */
export function formsFor(ctx: OpenRosaContext): ServedForm[] {
  return servedForms().filter((f) => mayUse(ctx, f.definition));
}

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

/** The CSV of the caller's sites that `select_one_from_file` reads: `name` is the site id, `label` its code and name. */
export async function sitesCsv(ctx: OpenRosaContext): Promise<{ csv: string; md5: string }> {
  const rows = await sitesFor(ctx);
  const csv = stringify([['name', 'label'], ...rows.map((s) => [s.id, `${s.code} — ${s.name}`])]);
  return { csv, md5: createHash('md5').update(csv).digest('hex') };
}

/** The one media file every form names. */
export function requireMediaFile(name: string) {
  if (name !== SITES_FILE) throw notFound('form');
}

/** Refuses a caller whose role fills none of Amana's forms. */
export function requireFormUser(ctx: OpenRosaContext) {
  if (formsFor(ctx).length === 0)
    throw forbidden('your role fills none of these forms', { code: 'openrosa.no-forms-for-role' });
}
