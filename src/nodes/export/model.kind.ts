import { defineNodeKind } from '../define-node-kind';
import { exportModelReport } from '../model/model-reports';

export default defineNodeKind({
  kind: 'export.model',
  version: 1,
  title: 'Export model',
  category: 'Export',
  description:
    'Downloads the trained model as a zip (the Download model button on the node): for a neural network model.json and weights in the TF.js layers format, for trees and linear models model.onnx (ONNX-ML, runs in onnxruntime) and the same model as readable model.gbdt.json / model.linear.json; plus pipewright-model.json with the feature columns, target, classes, fitted preprocessing, metrics, training history and the pipeline.',
  inputs: { model: { type: 'model' } },
  outputs: {},
  params: {},
  actions: [{ type: 'download-model', label: 'Download model' }],
  report: exportModelReport,
  run: async ({ inputs, ctx }) => {
    const { id, meta } = inputs.model;
    if (!(await ctx.models.has(id)))
      throw new Error('The model is no longer held by the training runtime: run its training node again.');
    ctx.report({
      task: meta.task,
      target: meta.target,
      features: meta.features.length,
      classes: meta.classes,
      files: [
        ...(meta.family === 'gbdt' || meta.family === 'linear'
          ? ['model.onnx', `model.${meta.family}.json`]
          : ['model.json', 'group1-shard1of1.bin']),
        'pipewright-model.json',
      ],
    });
    return {};
  },
});
