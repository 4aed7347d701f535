import type { PipelineGraph } from '../src/shared/graph-types';
import type { EngineEvent } from '../src/shared/protocol';
import type { OutputSummary } from '../src/shared/values';

/** One node's line in run.json (PIPELINE_FORMAT.md §5; `kind`, `warnings`, `file` added). */
export interface NodeRunReport {
  status: 'done' | 'warning' | 'cached' | 'error' | 'blocked';
  kind: string;
  /** Rows of its table output (`out`, else its first table output). */
  rows?: number;
  seconds: number;
  metrics?: Record<string, number>;
  error?: string;
  warnings?: string[];
  /** What it wrote into --out (export nodes), relative to it. */
  file?: string;
}

/** `<out>/run.json`. */
export interface RunReport {
  status: 'done' | 'error';
  nodes: Record<string, NodeRunReport>;
}

/** The statuses a node succeeded with. */
export const SUCCEEDED: ReadonlySet<NodeRunReport['status']> = new Set(['done', 'warning', 'cached']);

function rowsOf(outputs: Record<string, OutputSummary>): number | undefined {
  const tables = Object.entries(outputs).filter(([, o]) => o.type === 'table');
  return (tables.find(([port]) => port === 'out') ?? tables[0])?.[1].rowCount;
}

function metricsOf(outputs: Record<string, OutputSummary>): Record<string, number> | undefined {
  const found = Object.values(outputs).filter((o) => o.type === 'metrics');
  return found.length ? Object.assign({}, ...found.map((o) => o.values)) : undefined;
}

/** Builds run.json from the engine's events. */
export class RunReportBuilder {
  readonly nodes: Record<string, NodeRunReport> = {};
  private readonly kinds: Map<string, string>;

  constructor(graph: PipelineGraph) {
    this.kinds = new Map(graph.nodes.map((n) => [n.id, n.kind]));
  }

  private set(id: string, entry: Omit<NodeRunReport, 'kind'>): void {
    this.nodes[id] = { kind: this.kinds.get(id) ?? '?', ...entry };
  }

  onEvent(e: EngineEvent): void {
    const seconds = (ms: number) => Math.round(ms) / 1000;
    if (e.type === 'node-done' || e.type === 'node-cached') {
      const warnings = e.warnings.length ? { warnings: e.warnings } : {};
      const rows = rowsOf(e.outputs);
      const metrics = metricsOf(e.outputs);
      this.set(e.nodeId, {
        status: e.type === 'node-cached' ? 'cached' : e.warnings.length ? 'warning' : 'done',
        ...(rows === undefined ? {} : { rows }),
        seconds: e.type === 'node-done' ? seconds(e.durationMs) : 0,
        ...(metrics ? { metrics } : {}),
        ...warnings,
      });
    } else if (e.type === 'node-failed')
      this.set(e.nodeId, { status: 'error', seconds: seconds(e.durationMs), error: e.message });
    else if (e.type === 'node-blocked')
      this.set(e.nodeId, { status: 'blocked', seconds: 0, error: e.message });
  }

  /** A node that ran but whose output could not be written. */
  fail(id: string, message: string): void {
    const entry = this.nodes[id];
    this.set(id, { ...(entry ?? { seconds: 0 }), status: 'error', error: message });
  }

  report(): RunReport {
    const all = [...this.kinds.keys()];
    const ok = all.every((id) => {
      const status = this.nodes[id]?.status;
      return status !== undefined && SUCCEEDED.has(status);
    });
    return { status: ok ? 'done' : 'error', nodes: this.nodes };
  }
}
