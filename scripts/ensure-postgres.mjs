// Make sure Debian's PostgreSQL server is there for the database-source tests
// (cli/postgres-source.test.ts starts its own on a temporary folder and port): install it with
// apt when we are root, otherwise say exactly what to install. The tests fail without it.
import { execSync } from 'node:child_process';
import { existsSync } from 'node:fs';

function bindir() {
  try {
    const dir = execSync('pg_config --bindir', {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
    return existsSync(`${dir}/initdb`) && existsSync(`${dir}/pg_ctl`) ? dir : undefined;
  } catch {
    return undefined;
  }
}

if (bindir()) process.exit(0);

const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
if (!isRoot) {
  console.error(
    "PostgreSQL's server (initdb, pg_ctl) is missing. Install Debian's and re-run:\n  sudo apt-get update && sudo apt-get install -y postgresql",
  );
  process.exit(1);
}
console.log('PostgreSQL is missing: installing it with apt-get…');
execSync('apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql', {
  stdio: 'inherit',
});
if (!bindir()) {
  console.error('apt-get finished but pg_config --bindir still names no initdb/pg_ctl.');
  process.exit(1);
}
