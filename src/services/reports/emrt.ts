import ExcelJS from 'exceljs';
import {
  EMRT_MINE_COLUMNS,
  EMRT_SMELTER_COLUMNS,
  emrtMineRows,
  emrtSmelterRows,
} from '../../domain/reports/emrt.ts';
import { organisationAddresses } from '../../storage/queries/due-diligence.ts';
import type { AuthedContext } from '../context.ts';
import type { DueDiligenceReportView } from './views.ts';

/**
 * The EMRT's Smelter List and Mine List tabs for a buyer's report (xlsx, the template's column order): the
 * processors that handed it cobalt in the period and the mine sites that cobalt came from.
 */
export async function emrtWorkbook(ctx: AuthedContext, report: DueDiligenceReportView): Promise<Buffer> {
  const ms = report.managementSystem;
  const orgs = await organisationAddresses(
    ctx.db,
    ms.suppliers.map((s) => s.id),
  );
  const processors = orgs.map((o) => ({
    name: o.legal_name,
    country: o.country,
    street: o.addresses[0]?.line ?? null,
    city: o.addresses[0]?.city ?? null,
    province: o.addresses[0]?.province ?? null,
  }));
  const mines = ms.sites.map((s) => ({
    code: s.code,
    name: s.name,
    province: s.province,
    share: s.share,
    nonConformingKg: s.nonConformingKg,
  }));
  const book = new ExcelJS.Workbook();
  book.creator = 'Amana';
  book.created = new Date(report.generatedAt);
  const tab = (name: string, columns: readonly string[], rows: string[][]) => {
    const sheet = book.addWorksheet(name);
    sheet.addRow([...columns]).font = { bold: true };
    for (const r of rows) sheet.addRow(r);
    sheet.columns.forEach((c) => {
      c.width = 28;
    });
    sheet.views = [{ state: 'frozen', ySplit: 1 }];
  };
  tab('Smelter List', EMRT_SMELTER_COLUMNS, emrtSmelterRows(processors, mines));
  tab('Mine List', EMRT_MINE_COLUMNS, emrtMineRows(mines, processors));
  return Buffer.from(await book.xlsx.writeBuffer());
}
