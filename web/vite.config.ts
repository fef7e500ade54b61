import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

// The residents' portal (and later the staff console): built to web/dist, served by `civicdesk serve`.
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
    chunkSizeWarningLimit: 450,
  },
  server: { proxy: { '/api': 'http://localhost:3311', '/media': 'http://localhost:3311' } },
});
