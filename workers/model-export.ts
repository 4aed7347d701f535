import { strToU8, zipSync } from 'fflate';
import { serializePipeline } from '../src/graph/pipeline-file';
import { topoOrder } from '../src/graph/topo-order';
import { readReport } from '../src/nodes/read-report';
import { getKind } from '../src/nodes/registry';
import type { FittedStats } from '../src/nodes/reports';
import type { PipelineGraph } from '../src/shared/graph-types';
import type { ClassLabel, EpochLogs, ModelArtifactFiles, ModelFamily, ModelTask } from '../src/shared/models';
import type { ModelHandle } from '../src/shared/values';
import type { CachedResult } from './executor';
import { solvedModelToOnnx } from './onnx/model-onnx';
import type { SolvedModel } from './train/solve';

/** Name of the Pipewright manifest inside an exported model zip. */
export const MANIFEST_FILE = 'pipewright-model.json';

/** The ONNX-ML model inside a tree or linear model's zip (PIPELINE_FORMAT.md §5). */
export const ONNX_FILE = 'model.onnx';

/** One upstream fitted stage's statistics, as its node reported them (`report.fitted`). */
export interface FittedStage {
  nodeId: string;
  kind: string;
  fitted: FittedStats;
}

/**
 * `pipewright-model.json`: everything needed to use the exported model outside the
 * app: which columns to feed in which order, how to read the outputs, and how the
 * training data was prepared (the fitted statistics to apply to new data first).
 */
export interface PipewrightModelFile {
  format: 'pipewright/model';
  version: 1;
  /** Which runtime reads `files.model`: TF.js layers (neural) or an ONNX runtime (trees, linear). */
  family: ModelFamily;
  /**
   * The model files beside this one: TF.js layers format, or `model.onnx` (ONNX-ML, no
   * weights) with the same model as readable JSON in `readable` (`model.<family>.json`).
   */
  files: { model: string; weights: string[]; readable?: string };
  features: string[];
  target: string;
  targetType: string;
  task: ModelTask;
  /** Class labels in output order; empty for regression. */
  classes: ClassLabel[];
  /** Binary: the class whose probability the single output is. */
  positiveClass: ClassLabel | null;
  /** What the network's output means. */
  output: string;
  /** Fitted stages upstream of training, in pipeline order: apply them to new data first. */
  preprocessing: FittedStage[];
  /** From a model.evaluate node fed by this model, when one ran; else null. */
  metrics: { nodeId: string; values: Record<string, number> } | null;
  training: {
    nodeId: string;
    backend: string;
    backendNote: string | null;
    epochs: number;
    bestEpoch: number;
    trainRows: number;
    valRows: number;
    parameters: number;
    params: Record<string, unknown>;
    history: EpochLogs[];
  };
  /** The part of the pipeline file that produced the model: the nodes on its path. */
  pipeline: unknown;
}

/** Where a node's model comes from: its own output, or the node feeding its model input. */
export function findModel(
  graph: PipelineGraph,
  cache: ReadonlyMap<string, CachedResult>,
  nodeId: string,
): { handle: ModelHandle; sourceId: string; sourcePort: string } {
  const own = Object.entries(cache.get(nodeId)?.outputs ?? {}).find(([, v]) => v.type === 'model');
  if (own?.[1].type === 'model') return { handle: own[1], sourceId: nodeId, sourcePort: own[0] };
  for (const e of graph.edges) {
    if (e.target !== nodeId) continue;
    const v = cache.get(e.source)?.outputs[e.sourcePort];
    if (v?.type === 'model') return { handle: v, sourceId: e.source, sourcePort: e.sourcePort };
  }
  throw new Error(`Node "${nodeId}" has no trained model: run the pipeline first.`);
}

/**
 * The nodes whose data reaches `nodeId` (itself included). A fitted kind computes `out` from
 * `in` alone, its `apply` input feeding only `applied`, so the table scored beside the
 * training data (and the file it came from) is not on the path unless `applied` is.
 */
export function modelPath(graph: Pick<PipelineGraph, 'edges'>, nodeId: string): Set<string> {
  const path = new Set<string>();
  const seen = new Set<string>();
  const stack: { id: string; port: string | null }[] = [{ id: nodeId, port: null }];
  while (stack.length) {
    const { id, port } = stack.pop() as { id: string; port: string | null };
    const withApply = port === null || port === 'applied';
    const key = `${id}\n${withApply}`;
    if (seen.has(key)) continue;
    seen.add(key);
    path.add(id);
    for (const e of graph.edges)
      if (e.target === id && (withApply || e.targetPort !== 'apply'))
        stack.push({ id: e.source, port: e.sourcePort });
  }
  return path;
}

/** Fitted statistics of every node on the path to `nodeId` that reported some, in run order. */
export function fittedUpstream(
  graph: PipelineGraph,
  cache: ReadonlyMap<string, CachedResult>,
  nodeId: string,
): FittedStage[] {
  const ancestors = modelPath(graph, nodeId);
  ancestors.delete(nodeId);
  const { order } = topoOrder(
    graph.nodes.map((n) => n.id).filter((id) => ancestors.has(id)),
    graph.edges,
  );
  const stages: FittedStage[] = [];
  for (const id of order) {
    const kind = graph.nodes.find((n) => n.id === id)?.kind ?? '';
    const fitted = readReport(getKind(kind), cache.get(id)?.report)?.fitted;
    if (fitted !== undefined) stages.push({ nodeId: id, kind, fitted });
  }
  return stages;
}

