import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

// Served by `ringdesk serve` at /; `npm run build` writes dist/, which it serves.
export default defineConfig({
  plugins: [react()],
  build: {
    outDir: "dist",
    emptyOutDir: true,
    // No inline script anywhere: the Content-Security-Policy allows only our own files.
    modulePreload: { polyfill: false },
    assetsInlineLimit: 0,
    chunkSizeWarningLimit: 600,
  },
});
