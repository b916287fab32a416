import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { cspPlugin } from './tools/vite-plugin-csp';
import { formulasPlugin } from './tools/vite-plugin-formulas';
import { mnistPlugin } from './tools/vite-plugin-mnist';

export default defineConfig({
  plugins: [react(), mnistPlugin(), formulasPlugin(), cspPlugin()],
  worker: { format: 'es' },
  build: { target: 'es2022', chunkSizeWarningLimit: 2000 },
});
