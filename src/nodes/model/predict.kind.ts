import { defineNodeKind } from '../define-node-kind';
import { predictReport } from './model-reports';
import { appendPredictions, probabilityColumns } from './model-util';

export default defineNodeKind({
  kind: 'model.predict',
  version: 1,
  title: 'Predict',
  category: 'Model',
  description:
    'Appends the model’s `prediction` to every row of a table holding its feature columns, and for classification one `prob_<class>` column per class. Existing columns of those names are replaced.',
  inputs: { model: { type: 'model' }, data: { type: 'table' } },
  outputs: { out: { type: 'table' } },
  params: {},
  report: predictReport,
  run: async ({ inputs, ctx }) => {
    const meta = inputs.model.meta;
    const out = await appendPredictions(ctx, inputs.model, inputs.data, 'out');
    ctx.report({
      task: meta.task,
      rows: out.rowCount,
      features: meta.features,
      added: ['prediction', ...(meta.task === 'regression' ? [] : probabilityColumns(meta.classes))],
    });
    return { out };
  },
});
