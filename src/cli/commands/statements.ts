import { verifyStatementFile } from '../../services/custody/origin-statement.ts';
import { readPublicKeyFile } from '../../services/event-log/seal-key.ts';

/**
 * `amana verify --statement FILE [--key FILE | --key-id ID]`: checks a lot's origin statement with no database and
 * no configuration. 0 when it verifies with a pinned key, 1 when it does not, 3 when it verifies only with the key it
 * carries, which nothing pinned (as `verify --pack`).
 */
export async function verifyStatementCommand(args: {
  statement: string;
  key?: string;
  keyId?: string;
}): Promise<number> {
  if (args.key && args.keyId) throw new Error('give --key FILE or --key-id ID, not both');
  if (args.keyId !== undefined && !/^[0-9a-f]{16}$/.test(args.keyId))
    throw new Error(
      `--key-id must be 16 hex digits (amana seal public-key | its key id), got "${args.keyId}"`,
    );
  const verdict = await verifyStatementFile(args.statement, {
    key: args.key ? readPublicKeyFile(args.key) : undefined,
    keyId: args.keyId,
  });
  if (!verdict.ok) {
    process.stderr.write(`amana: statement not valid: ${verdict.problem}\n`);
    return 1;
  }
  const s = verdict.credential.credentialSubject;
  const pct = (n: number) => `${Math.round(n * 1000) / 10} %`;
  process.stdout.write(
    `statement valid: lot ${s.lot.tag ?? s.id}, ${s.lot.containedKg} kg of cobalt, ${pct(s.nonConformingShare)} non-conforming, from ${s.composition
      .map((c) => `${c.code} ${pct(c.share)}`)
      .join(', ')}; issued ${verdict.credential.validFrom} by key ${verdict.keyId}\n`,
  );
  if (verdict.trust !== 'unpinned') return 0;
  process.stderr.write(
    `amana: key not pinned: check that ${verdict.keyId} is the instance's key (amana seal public-key) and pass --key FILE or --key-id ${verdict.keyId}\n`,
  );
  return 3;
}
