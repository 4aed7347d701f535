import type { GbdtModel } from '../ml/gbdt-model';
import type { LinearModel } from '../ml/linear-model';
import { DataType, encodeModel, type OnnxAttribute, type OnnxNode, type OnnxValueInfo } from './proto';
import { treeEnsembleAttributes } from './tree-ensemble';

/** Names of the graph's input and outputs, as skl2onnx names them (with `zipmap` off). */
export const ONNX_INPUT = 'float_input';
export const ONNX_LABEL = 'label';
export const ONNX_PROBABILITIES = 'probabilities';
export const ONNX_VARIABLE = 'variable';

/** ai.onnx.ml opset 1 holds every attribute used here, so older runtimes read the model too. */
const IR_VERSION = 8;
const ML_OPSET = 1;
const ML_DOMAIN = 'ai.onnx.ml';

export interface OnnxExportInfo {
  /** Feature names in input column order (kept in the model's metadata). */
  features: readonly string[];
  /** Class labels in output order (classification); empty for regression. */
  classes: readonly (string | number | boolean)[];
  producerVersion?: string;
}

/**
 * The classifier's labels: integers stay int64 labels (as scikit-learn's do), anything else
 * becomes its string form. Without labels, the class index is the label.
 */
function labelAttribute(
  classes: readonly (string | number | boolean)[],
  count: number,
  intsName: 'classlabels_int64s' | 'classlabels_ints',
): OnnxAttribute {
  if (classes.length !== count)
    return { name: intsName, kind: 'ints', value: Array.from({ length: count }, (_, i) => i) };
  if (classes.every((c) => typeof c === 'number' && Number.isSafeInteger(c)))
    return { name: intsName, kind: 'ints', value: classes as number[] };
  return { name: 'classlabels_strings', kind: 'strings', value: classes.map(String) };
}

function classOutputs(label: OnnxAttribute, classCount: number): OnnxValueInfo[] {
  return [
    { name: ONNX_LABEL, elemType: label.kind === 'ints' ? DataType.INT64 : DataType.STRING, shape: ['N'] },
    { name: ONNX_PROBABILITIES, elemType: DataType.FLOAT, shape: ['N', classCount] },
  ];
}

function gbdtNode(
  model: GbdtModel,
  classes: OnnxExportInfo['classes'],
): { node: OnnxNode; outputs: OnnxValueInfo[] } {
  if (model.task === 'regression') {
    return {
      node: {
        opType: 'TreeEnsembleRegressor',
        domain: ML_DOMAIN,
        name: 'gbdt',
        inputs: [ONNX_INPUT],
        outputs: [ONNX_VARIABLE],
        attributes: [
          { name: 'n_targets', kind: 'int', value: 1 },
          { name: 'aggregate_function', kind: 'string', value: 'SUM' },
          { name: 'post_transform', kind: 'string', value: 'NONE' },
          ...treeEnsembleAttributes(model, 'target'),
        ],
      },
      outputs: [{ name: ONNX_VARIABLE, elemType: DataType.FLOAT, shape: ['N', 1] }],
    };
  }
  const classCount = model.task === 'binary' ? 2 : model.outputs;
  const label = labelAttribute(classes, classCount, 'classlabels_int64s');
  return {
    node: {
      opType: 'TreeEnsembleClassifier',
      domain: ML_DOMAIN,
      name: 'gbdt',
      inputs: [ONNX_INPUT],
      outputs: [ONNX_LABEL, ONNX_PROBABILITIES],
      attributes: [
        label,
        // Binary: one score (the log-odds of the second class) that the runtime turns into
        // [1 - p, p], as skl2onnx exports scikit-learn's boosted trees.
        { name: 'post_transform', kind: 'string', value: model.task === 'binary' ? 'LOGISTIC' : 'SOFTMAX' },
        ...treeEnsembleAttributes(model, 'class'),
      ],
    },
    outputs: classOutputs(label, classCount),
  };
}

function linearNode(
  model: LinearModel,
  classes: OnnxExportInfo['classes'],
): { node: OnnxNode; outputs: OnnxValueInfo[] } {
  if (model.task === 'regression') {
    return {
      node: {
        opType: 'LinearRegressor',
        domain: ML_DOMAIN,
        name: 'linear',
        inputs: [ONNX_INPUT],
        outputs: [ONNX_VARIABLE],
        attributes: [
          { name: 'targets', kind: 'int', value: 1 },
          { name: 'post_transform', kind: 'string', value: 'NONE' },
          { name: 'coefficients', kind: 'floats', value: model.coefficients.flat() },
          { name: 'intercepts', kind: 'floats', value: model.intercept },
        ],
      },
      outputs: [{ name: ONNX_VARIABLE, elemType: DataType.FLOAT, shape: ['N', 1] }],
    };
  }
  // Binary: the class-0 score is the negated class-1 score, so LOGISTIC gives [1 - p, p].
  const binary = model.task === 'binary';
  const w = model.coefficients;
  const coefficients = binary ? [...(w[0] ?? []).map((v) => -v), ...(w[0] ?? [])] : w.flat();
  const intercepts = binary ? [-(model.intercept[0] ?? 0), model.intercept[0] ?? 0] : model.intercept;
  const classCount = binary ? 2 : model.outputs;
  const label = labelAttribute(classes, classCount, 'classlabels_ints');
  return {
    node: {
      opType: 'LinearClassifier',
      domain: ML_DOMAIN,
      name: 'linear',
      inputs: [ONNX_INPUT],
      outputs: [ONNX_LABEL, ONNX_PROBABILITIES],
      attributes: [
        label,
        { name: 'multi_class', kind: 'int', value: 0 },
        { name: 'post_transform', kind: 'string', value: binary ? 'LOGISTIC' : 'SOFTMAX' },
        { name: 'coefficients', kind: 'floats', value: coefficients },
        { name: 'intercepts', kind: 'floats', value: intercepts },
      ],
    },
    outputs: classOutputs(label, classCount),
  };
}

/**
 * A tree ensemble or linear model as an ONNX-ML model: input `float_input` [N, features];
 * outputs `variable` [N, 1] for regression, or `label` [N] and `probabilities` [N, classes]
 * for classification, the layout skl2onnx gives scikit-learn models (with `zipmap` off).
 */
export function solvedModelToOnnx(model: GbdtModel | LinearModel, info: OnnxExportInfo): Uint8Array {
  const { node, outputs } =
    model.family === 'gbdt' ? gbdtNode(model, info.classes) : linearNode(model, info.classes);
  const features = model.family === 'gbdt' ? model.features.length : (model.coefficients[0]?.length ?? 0);
  if (info.features.length !== features)
    throw new Error(
      `The model takes ${features} features but ${info.features.length} feature names were given.`,
    );
  return encodeModel({
    irVersion: IR_VERSION,
    // The default domain is imported too: runtimes expect it even when no standard op is used.
    opsets: [
      { domain: '', version: 17 },
      { domain: ML_DOMAIN, version: ML_OPSET },
    ],
    producerName: 'pipewright',
    producerVersion: info.producerVersion ?? '',
    docString: `Pipewright ${model.family === 'gbdt' ? 'gradient-boosted trees' : 'linear model'} (${model.task}).`,
    graphName: `pipewright_${model.family}`,
    nodes: [node],
    inputs: [{ name: ONNX_INPUT, elemType: DataType.FLOAT, shape: ['N', features] }],
    outputs,
    metadata: { features: JSON.stringify(info.features), task: model.task },
  });
}
