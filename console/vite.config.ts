import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

/**
 * The partner console: a static single-page app built to console/dist and served at /console/ (by
 * `npm start` locally, by S3 + CloudFront on AWS). Its API calls are same-origin under /api/console/.
 * Vite 8 compiles TSX itself (oxc), so no React plugin is needed.
 */
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/console/',
  publicDir: 'public',
  oxc: { jsx: { runtime: 'automatic' } },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    // Pages and the chart are lazy chunks; the entry carries React, Mantine core and the shell.
    chunkSizeWarningLimit: 800,
    rolldownOptions: {
      // Mantine marks its modules "use client" (for React Server Components); meaningless in a SPA.
      onwarn(warning, warn) {
        if (warning.code === 'MODULE_LEVEL_DIRECTIVE') return;
        warn(warning);
      },
    },
  },
  // `npx vite --config console/vite.config.ts` for hot reload against a running `npm start`.
  server: { port: 5173, proxy: { '/api': 'http://localhost:3000' } },
});
