// How every browser run here launches Chromium (e2e, screenshots, benchmarks): Debian's build
// (Playwright cannot download its own), and flags that keep it offline and quiet.
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
