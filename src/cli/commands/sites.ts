import fs from 'node:fs';
import { exportSites, importSites, type SiteFormat } from '../../services/sites/site-exchange.ts';
import { openContext } from '../open.ts';
import { progress } from '../progress.ts';

/** `amana import sites FILE`: GeoJSON FeatureCollection or CSV, all or nothing. */
export async function importSitesCommand(file: string | undefined): Promise<void> {
  if (!file) throw new Error('say which file: amana import sites FILE');
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    throw new Error(
      `cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
    );
  }
  const ctx = await openContext();
  try {
    const result = await importSites({ ...ctx, principal: null }, text, progress('importing sites'));
    process.stdout.write(`imported ${file}: ${result.created} created, ${result.updated} updated\n`);
  } finally {
    await ctx.db.close();
  }
}

/** `amana export sites [--format geojson|csv] [--output FILE]`: to standard output by default. */
export async function exportSitesCommand(args: { format?: string; output?: string }): Promise<void> {
  const format = (args.format ?? (args.output?.endsWith('.csv') ? 'csv' : 'geojson')) as SiteFormat;
  if (format !== 'geojson' && format !== 'csv')
    throw new Error(`--format must be geojson or csv, got "${format}"`);
  const ctx = await openContext();
  try {
    const body = await exportSites(ctx, format);
    if (args.output) {
      fs.writeFileSync(args.output, body);
      process.stderr.write(`exported sites to ${args.output}\n`);
    } else process.stdout.write(body.endsWith('\n') ? body : `${body}\n`);
  } finally {
    await ctx.db.close();
  }
}
