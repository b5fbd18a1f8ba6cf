import { createHash } from 'node:crypto';
import { stringify } from 'csv-stringify/sync';
import {
  canAssess,
  canCaptureCustody,
  canMonitor,
  canReportIncidents,
  type Principal,
  type Role,
} from '../../domain/access/roles.ts';
import {
  COOPERATIVES_FILE,
  checklistForm,
  FORMS,
  type FormDefinition,
  grievanceForm,
  mediaFiles,
} from '../../domain/openrosa/forms.ts';
import { buildXForm, sayLabel } from '../../domain/openrosa/xform.ts';
import type { Queryable } from '../../storage/db.ts';
import { requirementsOfSets } from '../../storage/queries/criteria.ts';
import {
  listCooperativeChoices,
  listPublishedSiteSets,
  listSiteChoices,
} from '../../storage/queries/openrosa.ts';
import type { ServiceContext } from '../context.ts';
import { forbidden, notFound } from '../errors.ts';
import { siteScope } from '../sites/site-scope.ts';
import type { OpenRosaContext } from './caller.ts';
import { installationKeys } from './encryption-key.ts';
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
  /** XLSForm settings beyond title, id and version (the grievance form's public key). */
  settings?: Record<string, string>;
}

const serve = (definition: FormDefinition): ServedForm => {
  const { xml, version } = buildXForm(definition, translate);
  return {
    definition,
    xml,
    version,
    md5: createHash('md5').update(xml).digest('hex'),
    title: sayLabel(definition.title, 'fr', translate),
  };
};

let served: ServedForm[] | undefined;

/** The forms built from Amana's own definitions, once per process (a change makes a new version). */
export function fixedForms(): ServedForm[] {
  served ??= FORMS.map(serve);
  return served;
}

/** Checklists by criteria-set version id: a published version never changes, so its form is built once. */
const checklists = new Map<string, ServedForm>();

/**
 * The assessment checklists of the published site criteria sets: of each key its newest version only (the form list
 * offers one version of a form), or every published version (a phone may still send an older one it was filled on).
 */
async function checklistForms(db: Queryable, which: 'newest' | 'all'): Promise<ServedForm[]> {
  const sets = await listPublishedSiteSets(db);
  const wanted = which === 'all' ? sets : sets.filter((s, i) => i === 0 || sets[i - 1].key !== s.key);
  const missing = wanted.filter((s) => !checklists.has(s.id));
  const requirements = Map.groupBy(
    await requirementsOfSets(
      db,
      missing.map((s) => s.id),
    ),
    (r) => r.set_id,
  );
  for (const s of missing)
    checklists.set(
      s.id,
      serve(
        checklistForm({
          ...s,
          requirements: (requirements.get(s.id) ?? []).map((r) => ({
            code: r.code,
            textFr: r.text_fr,
            textEn: r.text_en,
          })),
        }),
      ),
    );
  return wanted.map((s) => checklists.get(s.id) as ServedForm);
}

const grievances = new Map<string, ServedForm>();

/** The grievance-intake form, carrying the installation's public key. */
async function grievanceIntake(ctx: ServiceContext): Promise<ServedForm> {
  const { publicKeyBase64 } = await installationKeys(ctx);
  let form = grievances.get(publicKeyBase64);
  if (!form) {
    // Its XLSForm names the key too, so that a form loaded into KoBoToolbox still encrypts for Amana.
    form = { ...serve(grievanceForm(publicKeyBase64)), settings: { public_key: publicKeyBase64 } };
    grievances.set(publicKeyBase64, form);
  }
  return form;
}

/** Every form Amana serves now, whoever asks: its own, the grievance intake, then a checklist per criteria set. */
export async function currentForms(ctx: ServiceContext): Promise<ServedForm[]> {
  return [...fixedForms(), await grievanceIntake(ctx), ...(await checklistForms(ctx.db, 'newest'))];
}

const mayUse = (principal: Pick<Principal, 'role'>, form: FormDefinition) => {
  const p = principal as Principal;
  switch (form.record) {
    case 'visit':
      return canMonitor(p);
    case 'lot':
      return canCaptureCustody(p);
    case 'assessment':
      return canAssess(p);
    case 'grievance':
      return canReportIncidents(p);
    default:
      return canReportIncidents(p);
  }
};

/** The forms the caller may fill: visits, incidents, sack tagging and checklists, each for the roles that record them. */
export async function formsFor(ctx: OpenRosaContext): Promise<ServedForm[]> {
  return (await currentForms(ctx)).filter((f) => mayUse(ctx.principal, f.definition));
}

const RECORDS: readonly FormDefinition['record'][] = ['visit', 'incident', 'lot', 'assessment', 'grievance'];

/** Whether a role fills any of Amana's forms, so that an account of that role may speak OpenRosa. */
export const roleFillsForms = (role: Role) =>
  RECORDS.some((record) => mayUse({ role }, { id: '', title: 'x:x', record, fields: [] }));

/** One form the caller may fill; 404 for any other, so a form's existence says nothing to those it is not for. */
export async function formFor(ctx: OpenRosaContext, formId: string): Promise<ServedForm> {
  const form = (await formsFor(ctx)).find((f) => f.definition.id === formId);
  if (!form) throw notFound('form');
  return form;
}

/**
 * The form a submission names, by id and version: the current one, or a checklist of an older published version of
 * its criteria set (its assessment is made against the version it was filled on). Undefined for no such form; the
 * current form of that id when the version is not one Amana serves.
 */
export async function submittedForm(
  ctx: ServiceContext,
  formId: string,
  version: string,
): Promise<{ form?: ServedForm; current?: ServedForm }> {
  const all = [...fixedForms(), await grievanceIntake(ctx), ...(await checklistForms(ctx.db, 'all'))];
  const current = (await currentForms(ctx)).find((f) => f.definition.id === formId);
  const form = all.find((f) => f.definition.id === formId && f.version === version);
  return { form, current };
}

/** Whether the caller's role fills this form. */
export const mayFill = (ctx: OpenRosaContext, form: ServedForm) => mayUse(ctx.principal, form.definition);

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
export async function requireFormUser(ctx: OpenRosaContext) {
  if ((await formsFor(ctx)).length === 0)
    throw forbidden('your role fills none of these forms', { code: 'openrosa.no-forms-for-role' });
}