/** Mean and sd over folds of the first cross-validation whose report names exactly this model. */
export function crossValidationOf(
  graph: PipelineGraph,
  cache: ReadonlyMap<string, CachedResult>,
  modelId: string,
): { mean: Record<string, number>; sd: Record<string, number> } | null {
  for (const n of graph.nodes) {
    const result = cache.get(n.id);
    if (!result || readReport(getKind(n.kind), result.report)?.modelId !== modelId) continue;
    const metrics = Object.values(result.outputs).find((v) => v.type === 'metrics');
    if (metrics?.type === 'metrics' && metrics.sd) return { mean: metrics.values, sd: metrics.sd };
  }
  return null;
}

/** Metrics of the first node (an evaluation) whose report says they were measured on exactly this model. */
export function evaluationOf(
  graph: PipelineGraph,
  cache: ReadonlyMap<string, CachedResult>,
  modelId: string,
): PipewrightModelFile['metrics'] {
  for (const n of graph.nodes) {
    const result = cache.get(n.id);
    // A cached evaluation of an older model (the run stopped before it) does not count.
    if (!result || readReport(getKind(n.kind), result.report)?.modelId !== modelId) continue;
    const metrics = Object.values(result.outputs).find((v) => v.type === 'metrics');
    // Means over folds (cross-validation) are not the test split's numbers.
    if (metrics?.type === 'metrics' && !metrics.sd) return { nodeId: n.id, values: metrics.values };
  }
  return null;
}

function outputMeaning(task: ModelTask, classes: readonly ClassLabel[], onnx: boolean): string {
  if (onnx)
    return task === 'regression'
      ? 'ONNX output "variable" [N, 1]: the predicted target.'
      : 'ONNX outputs "label" [N] (the most probable class) and "probabilities" [N, classes], in the order of "classes".';
  if (task === 'regression') return 'One value per row: the predicted target.';
  if (task === 'binary')
    return `One value per row: the probability that the target is ${JSON.stringify(classes[1])}.`;
  return 'One probability per class per row (softmax), in the order of "classes".';
}

/**
 * The pipeline cut down to the model's path: other branches (their SQL, file names, exports)
 * say nothing about this model and may be private.
 */
export function pathOnly(graph: PipelineGraph, nodeId: string): PipelineGraph {
  const path = modelPath(graph, nodeId);
  return {
    name: graph.name,
    nodes: graph.nodes.filter((n) => path.has(n.id)),
    edges: graph.edges.filter((e) => path.has(e.source) && path.has(e.target)),
  };
}

/** The manifest for a model trained by `sourceId`, from the last run's graph and cache. */
export function buildManifest(
  graph: PipelineGraph,
  cache: ReadonlyMap<string, CachedResult>,
  handle: ModelHandle,
  sourceId: string,
  artifacts: ModelArtifactFiles,
): PipewrightModelFile {
  const m = handle.meta;
  return {
    format: 'pipewright/model',
    version: 1,
    family: m.family,
    files:
      'weights' in artifacts
        ? { model: 'model.json', weights: [artifacts.weightsPath] }
        : { model: ONNX_FILE, weights: [], readable: artifacts.fileName },
    features: m.features,
    target: m.target,
    targetType: m.targetType,
    task: m.task,
    classes: m.classes,
    positiveClass: m.task === 'binary' ? (m.classes[1] ?? null) : null,
    output: outputMeaning(m.task, m.classes, !('weights' in artifacts)),
    preprocessing: fittedUpstream(graph, cache, sourceId),
    metrics: evaluationOf(graph, cache, handle.id),
    training: {
      nodeId: sourceId,
      backend: m.backend,
      backendNote: m.backendNote ?? null,
      epochs: m.epochs,
      bestEpoch: m.bestEpoch,
      trainRows: m.trainRows,
      valRows: m.valRows,
      parameters: m.parameters,
      params: m.params,
      history: m.history,
    },
    pipeline: JSON.parse(serializePipeline(pathOnly(graph, sourceId))),
  };
}

/**
 * The download: `model.json` + weights (TF.js layers format), or a solver family's
 * `model.onnx` and readable `model.<family>.json`; and `pipewright-model.json`.
 */
export function zipModel(artifacts: ModelArtifactFiles, manifest: PipewrightModelFile): Uint8Array {
  const manifestFile = strToU8(`${JSON.stringify(manifest, null, 2)}\n`);
  if (!('weights' in artifacts))
    return zipSync({
      // The artifact is the solver's plain-data model, typed loosely to cross the worker boundary.
      [ONNX_FILE]: solvedModelToOnnx(artifacts.model as unknown as SolvedModel, {
        features: manifest.features,
        classes: manifest.classes,
      }),
      [artifacts.fileName]: strToU8(`${JSON.stringify(artifacts.model, null, 1)}\n`),
      [MANIFEST_FILE]: manifestFile,
    });
  return zipSync({
    'model.json': strToU8(JSON.stringify(artifacts.modelJson)),
    // Weights barely compress; storing them keeps the export fast.
    [artifacts.weightsPath]: [artifacts.weights, { level: 0 }],
    [MANIFEST_FILE]: manifestFile,
  });
}
