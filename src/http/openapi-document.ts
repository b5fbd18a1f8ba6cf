import { loadConfig } from '../config.ts';
import { openDb } from '../storage/db.ts';
import { buildApp } from './app.ts';

/**
 * The OpenAPI document the route schemas describe, as committed in docs/openapi.json: built from the routes
 * alone (an empty in-memory database, nothing served), so it is the same on every machine.
 */
export async function openApiDocument(): Promise<string> {
  const db = await openDb({ dataDir: 'memory' });
  try {
    const app = await buildApp({
      db,
      config: { ...loadConfig({}), logLevel: 'silent' },
      clock: () => new Date(),
    });
    await app.ready();
    const text = `${JSON.stringify(app.swagger(), null, 2)}\n`;
    await app.close();
    return text;
  } finally {
    await db.close();
  }
}
