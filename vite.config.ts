import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { mnistPlugin } from './tools/vite-plugin-mnist';

export default defineConfig({
  plugins: [react(), mnistPlugin()],
  worker: { format: 'es' },
  build: { target: 'es2022', chunkSizeWarningLimit: 2000 },
});
