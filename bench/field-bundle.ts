// Size of the field app's JavaScript and CSS, from the production build: everything its entry can load (its
// chunks, what they import, the catalogues it loads in each language), which is what its service worker precaches
// and what a phone downloads once, and the first screen (all but the lazy screens). Budget: 200 KB gzipped.
// Run: npm run build && npm run bench:field-bundle
import fs from 'node:fs';
import path from 'node:path';
import { brotliCompressSync, gzipSync } from 'node:zlib';
import { fieldFiles } from '../web/field/build/field-app-plugin.ts';

const dist = path.resolve(import.meta.dirname, '../web/dist');
const manifest = JSON.parse(fs.readFileSync(path.join(dist, '.vite/manifest.json'), 'utf8'));
const files = fieldFiles(manifest).filter((f) => /\.(js|css)$/.test(f));
const kib = (n: number) => (n / 1024).toFixed(1);
const total = { raw: 0, gz: 0, br: 0, jsGz: 0 };
for (const f of files) {
  const bytes = fs.readFileSync(path.join(dist, f));
  const gz = gzipSync(bytes, { level: 9 }).length;
  const br = brotliCompressSync(bytes).length;
  total.raw += bytes.length;
  total.gz += gz;
  total.br += br;
  if (f.endsWith('.js')) total.jsGz += gz;
  console.log(`${f}: ${kib(bytes.length)} KiB, ${kib(gz)} KiB gzipped, ${kib(br)} KiB brotli`);
}
const sw = fs.statSync(path.join(dist, 'field/sw.js')).size;
console.log(`service worker: field/sw.js ${kib(sw)} KiB`);
console.log(
  `field app: ${files.length} files, ${kib(total.raw)} KiB, ${kib(total.gz)} KiB gzipped (JavaScript ${kib(total.jsGz)} KiB; budget 200 KB), ${kib(total.br)} KiB brotli`,
);
if (total.jsGz > 200_000) process.exitCode = 1;

// The first screen: what the entry loads before a lazy screen (the map) is opened, i.e. everything but the chunks
// of the field screens it imports dynamically and what only they import (decision 0044).
const lazyScreen = (key: string) => key.startsWith('field/src/screens/') && manifest[key]?.isDynamicEntry;
const firstScreen = new Set<string>();
const walk = (key: string) => {
  const c = manifest[key];
  if (!c || lazyScreen(key) || firstScreen.has(c.file)) return;
  firstScreen.add(c.file);
  for (const f of c.css ?? []) firstScreen.add(f);
  for (const i of [...(c.imports ?? []), ...(c.dynamicImports ?? [])]) walk(i);
};
walk('field/index.html');
const firstGz = [...firstScreen]
  .filter((f) => /\.(js|css)$/.test(f))
  .reduce((n, f) => n + gzipSync(fs.readFileSync(path.join(dist, f)), { level: 9 }).length, 0);
console.log(`first screen (before a lazy screen is opened): ${kib(firstGz)} KiB gzipped`);
