import { type ChildProcess, spawn } from 'node:child_process';
import { type Browser, chromium } from '@playwright/test';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../../scripts/chromium.mjs';

const VITE = 'node_modules/vite/bin/vite.js';

function runToEnd(args: string[], label: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [VITE, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout?.on('data', (d: Buffer) => {
      output += d.toString();
    });
    child.stderr?.on('data', (d: Buffer) => {
      output += d.toString();
    });
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`${label} failed (exit ${code}):\n${output.slice(-4000)}`)),
    );
  });
}

/** `vite build` of the production app (dist/, as `npm run build`). */
export function buildApp(): Promise<void> {
  return runToEnd(['build', '--logLevel', 'warn'], 'vite build');
}

/** The bench page's own build (bench/vite.config.ts → bench/.cache/page-dist). */
export function buildBenchPage(): Promise<void> {
  return runToEnd(['build', '--config', 'bench/vite.config.ts', '--logLevel', 'warn'], 'bench page build');
}

export interface Server {
  url: string;
  close(): Promise<void>;
}

/** `vite preview` on `port` (the app, or the bench page with its config) until closed. */
export async function preview(port: number, config?: string): Promise<Server> {
  const args = ['preview', '--port', String(port), '--strictPort', '--host', '127.0.0.1'];
  if (config) args.push('--config', config);
  const url = `http://127.0.0.1:${port}/`;
  // Something else answering there would be measured instead of this build.
  if (
    await fetch(url).then(
      () => true,
      () => false,
    )
  )
    throw new Error(`port ${port} is already in use: stop whatever serves ${url}`);
  const child: ChildProcess = spawn(process.execPath, [VITE, ...args], { stdio: 'ignore' });
  // A crashed or interrupted bench must not leave servers behind.
  const kill = () => child.kill();
  process.once('exit', kill);
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`vite preview on port ${port} exited (${child.exitCode})`);
    try {
      if ((await fetch(url)).ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill();
      throw new Error(`vite preview on port ${port} did not start`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    url,
    close: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        process.off('exit', kill);
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: CHROMIUM_ARGS,
  });
}
