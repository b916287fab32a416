import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { formulasPlugin } from './tools/vite-plugin-formulas';
import { mnistPlugin } from './tools/vite-plugin-mnist';

export default defineConfig({
  plugins: [react(), mnistPlugin(), formulasPlugin()],
  worker: { format: 'es' },
  build: { target: 'es2022', chunkSizeWarningLimit: 2000 },
});
