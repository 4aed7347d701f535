import type { EpochLogs, ModelSummary, SolverSpec, TrainData } from '../../src/shared/models';
import { type GbdtModel, predictGbdt, trainGbdt } from '../ml/gbdt';
import { type LinearModel, predictLinear } from '../ml/linear-model';
import { trainLogistic } from '../ml/logistic';
import { logLoss } from '../ml/metrics';
import { trainRidge } from '../ml/ridge';

/** A model of a solver family: plain data, JSON-able, predicted without TF.js. */
export type SolvedModel = GbdtModel | LinearModel;

/** What one solver run gives back (the model plus what the training node reports). */
export interface SolveResult {
  model: SolvedModel;
  history: EpochLogs[];
  trainRows: number;
  valRows: number;
  stoppedEarly: boolean;
}

/** One boosting round, Newton iteration (logistic) or the single ridge solve done. */
export interface RoundDone {
  round: number;
  rounds: number;
  logs: EpochLogs;
}

/**
 * Train a solver family's model, synchronously: in the browser inside a worker of its own
 * (solver.worker.ts, terminated on cancel), in Node in process. `signal` is checked between
 * boosting rounds.
 */
export function solve(
  spec: SolverSpec,
  data: TrainData,
  onRound: (done: RoundDone) => void,
  signal?: AbortSignal,
): SolveResult {
  const { x, y, rows, features } = data;
  if (spec.family === 'gbdt') {
    const history: EpochLogs[] = [];
    const model = trainGbdt(x, y, rows, features, {
      task: spec.task,
      ...(spec.task === 'multiclass' ? { numClasses: spec.classCount } : {}),
      rounds: spec.rounds,
      learningRate: spec.learningRate,
      maxDepth: spec.maxDepth,
      maxLeaves: spec.maxLeaves,
      minSamplesLeaf: spec.minSamplesLeaf,
      l2: spec.l2,
      subsample: spec.subsample,
      colsample: spec.colsample,
      bins: spec.bins,
      earlyStoppingRounds: spec.earlyStoppingRounds,
      validationFraction: spec.validationFraction,
      seed: spec.seed,
      categorical: spec.categorical,
      signal,
      onRound: (p) => {
        const logs: EpochLogs = { epoch: p.round, loss: p.trainLoss };
        if (p.validLoss !== null) logs.val_loss = p.validLoss;
        history.push(logs);
        onRound({ round: p.round, rounds: p.rounds, logs });
        return undefined;
      },
    });
    const valRows =
      spec.earlyStoppingRounds > 0 ? Math.max(1, Math.floor(rows * spec.validationFraction)) : 0;
    return {
      model,
      history,
      trainRows: rows - valRows,
      valRows,
      stoppedEarly: history.length < spec.rounds,
    };
  }
  signal?.throwIfAborted();
  if (spec.task === 'regression') {
    const model = trainRidge(x, y, rows, features, { l2: spec.l2 });
    const logs: EpochLogs = { epoch: 1, loss: linearLoss(model, data) };
    onRound({ round: 1, rounds: 1, logs });
    return { model, history: [logs], trainRows: rows, valRows: 0, stoppedEarly: false };
  }
  // Newton's method: the loss per iteration (from the start, iteration 0) is its history.
  const history: EpochLogs[] = [];
  const model = trainLogistic(x, y, rows, features, {
    task: spec.task,
    ...(spec.task === 'multiclass' ? { numClasses: spec.classCount } : {}),
    l2: spec.l2,
    onIteration: (iteration, loss) => {
      history.push({ epoch: iteration, loss });
    },
  });
  for (const [i, logs] of history.entries()) onRound({ round: i + 1, rounds: history.length, logs });
  return { model, history, trainRows: rows, valRows: 0, stoppedEarly: false };
}

/** Training loss of a linear model: mean squared error, or mean log loss. */
function linearLoss(model: LinearModel, data: TrainData): number {
  const pred = predictLinear(model, data.x, data.rows);
  if (model.task !== 'regression') return logLoss(pred, data.y, model.outputs);
  let total = 0;
  for (let i = 0; i < data.rows; i++) total += ((pred[i] as number) - (data.y[i] as number)) ** 2;
  return total / data.rows;
}

/** Model outputs as `ModelApi.predict` promises them (value, P(positive) or class probabilities). */
export function predictSolved(model: SolvedModel, x: Float32Array, rows: number): Float32Array {
  const out = model.family === 'gbdt' ? predictGbdt(model, x, rows) : predictLinear(model, x, rows);
  return Float32Array.from(out);
}

/** Number of inputs a model takes. */
export function featureCount(model: SolvedModel): number {
  return model.family === 'gbdt' ? model.features.length : (model.coefficients[0]?.length ?? 0);
}

/** What the training node reports of a model: importance or coefficients, and its size. */
export function summarize(model: SolvedModel): { summary: ModelSummary; parameters: number } {
  if (model.family === 'gbdt') {
    const nodes = model.trees.reduce((s, t) => s + t.feature.length, 0);
    const leaves = model.trees.reduce((s, t) => s + t.feature.filter((f) => f < 0).length, 0);
    return {
      summary: { family: 'gbdt', importance: model.importance, trees: model.trees.length, leaves },
      parameters: nodes,
    };
  }
  return {
    summary: {
      family: 'linear',
      coefficients: model.coefficients,
      intercept: model.intercept,
      iterations: model.iterations,
    },
    parameters: model.coefficients.reduce((s, w) => s + w.length, 0) + model.intercept.length,
  };
}
