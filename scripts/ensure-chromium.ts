/**
 * Browser tests drive Debian's chromium (Playwright's own browser download cannot work
 * offline). Installs it with apt when it is missing and we are root; otherwise says how.
 */
import { execSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { CHROMIUM_PATH as path } from './chromium.ts';

if (existsSync(path)) process.exit(0);
if (process.getuid?.() !== 0) {
	console.error(`Chromium is missing at ${path}. Install it with: sudo apt-get install -y chromium (or set CHROMIUM_PATH).`);
	process.exit(1);
}
console.log('Installing Debian chromium for the browser tests…');
execSync('apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium', { stdio: 'inherit' });
