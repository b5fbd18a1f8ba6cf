import { type Config, loadConfig } from '../config.ts';
import type { ServiceContext } from '../services/context.ts';
import { installReferenceData } from '../services/reference-data.ts';
import { type Db, openDb } from '../storage/db.ts';
import { migrate } from '../storage/migrate.ts';

/** Opens the configured database, brings its schema up to date and returns the service context. */
export async function openContext(config: Config = loadConfig()): Promise<ServiceContext & { db: Db }> {
  const db = await openDb({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  const ctx = { db, config, clock: () => new Date() };
  try {
    await migrate(db);
    await installReferenceData(ctx);
  } catch (error) {
    await db.close();
    throw error;
  }
  return ctx;
}
