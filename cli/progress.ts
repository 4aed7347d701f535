import { Listr, type ListrTaskWrapper } from 'listr2';
import { getKind } from '../src/nodes/registry';
import type { PipelineGraph } from '../src/shared/graph-types';
import type { EngineEvent } from '../src/shared/protocol';

/** Shows a run as it goes. */
export interface Progress {
  onEvent(e: EngineEvent): void;
  /** The run is over: settle the display. */
  finish(): Promise<void>;
}

/** One JSON object per line on stdout: every engine event, for schedulers and scripts. */
export function jsonProgress(write: (line: string) => void = (l) => process.stdout.write(l)): Progress {
  return {
    onEvent: (e) => write(`${JSON.stringify(e)}\n`),
    finish: async () => {},
  };
}

// listr2's task wrapper, with the types the CLI does not use left open.
// biome-ignore lint/suspicious/noExplicitAny: listr2's wrapper is generic over its renderers.
type Task = ListrTaskWrapper<unknown, any, any>;

interface Slot {
  settle: (error?: Error) => void;
  settled: boolean;
  task?: Task;
  title: string;
  epochs: number;
}

function describe(values: Record<string, number>): string {
  return Object.entries(values)
    .map(([k, v]) => `${k} ${Number.isInteger(v) ? v : v.toPrecision(4)}`)
    .join(', ');
}

/**
 * A task list on the terminal (listr2): one line per node, with its status, rows and time,
 * and while it runs its progress (epochs for training). Nodes that wait on others show as
 * pending; independent branches run at once, as in the engine.
 */
export function terminalProgress(graph: PipelineGraph): Progress {
  const slots = new Map<string, Slot>();
  const listr = new Listr(
    graph.nodes.map((node) => {
      const title = `${node.id} · ${getKind(node.kind)?.title ?? node.kind}`;
      const slot: Slot = { settle: () => {}, settled: false, title, epochs: 0 };
      const settled = new Promise<void>((resolve, reject) => {
        slot.settle = (error) => {
          slot.settled = true;
          if (error) reject(error);
          else resolve();
        };
      });
      slots.set(node.id, slot);
      return {
        title,
        task: (_: unknown, task: Task) => {
          slot.task = task;
          return settled;
        },
      };
    }),
    { concurrent: true, exitOnError: false, rendererOptions: { collapseErrors: false } },
  );
  const running = listr.run().catch(() => undefined);
  return {
    onEvent(e) {
      if (!('nodeId' in e)) return;
      const slot = slots.get(e.nodeId);
      if (!slot) return;
      const task = slot.task;
      switch (e.type) {
        case 'node-started':
          slot.epochs = 0;
          if (task) task.title = `${slot.title} — running`;
          break;
        case 'node-progress':
          if (task) task.output = e.message ?? `${Math.round(e.fraction * 100)}%`;
          break;
        case 'node-point':
          slot.epochs++;
          if (task) task.output = `epoch ${slot.epochs}: ${describe(e.values)}`;
          break;
        case 'node-done':
        case 'node-cached': {
          const rows = Object.values(e.outputs).find((o) => o.type === 'table')?.rowCount;
          const metrics = Object.values(e.outputs).find((o) => o.type === 'metrics')?.values;
          const parts = [
            e.type === 'node-cached' ? 'cached' : `${(e.durationMs / 1000).toFixed(2)} s`,
            ...(rows === undefined ? [] : [`${rows.toLocaleString('en-US')} rows`]),
            ...(metrics ? [describe(metrics)] : []),
            ...(e.warnings.length ? [`⚠ ${e.warnings.join('; ')}`] : []),
          ];
          if (task) task.title = `${slot.title} — ${parts.join(' · ')}`;
          slot.settle();
          break;
        }
        case 'node-failed':
          slot.settle(new Error(e.message));
          break;
        case 'node-blocked':
          task?.skip(e.message);
          slot.settle();
          break;
      }
    },
    async finish() {
      for (const slot of slots.values())
        if (!slot.settled) {
          slot.task?.skip('not run');
          slot.settle();
        }
      await running;
    },
  };
}
