// Size of the JavaScript and CSS the browser loads for the first page after sign-in, from the production build:
// what index.html loads (the shell, the libraries, the French catalogues of the first page) and the home page's
// own chunks, which the router fetches once someone is signed in. Run: npm run build && npm run bench:bundle
import fs from 'node:fs';
import path from 'node:path';
import { brotliCompressSync, gzipSync } from 'node:zlib';

const dist = path.resolve(import.meta.dirname, '../web/dist');
const HOME = 'src/features/reports/home.tsx';

interface Chunk {
  file: string;
  imports?: string[];
  css?: string[];
}
const manifest: Record<string, Chunk> = JSON.parse(
  fs.readFileSync(path.join(dist, '.vite/manifest.json'), 'utf8'),
);

/** A chunk's file, its CSS and everything it imports statically, by manifest key. */
function closure(key: string, seen = new Set<string>()): Set<string> {
  const chunk = manifest[key];
  if (!chunk || seen.has(chunk.file)) return seen;
  seen.add(chunk.file);
  for (const css of chunk.css ?? []) seen.add(css);
  for (const i of chunk.imports ?? []) closure(i, seen);
  return seen;
}

const html = fs.readFileSync(path.join(dist, 'index.html'), 'utf8');
const fromHtml = [...html.matchAll(/(?:src|href)="\/(assets\/[^"]+\.(?:js|css))"/g)].map((m) => m[1]);
const home = [...closure(HOME)].filter((f) => !fromHtml.includes(f));
const first = [...fromHtml, ...home];

const sizes = (file: string) => {
  const bytes = fs.readFileSync(path.join(dist, file));
  return {
    raw: bytes.length,
    gz: gzipSync(bytes, { level: 9 }).length,
    br: brotliCompressSync(bytes).length,
  };
};
const kib = (n: number) => (n / 1024).toFixed(1);
const total = { raw: 0, gz: 0, br: 0 };
for (const f of first) {
  const s = sizes(f);
  total.raw += s.raw;
  total.gz += s.gz;
  total.br += s.br;
  console.log(
    `${home.includes(f) ? 'home page' : 'index.html'}: ${f}: ${kib(s.raw)} KiB, ${kib(s.gz)} KiB gzipped, ${kib(s.br)} KiB brotli`,
  );
}
console.log(
  `first page after sign-in: ${kib(total.raw)} KiB, ${kib(total.gz)} KiB gzipped, ${kib(total.br)} KiB brotli (budget 250 KB gzipped)`,
);

// What other pages fetch when first opened: their code, their catalogues, the map (MapLibre, its worker, the
// base layer) and the charts.
const lazy = fs
  .readdirSync(path.join(dist, 'assets'))
  .filter((f) => !first.includes(`assets/${f}`) && /\.(js|mjs|css|json)$/.test(f));
for (const f of lazy.sort()) {
  const s = sizes(`assets/${f}`);
  console.log(`on demand: assets/${f}: ${kib(s.raw)} KiB, ${kib(s.gz)} KiB gzipped`);
}
