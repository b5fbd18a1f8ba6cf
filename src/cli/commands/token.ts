import { createTokenForEmail } from '../../services/access/tokens.ts';
import { openContext } from '../open.ts';

/** `amana token create --user EMAIL`: prints the new token alone on standard output. */
export async function tokenCreate(args: {
  user?: string;
  org?: string;
  name?: string;
  expires?: string;
}): Promise<void> {
  if (!args.user) throw new Error('say whose token: amana token create --user EMAIL');
  let expiresAt: Date | null = null;
  if (args.expires) {
    expiresAt = new Date(args.expires);
    if (Number.isNaN(expiresAt.getTime()))
      throw new Error(`--expires must be an ISO date, got "${args.expires}"`);
  }
  const ctx = await openContext();
  try {
    const { token } = await createTokenForEmail(ctx, args.user, {
      name: args.name ?? `cli ${new Date().toISOString().slice(0, 10)}`,
      organisationId: args.org,
      expiresAt,
    });
    process.stdout.write(`${token}\n`);
  } finally {
    await ctx.db.close();
  }
}
