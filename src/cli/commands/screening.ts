import fs from 'node:fs';
import type { ListFormat, ListKind } from '../../domain/screening/list-entry.ts';
import { importList } from '../../services/screening/lists.ts';
import { screenAllPending } from '../../services/screening/screen.ts';
import { openContext } from '../open.ts';
import { progress } from '../progress.ts';

/**
 * `amana import sanctions FILE [--list KEY --name NAME --kind sanctions|pep] [--format un-xml|csv]`: reads the file
 * as it streams from disk, stores it as the list's next version with its difference from the previous one, then
 * screens every organisation and person against it.
 */
export async function importSanctionsCommand(
  file: string | undefined,
  args: { list?: string; name?: string; kind?: string; format?: string },
): Promise<void> {
  if (!file) throw new Error('say which file: amana import sanctions FILE');
  if (args.kind && args.kind !== 'sanctions' && args.kind !== 'pep')
    throw new Error(`--kind must be sanctions or pep, got "${args.kind}"`);
  if (args.format && args.format !== 'un-xml' && args.format !== 'csv')
    throw new Error(`--format must be un-xml or csv, got "${args.format}"`);
  try {
    fs.accessSync(file, fs.constants.R_OK);
  } catch (error) {
    throw new Error(
      `cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
    );
  }
  const ctx = await openContext();
  try {
    const version = await importList(
      { ...ctx, principal: null },
      {
        filename: file.split(/[\\/]/).at(-1)!,
        content: fs.createReadStream(file),
        format: args.format as ListFormat | undefined,
        list: { key: args.list, name: args.name, kind: args.kind as ListKind | undefined },
      },
    );
    const { added, removed, changed } = version.changes;
    process.stdout.write(
      `imported ${file} as version ${version.number} of ${version.list.name}: ${version.counts.individuals} individuals, ` +
        `${version.counts.entities} entities; ${added} added, ${removed} removed, ${changed} changed\n`,
    );
    await screenAllPending(ctx, progress('screening'));
  } finally {
    await ctx.db.close();
  }
}
