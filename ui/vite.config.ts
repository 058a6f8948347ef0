// Vite builds the UI into ui/dist for Tauri; Vitest reuses the same config so `$lib` and the
// Svelte plugin behave identically in tests and in the app.
import { fileURLToPath, URL } from 'node:url';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { svelteTesting } from '@testing-library/svelte/vite';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  plugins: [svelte(), svelteTesting()],
  resolve: {
    alias: { $lib: fileURLToPath(new URL('./src/lib', import.meta.url)) },
  },
  // Tauri serves the files itself: relative URLs, no CDN, nothing loaded from outside.
  base: './',
  clearScreen: false,
  server: { port: 5173, strictPort: true },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // WebKitGTK on current Debian/Ubuntu is at least Safari 15 level.
    target: 'safari15',
    // The CSP allows neither data: URLs nor inline styles: every asset stays a file.
    assetsInlineLimit: 0,
  },
  test: {
    environment: 'jsdom',
    include: ['src/**/*.test.ts'],
    setupFiles: ['./src/test/setup.ts'],
  },
});
