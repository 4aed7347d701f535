import type { PipelineGraph } from '../../src/shared/graph-types';
import type { EngineEvent, RunOptions } from '../../src/shared/protocol';
import { Engine } from '../../workers/engine';
import { NativeDuckBackend } from '../../workers/native/duck-backend-native';
import { InProcessModels } from '../../workers/testing/in-process-models';
import { type RunRecord, type TimedEvent, timedEvent } from '../shared';

/**
 * The app's own executor and node kinds (workers/engine.ts) over native DuckDB in this
 * process, with the training runtime in process on TF.js's wasm backend: the same pipeline,
 * minus the browser. Runs are recorded like the bench page records them.
 */
export class NativeEngine {
  private constructor(
    readonly backend: NativeDuckBackend,
    readonly engine: Engine,
    readonly threads: number,
  ) {}

  get threadsNote(): string {
    return this.threads === 1 ? '1 thread' : `${this.threads} threads`;
  }

  /** `files`: upload name → path of the files its pipelines read. */
  static async create(files: Record<string, string>, threads?: number): Promise<NativeEngine> {
    const backend = await NativeDuckBackend.create({ files, threads });
    const engine = new Engine(
      backend,
      (name) => (backend.hasFile(name) ? name : ''),
      new InProcessModels('wasm'),
    );
    return new NativeEngine(
      backend,
      engine,
      Number(await backend.duck.scalar("SELECT current_setting('threads')")),
    );
  }

  async run(graph: PipelineGraph, options: RunOptions = {}): Promise<RunRecord> {
    const events: TimedEvent[] = [];
    const t0 = performance.now();
    await this.engine.run(
      graph,
      (e: EngineEvent) => {
        if (e.type === 'node-point' || e.type === 'node-log' || e.type === 'node-progress') return;
        events.push(timedEvent(e, performance.now() - t0));
      },
      options,
    );
    const finished = events.find((e) => e.type === 'run-finished');
    return {
      wallMs: performance.now() - t0,
      events,
      otherEvents: 0,
      status: (finished?.status as RunRecord['status']) ?? 'none',
    };
  }

  close(): void {
    this.backend.close();
  }
}
