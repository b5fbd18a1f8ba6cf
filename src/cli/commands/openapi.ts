import fs from 'node:fs';
import { openApiDocument } from '../../http/openapi-document.ts';

/** Writes the OpenAPI document generated from the route schemas (docs/openapi.json by default). */
export async function openApiCommand(options: { output?: string }): Promise<void> {
  const text = await openApiDocument();
  if (options.output === '-') process.stdout.write(text);
  else fs.writeFileSync(options.output ?? 'docs/openapi.json', text);
}
