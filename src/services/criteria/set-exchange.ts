import ExcelJS from 'exceljs';
import { canManageCriteria } from '../../domain/access/roles.ts';
import { checkRequirements } from '../../domain/criteria/criteria-set.ts';
import { validationCode } from '../../domain/problems/validation-code.ts';
import { type AuthedContext, actorOf } from '../context.ts';
import { type Coded, type FieldError, forbidden, invalid } from '../errors.ts';
import { insertSet, loadSet } from './criteria-sets.ts';
import { setInputSchema } from './set-input.ts';
import type { SetView } from './views.ts';

const COLUMNS = [
  ['code', 'code'],
  ['tier', 'tier'],
  ['risk_category', 'riskCategory'],
  ['topic', 'topic'],
  ['applies_to', 'appliesTo'],
  ['text_fr', 'textFr'],
  ['text_en', 'textEn'],
  ['evidence', 'evidence'],
  ['correction_months', 'correctionMonths'],
  ['horizon_months', 'horizonMonths'],
  ['weight', 'weight'],
] as const;

/** The portable form of a set: what export writes and import reads. */
export function setDocument(set: SetView) {
  const { key, version, name, description, kind, requirements } = set;
  return { key, version, name, description, kind, requirements };
}

export async function setToXlsx(set: SetView): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  const meta = book.addWorksheet('Set');
  meta.addRows([
    ['key', set.key],
    ['version', set.version],
    ['name', set.name],
    ['description', set.description],
    ['kind', set.kind],
  ]);
  const sheet = book.addWorksheet('Requirements');
  sheet.addRow(COLUMNS.map(([header]) => header));
  for (const r of set.requirements) {
    sheet.addRow(
      COLUMNS.map(([, field]) => (field === 'appliesTo' ? r.appliesTo.join(';') : (r[field] ?? ''))),
    );
  }
  sheet.getRow(1).font = { bold: true };
  sheet.columns.forEach((c, i) => {
    c.width = i >= 5 && i <= 7 ? 60 : 16;
  });
  return Buffer.from(await book.xlsx.writeBuffer());
}

const cellText = (v: ExcelJS.CellValue): string => {
  if (v === null || v === undefined) return '';
  if (typeof v === 'object' && 'richText' in v) return v.richText.map((t) => t.text).join('');
  if (typeof v === 'object' && 'text' in v) return String(v.text);
  return String(v);
};

async function xlsxToDocument(content: Buffer): Promise<unknown> {
  const book = new ExcelJS.Workbook();
  try {
    await book.xlsx.load(content as unknown as ArrayBuffer);
  } catch {
    throw invalid([
      {
        path: 'file',
        message: 'the file is not a readable xlsx workbook',
        code: 'assessments.set-file-not-xlsx',
      },
    ]);
  }
  const meta = book.getWorksheet('Set');
  const sheet = book.getWorksheet('Requirements');
  if (!meta || !sheet)
    throw invalid([
      {
        path: 'file',
        message: 'the workbook needs the sheets "Set" and "Requirements"',
        code: 'assessments.set-file-sheets',
      },
    ]);
  const doc: Record<string, unknown> = {};
  meta.eachRow((row) => {
    doc[cellText(row.getCell(1).value).trim()] = cellText(row.getCell(2).value);
  });
  const headers = (sheet.getRow(1).values as ExcelJS.CellValue[]).map((v) =>
    cellText(v).trim().toLowerCase(),
  );
  const requirements: Record<string, unknown>[] = [];
  sheet.eachRow((row, n) => {
    if (n === 1) return;
    const r: Record<string, unknown> = {};
    for (const [header, field] of COLUMNS) {
      const i = headers.indexOf(header);
      const raw = i < 0 ? '' : cellText(row.getCell(i).value).trim();
      if (field === 'appliesTo')
        r[field] = raw
          .split(/[;,]/)
          .map((s) => s.trim())
          .filter(Boolean);
      else if (field === 'correctionMonths' || field === 'horizonMonths' || field === 'weight')
        r[field] = raw === '' ? null : Number(raw);
      else r[field] = raw;
    }
    if (r.weight === null) delete r.weight;
    requirements.push(r);
  });
  return { ...doc, requirements };
}

/** Imports a set from JSON or xlsx as a new draft (the next version of its key). */
export async function importSet(
  ctx: AuthedContext,
  file: { content: Buffer; format: 'json' | 'xlsx' },
): Promise<SetView> {
  if (!canManageCriteria(ctx.principal))
    throw forbidden('only administrators and analysts import criteria sets', {
      code: 'assessments.set-import-role',
    });
  let doc: unknown;
  if (file.format === 'xlsx') doc = await xlsxToDocument(file.content);
  else {
    try {
      doc = JSON.parse(file.content.toString('utf8'));
    } catch {
      throw invalid([
        { path: 'file', message: 'the file is not valid JSON', code: 'assessments.set-file-not-json' },
      ]);
    }
  }
  const parsed = setInputSchema.safeParse(doc);
  if (!parsed.success) {
    const errors: FieldError[] = parsed.error.issues.slice(0, 100).map((i) => ({
      path: i.path.join('.'),
      message: i.message,
      ...(validationCode({ keyword: i.code, message: i.message, params: { ...i } }) as Coded),
    }));
    throw invalid(errors, 'the set cannot be imported', { code: 'assessments.set-not-imported' });
  }
  const problems = checkRequirements(parsed.data.kind, parsed.data.requirements);
  if (problems.length)
    throw invalid(problems, 'the set cannot be imported', { code: 'assessments.set-not-imported' });
  const id = await ctx.db.transaction((tx) =>
    insertSet(tx, parsed.data, actorOf(ctx.principal), ctx.clock()),
  );
  return loadSet(ctx.db, id);
}
