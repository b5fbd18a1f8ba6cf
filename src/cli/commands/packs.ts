import { once } from 'node:events';
import fs from 'node:fs';
import { invalid } from '../../services/errors.ts';
import { dayErrors, planPack, verifyPackFile, writePack } from '../../services/event-log/packs.ts';
import { readPublicKeyFile } from '../../services/event-log/seal-key.ts';
import { openContext } from '../open.ts';

/** `amana export pack [--since DAY --until DAY] --output FILE`: a verification pack for an offline check. */
export async function exportPackCommand(args: {
  since?: string;
  until?: string;
  output?: string;
}): Promise<number> {
  if (!args.output) throw new Error('say where to write the pack: amana export pack --output FILE');
  if ((args.since === undefined) !== (args.until === undefined))
    throw new Error('give both --since and --until (days, YYYY-MM-DD), or neither for the whole log');
  const errors = dayErrors(args);
  if (errors.length) throw invalid(errors, 'cannot export that period');
  const period = args.since && args.until ? { since: args.since, until: args.until } : null;
  const file = args.output;
  const ctx = await openContext();
  const out = fs.createWriteStream(file);
  try {
    const plan = await planPack(ctx, period);
    const done = await writePack(ctx, plan, out);
    out.end();
    await once(out, 'finish');
    process.stdout.write(
      `wrote a verification pack of events #${plan.from}–#${plan.to} (${done.events} events, ${done.seals} seal(s)) to ${file}\n`,
    );
    return 0;
  } catch (error) {
    out.destroy();
    fs.rmSync(file, { force: true });
    throw error;
  } finally {
    await ctx.db.close();
  }
}

/**
 * `amana verify --pack FILE [--key FILE | --key-id ID] [--max-bytes N]`: checks a pack with no database and no
 * configuration. 0 when intact and checked with a pinned key, 1 when broken, 3 when intact but only against the
 * key the pack carries, which nothing pinned.
 */
export async function verifyPackCommand(args: {
  pack: string;
  key?: string;
  keyId?: string;
  maxBytes?: string;
}): Promise<number> {
  if (args.key && args.keyId) throw new Error('give --key FILE or --key-id ID, not both');
  if (args.keyId !== undefined && !/^[0-9a-f]{16}$/.test(args.keyId))
    throw new Error(
      `--key-id must be 16 hex digits (amana seal public-key | its key id), got "${args.keyId}"`,
    );
  if (args.maxBytes !== undefined && !/^[1-9]\d{0,15}$/.test(args.maxBytes))
    throw new Error(`--max-bytes must be a number of bytes, got "${args.maxBytes}"`);
  const verdict = await verifyPackFile(args.pack, {
    key: args.key ? readPublicKeyFile(args.key) : undefined,
    keyId: args.keyId,
    maxBytes: args.maxBytes ? Number(args.maxBytes) : undefined,
  });
  if (!verdict.ok) {
    process.stderr.write(`amana: pack broken: ${verdict.problem}\n`);
    return 1;
  }
  const { from, to, seals, period } = verdict.summary;
  const days = period ? `, recorded ${period.since} to ${period.until}` : '';
  const how =
    verdict.trust === 'key-file'
      ? `with the trusted key ${verdict.keyId}`
      : verdict.trust === 'key-id'
        ? `with the key it carries, ${verdict.keyId}, as pinned by --key-id`
        : `with the key it carries, ${verdict.keyId}`;
  process.stdout.write(`pack intact: events #${from}–#${to}${days}, ${seals} seal(s) verified ${how}\n`);
  if (verdict.trust !== 'unpinned') return 0;
  process.stderr.write(
    `amana: key not pinned: the pack could have been rewritten and signed with another key; check that ${verdict.keyId} is the instance's key (amana seal public-key, or the event log page) and pass --key FILE or --key-id ${verdict.keyId}\n`,
  );
  return 3;
}
