import ExcelJS from 'exceljs';
import { xlsFormSheets } from '../../domain/openrosa/xlsform.ts';
import type { AuthedContext } from '../context.ts';
import { notFound } from '../errors.ts';
import { currentForms } from './forms.ts';
import { translate } from './labels.ts';

/**
 * One of Amana's forms as an XLSForm workbook (survey, choices, settings), for partners who load it into
 * KoBoToolbox: the current version of the form, readable by any member, as the form list of the web is.
 */
export async function xlsFormOf(
  ctx: AuthedContext,
  formId: string,
): Promise<{ name: string; content: Buffer }> {
  const form = (await currentForms(ctx)).find((f) => f.definition.id === formId);
  if (!form) throw notFound('form');
  const sheets = xlsFormSheets(form.definition, form.version, translate, form.settings);
  const book = new ExcelJS.Workbook();
  for (const [name, rows] of Object.entries(sheets)) {
    const sheet = book.addWorksheet(name);
    for (const row of rows) sheet.addRow(row);
    sheet.getRow(1).font = { bold: true };
  }
  return { name: `${formId}-${form.version}.xlsx`, content: Buffer.from(await book.xlsx.writeBuffer()) };
}
