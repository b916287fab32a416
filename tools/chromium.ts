/**
 * Finds a Chromium or Chrome binary for the browser tests and benchmarks, and, where it can, installs one.
 *
 * Order: CHROMIUM_PATH, then the usual names on PATH, then the usual install locations on macOS and Linux.
 * `ensureChromium()` installs Debian's `chromium` package when none is found and the machine can do it
 * unattended (root, or passwordless sudo, with apt-get); otherwise it says exactly what to do.
 */
import { execFileSync, execSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const NAMES = ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable', 'chrome'];

const LOCATIONS = [
  '/Applications/Chromium.app/Contents/MacOS/Chromium',
  '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
  '/Applications/Google Chrome for Testing.app/Contents/MacOS/Google Chrome for Testing',
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/snap/bin/chromium',
  '/opt/google/chrome/chrome',
];

function onPath(name: string): string | null {
  try {
    const found = execFileSync('/bin/sh', ['-c', `command -v ${name}`], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    return found || null;
  } catch {
    return null;
  }
}

/** The binary to drive, or null when this machine has none. */
export function findChromium(env: NodeJS.ProcessEnv = process.env): string | null {
  const fromEnv = env.CHROMIUM_PATH;
  if (fromEnv) {
    // A path that was asked for and is missing is an error, not a reason to pick another browser silently.
    if (!existsSync(fromEnv)) throw new Error(`CHROMIUM_PATH is set to ${fromEnv}, which does not exist`);
    return fromEnv;
  }
  for (const name of NAMES) {
    const found = onPath(name);
    if (found) return found;
  }
  return LOCATIONS.find((p) => existsSync(p)) ?? null;
}

export const INSTALL_HELP = [
  'No Chromium or Chrome was found for the browser tests. Do one of:',
  '  Debian/Ubuntu:  sudo apt-get install -y chromium',
  '  macOS:          brew install --cask chromium   (or install Google Chrome)',
  '  any system:     export CHROMIUM_PATH=/path/to/chrome-or-chromium',
].join('\n');

function canInstallUnattended(): 'root' | 'sudo' | null {
  if (process.platform !== 'linux' || !onPath('apt-get')) return null;
  if (process.getuid?.() === 0) return 'root';
  try {
    execSync('sudo -n true', { stdio: 'ignore' });
    return 'sudo';
  } catch {
    return null;
  }
}

/** Returns a browser binary, installing Debian's chromium first where that can be done unattended. */
export function ensureChromium(log: (line: string) => void = console.log): string {
  const found = findChromium();
  if (found) return found;
  const how = canInstallUnattended();
  if (!how) throw new Error(INSTALL_HELP);
  const sudo = how === 'sudo' ? 'sudo -n ' : '';
  log('browser tests: no Chromium found; installing Debian\'s "chromium" package (apt-get)');
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  execSync(`${sudo}apt-get update -q && ${sudo}apt-get install -y -q chromium`, { stdio: 'inherit', env });
  const installed = findChromium();
  if (!installed) throw new Error(`apt-get installed chromium, but no binary was found.\n${INSTALL_HELP}`);
  return installed;
}
