// Worker entry: registers tsx so the TypeScript measurement module loads in the fresh isolate.
import { register } from 'tsx/esm/api';

register();
await import('./engine-worker.ts');
