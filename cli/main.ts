import { readFileSync } from 'node:fs';
import { parsePipelineFile } from '../src/graph/pipeline-file';
import { getKind } from '../src/nodes/registry';
import type { PipelineGraph } from '../src/shared/graph-types';
import { parseRunArgs, type RunArgs, USAGE } from './args';
import { applyParamOverrides } from './params';
import { jsonProgress, type Progress, terminalProgress } from './progress';
import type { RunReport } from './run-report';
import { PipelineRunner } from './runner';
import { watchInputs } from './watch';

/** Read the pipeline file with `--param` overrides applied, validated as Import pipeline does. */
export function loadPipeline(path: string, overrides: readonly string[]): PipelineGraph {
  const text = readFileSync(path, 'utf8');
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    raw = undefined; // parsePipelineFile says why
  }
  if (raw !== undefined && overrides.length) applyParamOverrides(raw, overrides);
  const parsed = parsePipelineFile(raw === undefined ? text : JSON.stringify(raw), getKind);
  if (!parsed.ok) throw new Error(`${path} is not a valid pipeline:\n  ${parsed.errors.join('\n  ')}`);
  return parsed.graph;
}

/** Files the pipeline's nodes read (their kinds' file params) that were not given with --file. */
function missingFiles(graph: PipelineGraph, files: Record<string, string>): string[] {
  const names = graph.nodes
    .flatMap((n) => (getKind(n.kind)?.fileParams ?? []).map((param) => n.params[param]))
    .filter((file): file is string => typeof file === 'string' && file !== '');
  return [...new Set(names)].filter((name) => !(name in files));
}

/** Each failed node with its kind and message, as the browser's card shows it. */
export function failureLines(report: RunReport): string[] {
  return Object.entries(report.nodes)
    .filter(([, n]) => n.status === 'error')
    .map(([id, n]) => `✗ node "${id}" (${n.kind}) failed: ${n.error}`);
}

async function runOnce(runner: PipelineRunner, graph: PipelineGraph, args: RunArgs): Promise<RunReport> {
  const progress: Progress = args.json ? jsonProgress() : terminalProgress(graph);
  let report: RunReport;
  try {
    report = await runner.run(graph, (e) => progress.onEvent(e));
  } finally {
    await progress.finish();
  }
  if (args.json) process.stdout.write(`${JSON.stringify({ type: 'run-report', ...report })}\n`);
  for (const line of failureLines(report)) process.stderr.write(`${line}\n`);
  if (!args.json)
    process.stderr.write(
      `${report.status === 'done' ? '✓' : '✗'} run ${report.status}: ${args.out}/run.json\n`,
    );
  return report;
}

/** `pipewright …`: the exit code. */
export async function main(argv: readonly string[]): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h') || !argv.length) {
    process.stdout.write(`${USAGE}\n`);
    return argv.length ? 0 : 2;
  }
  let args: RunArgs;
  let graph: PipelineGraph;
  try {
    args = parseRunArgs(argv);
    graph = loadPipeline(args.pipeline, args.params);
    const missing = missingFiles(graph, args.files);
    if (missing.length)
      throw new Error(
        `The pipeline reads ${missing.map((m) => `"${m}"`).join(', ')}: give each with --file <name>=<path>.`,
      );
  } catch (err) {
    process.stderr.write(`pipewright: ${err instanceof Error ? err.message : String(err)}\n\n${USAGE}\n`);
    return 2;
  }
  const runner = await PipelineRunner.create(args);
  try {
    const first = await runOnce(runner, graph, args);
    if (!args.watch) return first.status === 'done' ? 0 : 1;
    const stop = new AbortController();
    process.once('SIGINT', () => stop.abort());
    process.stderr.write('watching the input files (Ctrl+C to stop)…\n');
    await watchInputs(Object.values(args.files), () => runOnce(runner, graph, args), stop.signal);
    return 0;
  } finally {
    runner.close();
  }
}
