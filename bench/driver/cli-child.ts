import { spawn } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { RunReport } from '../../cli/run-report';
import { serializePipeline } from '../../src/graph/pipeline-file';
import type { PipelineGraph } from '../../src/shared/graph-types';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const CLI = join(REPO, 'cli', 'pipewright.mjs');
/** GNU time: the child's peak resident set, as the kernel counted it (ru_maxrss). */
const GNU_TIME = '/usr/bin/time';

/** One `pipewright run` in a child process, measured from outside. */
export interface CliRun {
  /** Spawn to exit, ms (includes Node start-up and loading the CLI). */
  wallMs: number;
  /** Peak RSS of the CLI process, bytes (null without /usr/bin/time). */
  peakRss: number | null;
  exitCode: number | null;
  report: RunReport | undefined;
  /** The last lines the CLI wrote on stderr (its failure lines), for error messages. */
  stderrTail: string;
}

export interface CliOptions {
  /** Upload name → path. */
  files: Record<string, string>;
  out: string;
  memoryLimit?: string;
  tempDir?: string;
  threads?: number;
  /** A file for the CLI's --json event lines (node starts, progress, finishes), to follow a long run. */
  events?: string;
}

/** Write `graph` as a pipeline file into `dir` and give its path. */
export function writePipeline(dir: string, name: string, graph: PipelineGraph): string {
  mkdirSync(dir, { recursive: true });
  const path = join(dir, `${name}.pipeline.json`);
  writeFileSync(path, serializePipeline(graph));
  return path;
}

/** Parse GNU time -v's "Maximum resident set size (kbytes): N" into bytes. */
export function maxRssFromTimeOutput(text: string): number | null {
  const m = /Maximum resident set size \(kbytes\): (\d+)/.exec(text);
  return m ? Number(m[1]) * 1024 : null;
}

/**
 * `node cli/pipewright.mjs run <pipeline> …` as a child process under GNU time, so its
 * peak RSS is the kernel's figure rather than a sample. Its run.json is read back from --out.
 */
export async function runCli(pipeline: string, options: CliOptions): Promise<CliRun> {
  rmSync(options.out, { recursive: true, force: true });
  const args = [CLI, 'run', pipeline, '--out', options.out, '--json'];
  for (const [name, path] of Object.entries(options.files)) args.push('--file', `${name}=${path}`);
  if (options.memoryLimit) args.push('--memory-limit', options.memoryLimit);
  if (options.tempDir) {
    mkdirSync(options.tempDir, { recursive: true });
    args.push('--temp-dir', options.tempDir);
  }
  if (options.threads) args.push('--threads', String(options.threads));
  const timed = existsSync(GNU_TIME);
  const [command, argv] = timed ? [GNU_TIME, ['-v', process.execPath, ...args]] : [process.execPath, args];
  const t0 = performance.now();
  const events = options.events ? openSync(options.events, 'w') : 'ignore';
  const child = spawn(command, argv, { cwd: REPO, stdio: ['ignore', events, 'pipe'] });
  if (typeof events === 'number') closeSync(events);
  let stderr = '';
  const pipe = child.stderr;
  if (!pipe) throw new Error('pipewright: no stderr pipe');
  pipe.setEncoding('utf8');
  pipe.on('data', (chunk: string) => {
    // Keep the tail only: the CLI's messages and GNU time's report come last.
    stderr = (stderr + chunk).slice(-20_000);
  });
  const exitCode = await new Promise<number | null>((done, fail) => {
    child.once('error', fail);
    child.once('close', (code) => done(code));
  });
  const wallMs = performance.now() - t0;
  const runJson = join(options.out, 'run.json');
  const report = existsSync(runJson) ? (JSON.parse(readFileSync(runJson, 'utf8')) as RunReport) : undefined;
  return {
    wallMs,
    peakRss: timed ? maxRssFromTimeOutput(stderr) : null,
    exitCode,
    report,
    stderrTail: stderr
      .split('\n')
      .filter((l) => l && !l.startsWith('\t'))
      .slice(-5)
      .join('\n'),
  };
}

/** Why a CLI run did not finish, in one line: its failed nodes, else its exit and stderr. */
export function cliFailure(run: CliRun): string | undefined {
  if (run.exitCode === 0 && run.report?.status === 'done') return undefined;
  const failed = Object.entries(run.report?.nodes ?? {})
    .filter(([, n]) => n.status === 'error')
    .map(([id, n]) => `node ${id} (${n.kind}): ${n.error}`);
  return failed.length
    ? failed.join('; ')
    : `exit ${run.exitCode ?? 'signal'}${run.stderrTail ? `: ${run.stderrTail.replaceAll('\n', ' | ')}` : ''}`;
}
