import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { defineConfig, type Plugin } from 'vite';
import { fieldApp } from './field/build/field-app-plugin.ts';

const outDir = path.resolve(import.meta.dirname, 'dist');

/**
 * Writes a Brotli and a gzip copy beside every asset, so the server sends the compressed bytes
 * (field offices pay for every kilobyte) without compressing on each request.
 */
function precompress(): Plugin {
  return {
    name: 'amana-precompress',
    apply: 'build',
    closeBundle() {
      const dir = path.join(outDir, 'assets');
      // A failed build writes nothing: let its own error show.
      if (!fs.existsSync(dir)) return;
      for (const f of fs.readdirSync(dir)) {
        if (!/\.(js|mjs|css|json|svg)$/.test(f)) continue;
        const bytes = fs.readFileSync(path.join(dir, f));
        fs.writeFileSync(path.join(dir, `${f}.br`), zlib.brotliCompressSync(bytes));
        fs.writeFileSync(path.join(dir, `${f}.gz`), zlib.gzipSync(bytes, { level: 9 }));
      }
    },
  };
}

export default defineConfig({
  root: path.resolve(import.meta.dirname),
  plugins: [precompress(), fieldApp(outDir)],
  // The code is written and type-checked against React's API; the browser runs Preact's implementation of it,
  // a twentieth of React DOM's size (docs/decisions/0017-preact-runtime.md).
  resolve: {
    alias: [
      { find: /^react-dom\/client$/, replacement: 'preact/compat/client' },
      { find: /^react-dom$/, replacement: 'preact/compat' },
      { find: /^react\/jsx-runtime$/, replacement: 'preact/jsx-runtime' },
      { find: /^react\/jsx-dev-runtime$/, replacement: 'preact/jsx-dev-runtime' },
      { find: /^react$/, replacement: path.resolve(import.meta.dirname, 'src/runtime/react-on-preact.js') },
    ],
  },
  build: {
    outDir,
    emptyOutDir: true,
    sourcemap: false,
    // bench/web-bundle.ts reads which chunks the first page after sign-in loads from it.
    manifest: true,
    // MapLibre (about 1 MB) and ECharts are loaded only by the pages that draw them.
    chunkSizeWarningLimit: 1200,
    rollupOptions: {
      // The web app, and the offline field app for phones (web/field/, served at /field/).
      input: {
        main: path.resolve(import.meta.dirname, 'index.html'),
        field: path.resolve(import.meta.dirname, 'field/index.html'),
      },
      onwarn(warning, warn) {
        // TanStack Query marks its modules "use client" for React Server Components, which a browser bundle ignores.
        if (warning.code === 'MODULE_LEVEL_DIRECTIVE') return;
        warn(warning);
      },
    },
  },
  server: { proxy: { '/api': 'http://localhost:3000' } },
});
