// Size of the JavaScript and CSS the browser loads for the first page, from the production build.
// Run: npm run build && npm run bench:bundle
import fs from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';

const dist = path.resolve(import.meta.dirname, '../web/dist');
const html = fs.readFileSync(path.join(dist, 'index.html'), 'utf8');
const assets = [...html.matchAll(/(?:src|href)="\/(assets\/[^"]+\.(?:js|css))"/g)].map((m) => m[1]);
let raw = 0;
let gz = 0;
for (const a of assets) {
  const bytes = fs.readFileSync(path.join(dist, a));
  raw += bytes.length;
  gz += gzipSync(bytes, { level: 9 }).length;
  console.log(
    `${a}: ${(bytes.length / 1024).toFixed(1)} KiB, ${(gzipSync(bytes, { level: 9 }).length / 1024).toFixed(1)} KiB gzipped`,
  );
}
console.log(
  `first page total: ${(raw / 1024).toFixed(1)} KiB, ${(gz / 1024).toFixed(1)} KiB gzipped (budget 250 KB gzipped)`,
);

// What the pages that need them fetch later: the map (MapLibre, its worker, the base layer) and the charts.
const lazy = fs
  .readdirSync(path.join(dist, 'assets'))
  .filter((f) => !assets.includes(`assets/${f}`) && /\.(js|mjs|css|json)$/.test(f));
for (const f of lazy.sort()) {
  const bytes = fs.readFileSync(path.join(dist, 'assets', f));
  console.log(
    `on demand: assets/${f}: ${(bytes.length / 1024).toFixed(1)} KiB, ${(gzipSync(bytes, { level: 9 }).length / 1024).toFixed(1)} KiB gzipped`,
  );
}
