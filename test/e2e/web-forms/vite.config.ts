import path from 'node:path';
import { defineConfig } from 'vite';

/** The page that runs ODK Web Forms against Amana in the browser test (test/e2e/web-forms.test.ts). */
export default defineConfig({
  root: path.resolve(import.meta.dirname),
  base: './',
  logLevel: 'warn',
  build: { outDir: 'dist', emptyOutDir: true, target: 'es2022', chunkSizeWarningLimit: 5000 },
});
