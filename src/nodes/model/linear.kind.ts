import type { LinearTrainSpec } from '../../shared/models';
import { defineNodeKind } from '../define-node-kind';
import { param } from '../params';
import { linearReport } from './model-reports';
import {
  featureTable,
  modelMeta,
  predictsSubtitle,
  readTrainingTable,
  trainingParams,
} from './training-data';

export default defineNodeKind({
  kind: 'model.linear',
  version: 1,
  title: 'Linear / logistic regression',
  category: 'Model',
  role: 'model',
  description:
    'Fits a linear model to predict `target` from numeric and boolean feature columns, solved exactly: ridge regression (Cholesky) for a numeric target, logistic regression (Newton) for two classes, multinomial logistic regression for more. `l2` is scikit-learn’s Ridge `alpha` or LogisticRegression `1/C`; features are not scaled here (add Features › Scale first). Reports the coefficient of every feature.',
  inputs: { train: { type: 'table' } },
  outputs: { model: { type: 'model' } },
  params: {
    ...trainingParams(),
    l2: param.number('L2', 1, {
      min: 0,
      max: 1e9,
      help: 'Penalty on the coefficients (not the intercept): Ridge alpha, or 1/C of logistic regression.',
    }),
  },
  subtitle: (p) => predictsSubtitle(`L2 ${p.l2}`, p.target),
  report: linearReport,
  run: async ({ inputs, params, ctx }) => {
    const t = await readTrainingTable(ctx, inputs.train, params);
    const { info } = t;
    const spec: LinearTrainSpec = {
      family: 'linear',
      task: info.task,
      classCount: info.task === 'multiclass' ? info.classes.length : 1,
      l2: params.l2,
    };
    ctx.progress(0.5, 'solving');
    const result = await ctx.models.train(spec, t.data, { onEpoch: (logs) => ctx.point(logs) });
    const summary = result.summary;
    if (summary?.family !== 'linear') throw new Error('The training runtime returned no coefficients.');
    // One column per output: the log-odds of the positive class, or each class's logit.
    const outputs =
      info.task === 'multiclass'
        ? info.classes.map(String)
        : [info.task === 'binary' ? 'log-odds' : 'coefficient'];
    const table = featureTable('Coefficients', t.features, outputs, summary.coefficients);
    table.rows.push(['(intercept)', ...summary.intercept]);
    ctx.report({
      task: info.task,
      target: t.target,
      features: t.features,
      ...(t.notFeatures.length ? { notFeatures: t.notFeatures } : {}),
      classes: info.classes,
      backend: result.backend,
      model:
        info.task === 'regression'
          ? 'ridge regression'
          : info.task === 'binary'
            ? 'logistic regression'
            : 'multinomial logistic regression',
      l2: params.l2,
      iterations: summary.iterations,
      finalLoss: result.history[result.history.length - 1]?.loss ?? null,
      trainRows: result.trainRows,
      valRows: result.valRows,
      parameters: result.parameters,
      durationMs: Math.round(result.durationMs),
      history: result.history,
      featureTable: table,
    });
    return {
      model: { type: 'model', id: result.modelId, meta: modelMeta('linear', spec, t, result, params) },
    };
  },
});
