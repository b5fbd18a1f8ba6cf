import { PassThrough, pipeline, Readable } from 'node:stream';
import { stringify } from 'csv-stringify';
import ExcelJS from 'exceljs';
import { type Column, cellOf, csvCellOf, isDayValue } from '../../domain/exports/table.ts';

export type ExportFormat = 'csv' | 'xlsx';

export const EXPORT_TYPES: Record<ExportFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

/** What an export writes: its columns, their headers in the reader's language, and its rows batch by batch. */
export interface ExportTable {
  columns: readonly Column[];
  headers: readonly string[];
  batches: AsyncIterable<readonly unknown[]>;
}

/**
 * The table as CSV, streamed: a byte-order mark so that spreadsheets read it as UTF-8, and text starting with
 * = + - @ (a formula to a spreadsheet) prefixed with an apostrophe by csv-stringify's escape_formulas.
 */
export function csvStream(table: ExportTable): Readable {
  async function* records() {
    for await (const batch of table.batches)
      for (const row of batch) yield table.columns.map((c) => csvCellOf(row, c));
  }
  const csv = stringify({
    header: true,
    columns: table.headers.map(String),
    bom: true,
    escape_formulas: true,
    record_delimiter: 'windows',
  });
  // pipeline destroys the writer when the rows fail, so that the download fails rather than ends short.
  return pipeline(Readable.from(records()), csv, () => {});
}

/** Waits until the reader has taken what was written, or has gone away. */
function drained(out: PassThrough): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      out.off('drain', done);
      out.off('close', done);
      resolve();
    };
    out.on('drain', done);
    out.on('close', done);
  });
}

const NUMBER_FORMATS: Partial<Record<Column['kind'], string>> = {
  instant: 'yyyy-mm-dd hh:mm:ss',
  day: 'yyyy-mm-dd',
};

/**
 * The table as an xlsx workbook of one sheet, streamed through ExcelJS's WorkbookWriter: each row is committed
 * (written out and forgotten) as it comes, and the next batch waits while the reader is behind.
 */
export function xlsxStream(table: ExportTable, sheetName: string): Readable {
  const out = new PassThrough();
  const book = new ExcelJS.stream.xlsx.WorkbookWriter({
    stream: out,
    useStyles: true,
    useSharedStrings: false,
  });
  const sheet = book.addWorksheet(sheetName.slice(0, 31));
  sheet.columns = table.columns.map((c, i) => ({
    header: table.headers[i],
    key: c.key,
    width: Math.min(40, Math.max(10, table.headers[i].length + 2)),
    ...(NUMBER_FORMATS[c.kind] && { style: { numFmt: NUMBER_FORMATS[c.kind] } }),
  }));
  const instants = table.columns.flatMap((c, i) => (c.kind === 'instant' ? [i] : []));
  sheet.getRow(1).font = { bold: true };
  sheet.getRow(1).commit();
  (async () => {
    try {
      for await (const batch of table.batches) {
        if (out.destroyed) return;
        for (const row of batch) {
          const written = sheet.addRow(table.columns.map((c) => cellOf(row, c)));
          for (const i of instants)
            if (isDayValue(row, table.columns[i]))
              written.getCell(i + 1).numFmt = NUMBER_FORMATS.day as string;
          written.commit();
        }
        if (out.writableNeedDrain) await drained(out);
      }
      sheet.commit();
      await book.commit();
    } catch (error) {
      out.destroy(error as Error);
    }
  })();
  return out;
}
