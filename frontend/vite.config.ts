/// <reference types="vitest/config" />
import { fileURLToPath, URL } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const api = process.env.QA_API_ORIGIN ?? 'http://127.0.0.1:8080';

// GOV.UK Frontend keeps an Internet Explorer 9-11 hack (`@media screen and (min-width: 0\0)`)
// that the CSS minifier (Lightning CSS) rejects; those browsers are not supported, so drop it.
const dropInternetExplorerHacks = {
  postcssPlugin: 'qa-drop-internet-explorer-hacks',
  AtRule: {
    media(rule: { params: string; remove: () => void }) {
      // Sass turns the `\0` escape into U+FFFD, as CSS says it should.
      if (/min-width:\s*0(\\0|\uFFFD)/.test(rule.params)) rule.remove();
    },
  },
};

export default defineConfig({
  plugins: [react()],
  resolve: {
    alias: {
      '@': fileURLToPath(new URL('./src', import.meta.url)),
      // The GOV.UK Frontend fonts and images, resolved (and fingerprinted into dist/assets) by
      // Vite from the installed package: nothing is fetched from the internet.
      'govuk-assets': fileURLToPath(
        new URL('./node_modules/govuk-frontend/dist/govuk/assets', import.meta.url),
      ),
    },
  },
  css: {
    postcss: { plugins: [dropInternetExplorerHacks] },
    preprocessorOptions: {
      scss: {
        loadPaths: [fileURLToPath(new URL('./node_modules', import.meta.url))],
        quietDeps: true,
      },
    },
  },
  server: {
    proxy: {
      '/api': { target: api, changeOrigin: false },
      '/health': { target: api, changeOrigin: false },
    },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: false,
  },
  test: {
    environment: 'jsdom',
    setupFiles: ['./src/test/setup.ts'],
    include: ['src/**/*.test.{ts,tsx}'],
    css: false,
    restoreMocks: true,
  },
});
