import { loadConfig } from '../config.ts';
import type { Db } from '../storage/db.ts';
import { buildApp } from './app.ts';

/** Building the routes asks nothing of the database: one that refuses every statement proves it. */
const noDatabase: Db = {
  engine: 'pglite',
  query: () => Promise.reject(new Error('the OpenAPI document is built from the routes alone')),
  exec: () => Promise.reject(new Error('the OpenAPI document is built from the routes alone')),
  transaction: () => Promise.reject(new Error('the OpenAPI document is built from the routes alone')),
  close: async () => {},
};

/**
 * The OpenAPI document the route schemas describe, as committed in docs/openapi.json: built from the routes
 * alone (no database, nothing served), so it is the same on every machine.
 */
export async function openApiDocument(): Promise<string> {
  const app = await buildApp({
    db: noDatabase,
    config: { ...loadConfig({}), logLevel: 'silent' },
    clock: () => new Date(),
  });
  await app.ready();
  const text = `${JSON.stringify(app.swagger(), null, 2)}\n`;
  await app.close();
  return text;
}
