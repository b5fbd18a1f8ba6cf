import { once } from 'node:events';
import fs from 'node:fs';
import { loadConfig } from '../../config.ts';
import { loadSealKey } from '../../services/event-log/seal-key.ts';
import { sealChainHead } from '../../services/event-log/seals.ts';
import { exportSegment } from '../../services/event-log/segments.ts';
import { openContext } from '../open.ts';

/** `amana seal`: signs the event chain head now, unless it is already sealed. */
export async function sealCommand(): Promise<number> {
  const ctx = await openContext();
  try {
    const outcome = await sealChainHead(ctx);
    if (outcome.status === 'empty') process.stdout.write('the event log is empty: nothing to seal\n');
    else if (outcome.status === 'unchanged')
      process.stdout.write(
        `nothing new to seal: event #${outcome.seal.seq} was sealed at ${outcome.seal.sealedAt}\n`,
      );
    else
      process.stdout.write(
        `sealed event #${outcome.seal.seq} (hash ${outcome.seal.hash}) at ${outcome.seal.sealedAt} with key ${outcome.seal.keyId}\n`,
      );
    return 0;
  } finally {
    await ctx.db.close();
  }
}

/** `amana seal public-key`: the instance's public key (PEM) for auditors; made with the key if there is none. */
export function sealPublicKeyCommand(): number {
  const key = loadSealKey(loadConfig(), { create: true });
  if (!key) throw new Error('no seal key could be made');
  process.stdout.write(key.publicKeyPem);
  return 0;
}

function seqOption(name: string, raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  if (!/^\d{1,15}$/.test(raw) || Number(raw) < 1)
    throw new Error(`--${name} must be an event number from 1, got "${raw}"`);
  return Number(raw);
}

/** `amana export events [--from SEQ] [--to SEQ] --output FILE`: a segment of the log for an offline check. */
export async function exportEventsCommand(args: {
  from?: string;
  to?: string;
  output?: string;
}): Promise<number> {
  const range = { from: seqOption('from', args.from), to: seqOption('to', args.to) };
  if (!args.output) throw new Error('say where to write the segment: amana export events --output FILE');
  const file = args.output;
  const ctx = await openContext();
  const out = fs.createWriteStream(file);
  try {
    const done = await exportSegment(ctx, range, out);
    out.end();
    await once(out, 'finish');
    const unsealed =
      done.sealedUpTo < done.to
        ? `; events #${done.sealedUpTo + 1}–#${done.to} are not sealed yet (run amana seal first to cover them)`
        : '';
    process.stdout.write(
      `exported events #${done.from}–#${done.to} (${done.events} events, ${done.seals} seal(s)) to ${file}${unsealed}\n`,
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
