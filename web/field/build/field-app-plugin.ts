// The field app's build steps beside Vite's: its web app manifest and icons, then a Workbox service worker that
// precaches exactly what the field entry loads (its chunks, their imports, its catalogues), so that the app opens
// and works with no network once it has been opened online (docs/decisions/0029-offline-field-app.md).
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import type { Plugin } from 'vite';
import { generateSW } from 'workbox-build';

const ENTRY = 'field/index.html';
const COLOUR = [0x1f, 0x4e, 0x3d] as const;

/** A square PNG icon: a dark green field with a light band, enough for a home-screen tile. */
export function icon(size: number): Buffer {
  const row = Buffer.alloc(1 + size * 3);
  const rows: Buffer[] = [];
  for (let y = 0; y < size; y++) {
    const band = y > size * 0.42 && y < size * 0.58;
    for (let x = 0; x < size; x++) {
      const inner = band && x > size * 0.2 && x < size * 0.8;
      row[1 + x * 3] = inner ? 0xf2 : COLOUR[0];
      row[2 + x * 3] = inner ? 0xc1 : COLOUR[1];
      row[3 + x * 3] = inner ? 0x4e : COLOUR[2];
    }
    rows.push(Buffer.from(row));
  }
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (b: Buffer) => {
    let c = 0xffffffff;
    for (const byte of b) c = crcTable[(c ^ byte) & 0xff] ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const sum = Buffer.alloc(4);
    sum.writeUInt32BE(crc(body));
    return Buffer.concat([len, body, sum]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header[8] = 8; // bit depth
  header[9] = 2; // truecolour
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', zlib.deflateSync(Buffer.concat(rows), { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

const MANIFEST = {
  name: 'Amana terrain',
  short_name: 'Amana',
  description: 'Visites, incidents et photos des sites miniers, même sans réseau',
  start_url: '/field/',
  scope: '/field/',
  display: 'standalone',
  orientation: 'portrait',
  background_color: '#ffffff',
  theme_color: '#1f4e3d',
  lang: 'fr',
  icons: [
    { src: '/field/icon-192.png', sizes: '192x192', type: 'image/png', purpose: 'any' },
    { src: '/field/icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'any' },
    { src: '/field/icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
  ],
};

interface Chunk {
  file: string;
  imports?: string[];
  dynamicImports?: string[];
  css?: string[];
  assets?: string[];
}

/** Every file the field entry can load: its chunk, what it imports, what it loads later (catalogues), their CSS. */
export function fieldFiles(manifest: Record<string, Chunk>): string[] {
  const seen = new Set<string>();
  const walk = (key: string) => {
    const c = manifest[key];
    if (!c || seen.has(c.file)) return;
    seen.add(c.file);
    for (const f of [...(c.css ?? []), ...(c.assets ?? [])]) seen.add(f);
    for (const i of [...(c.imports ?? []), ...(c.dynamicImports ?? [])]) walk(i);
  };
  walk(ENTRY);
  return [...seen].sort();
}

export function fieldApp(outDir: string): Plugin {
  return {
    name: 'amana-field-app',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler(html, { path: page }) {
        if (!page.endsWith(ENTRY)) return html;
        return [
          { tag: 'link', attrs: { rel: 'manifest', href: '/field/manifest.webmanifest' }, injectTo: 'head' },
          { tag: 'link', attrs: { rel: 'icon', href: '/field/icon-192.png' }, injectTo: 'head' },
        ];
      },
    },
    generateBundle() {
      this.emitFile({ type: 'asset', fileName: 'field/manifest.webmanifest', source: JSON.stringify(MANIFEST, null, 2) });
      this.emitFile({ type: 'asset', fileName: 'field/icon-192.png', source: icon(192) });
      this.emitFile({ type: 'asset', fileName: 'field/icon-512.png', source: icon(512) });
    },
    async closeBundle() {
      const manifestFile = path.join(outDir, '.vite/manifest.json');
      if (!fs.existsSync(manifestFile)) return;
      const files = fieldFiles(JSON.parse(fs.readFileSync(manifestFile, 'utf8')));
      const { count, size, warnings } = await generateSW({
        swDest: path.join(outDir, 'field/sw.js'),
        globDirectory: outDir,
        globPatterns: [ENTRY, 'field/manifest.webmanifest', 'field/icon-*.png', ...files],
        modifyURLPrefix: { '': '/' },
        // Hashed names never change content: no revision needed beyond the name.
        dontCacheBustURLsMatching: /^\/assets\//,
        navigateFallback: '/field/index.html',
        navigateFallbackAllowlist: [/^\/field(\/|$)/],
        inlineWorkboxRuntime: true,
        mode: 'production',
        sourcemap: false,
        skipWaiting: true,
        clientsClaim: true,
        cleanupOutdatedCaches: true,
        maximumFileSizeToCacheInBytes: 3 * 1024 * 1024,
      });
      for (const w of warnings) this.warn(w);
      this.info?.(`field app service worker: ${count} files precached, ${(size / 1024).toFixed(1)} KiB`);
    },
  };
}
