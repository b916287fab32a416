/** `npm run test:browser` runs this first: finds a browser for the tests, installing one where it can. */
import { ensureChromium } from './chromium';

try {
  console.log(`browser tests: using ${ensureChromium()}`);
} catch (e) {
  console.error((e as Error).message);
  process.exit(1);
}
