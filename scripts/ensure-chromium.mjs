// Make sure Debian's Chromium is there for Playwright: install it with apt when we are
// root, otherwise say exactly what to install. Playwright cannot download its own here.
import { execSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { CHROMIUM_PATH } from './chromium.mjs';

const path = CHROMIUM_PATH;
if (existsSync(path)) process.exit(0);

const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
if (!isRoot) {
  console.error(
    `Chromium is missing at ${path}. Install Debian's Chromium and re-run:\n  sudo apt-get update && sudo apt-get install -y chromium`,
  );
  process.exit(1);
}
console.log(`Chromium is missing at ${path}: installing it with apt-get…`);
execSync('apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium', {
  stdio: 'inherit',
});
if (!existsSync(path)) {
  console.error(`apt-get finished but ${path} is still missing.`);
  process.exit(1);
}
