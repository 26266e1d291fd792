import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// Run from the repository root: `vite build --config web/vite.config.ts`.
// Paths are resolved from this file, so the working directory does not matter.
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/',
  plugins: [react()],
  // `vite --config web/vite.config.ts` serves the client with hot reload; the API
  // comes from a running Dingo (DINGO_URL, default the one `npm start` runs).
  server: {
    proxy: { '/api': process.env.DINGO_URL ?? 'http://127.0.0.1:3000' },
  },
  build: {
    outDir: fileURLToPath(new URL('../dist/web', import.meta.url)),
    emptyOutDir: true,
    // Emit every asset as a file, never as a data: URI, so the client needs no
    // more from the Content-Security-Policy than 'self'.
    assetsInlineLimit: 0,
  },
});
