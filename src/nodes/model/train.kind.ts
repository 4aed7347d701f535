import { z } from 'zod';
import {
  BACKEND_PREFERENCES,
  DEFAULT_LAYERS,
  layerSpecSchema,
  MODEL_TASKS,
  OPTIMIZERS,
  type TrainSpec,
} from '../../shared/models';
import { defineNodeKind } from '../define-node-kind';
import { param } from '../params';
import { trainReport } from './model-reports';
import { formatDuration } from './model-util';
import { modelMeta, readTrainingTable } from './training-data';

export default defineNodeKind({
  kind: 'model.train',
  version: 1,
  title: 'Train model',
  category: 'Model',
  role: 'model',
  description:
    'Trains a neural network (TF.js, in its own worker) to predict `target` from numeric and boolean (0/1) feature columns: regression, binary or multiclass classification. Seeded: the same data, params and backend give the same model.',
  inputs: { train: { type: 'table' } },
  outputs: { model: { type: 'model' } },
  params: {
    target: param.column('Target', {
      help: 'The column to predict. Fitted stages upstream (impute, scale, one-hot) leave it alone.',
    }),
    features: {
      ...param.columns('Features', {
        help: 'Empty = every usable column (numbers, booleans as 0/1) but the target and "Exclude".',
      }),
      allExcept: 'exclude',
    },
    exclude: param.columns('Exclude', { help: 'Columns the default feature set leaves out.' }),
    task: param.select('Task', ['auto', ...MODEL_TASKS] as const, 'auto', {
      help: 'auto: 2 distinct values → binary; text with more → multiclass; numbers with more → regression.',
    }),
    layers: {
      ...param.json(
        'Hidden layers',
        z
          .array(layerSpecSchema)
          .max(16)
          .default(() => DEFAULT_LAYERS.map((l) => ({ ...l }))),
        {
          help: 'Dense layers in order, each with dropout after it (empty = none). The output layer is added for the task.',
        },
      ),
      control: 'layers' as const,
    },
    optimizer: param.select('Optimizer', OPTIMIZERS, 'adam'),
    learningRate: param.number('Learning rate', 0.001, { min: 1e-7, max: 10 }),
    epochs: param.number('Epochs', 30, { min: 1, max: 10_000, int: true }),
    batchSize: param.number('Batch size', 256, { min: 1, max: 65_536, int: true }),
    validationSplit: param.number('Validation split', 0.1, {
      min: 0,
      max: 0.9,
      help: 'Fraction of rows held out (seeded) to report validation loss each epoch.',
    }),
    earlyStoppingPatience: param.number('Early stopping patience', 0, {
      min: 0,
      max: 10_000,
      int: true,
      help: 'Stop after this many epochs without a better validation loss and keep the best weights. 0 = off.',
    }),
    seed: param.number('Seed', 42, { int: true }),
    backend: param.select('Backend', BACKEND_PREFERENCES, 'auto', {
      help: 'auto picks the fastest that really works here (a software GPU is skipped).',
    }),
  },
  report: trainReport,
  run: async ({ inputs, params, ctx }) => {
    const t = await readTrainingTable(ctx, inputs.train, params);
    const { info } = t;
    const spec: TrainSpec = {
      family: 'neural',
      task: info.task,
      classCount: info.task === 'multiclass' ? info.classes.length : 1,
      layers: params.layers,
      optimizer: params.optimizer,
      learningRate: params.learningRate,
      epochs: params.epochs,
      batchSize: params.batchSize,
      validationSplit: params.validationSplit,
      earlyStoppingPatience: params.earlyStoppingPatience,
      seed: params.seed,
      backend: params.backend,
    };
    const result = await ctx.models.train(spec, t.data, {
      onProgress: (p) =>
        ctx.progress(
          p.fraction,
          `epoch ${p.epoch}/${p.epochs} · batch ${p.batch}/${p.batches} · ETA ${formatDuration(p.etaMs)}`,
        ),
      onEpoch: (logs) => ctx.point(logs),
    });
    const { target, features } = t;

    const last = result.history[result.history.length - 1];
    const meta = modelMeta('neural', spec, t, result, params);
    ctx.report({
      task: info.task,
      target,
      features,
      ...(t.notFeatures.length ? { notFeatures: t.notFeatures } : {}),
      classes: info.classes,
      backend: result.backend,
      backendNote: result.backendNote ?? null,
      epochs: result.epochsRun,
      epochsPlanned: params.epochs,
      bestEpoch: result.bestEpoch,
      stoppedEarly: result.stoppedEarly,
      finalLoss: last?.loss ?? null,
      finalValLoss: last?.val_loss ?? null,
      trainRows: result.trainRows,
      valRows: result.valRows,
      parameters: result.parameters,
      durationMs: Math.round(result.durationMs),
      history: result.history,
    });
    return { model: { type: 'model', id: result.modelId, meta } };
  },
});
