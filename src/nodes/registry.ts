import cleanCast from './clean/cast.kind';
import cleanDedupe from './clean/dedupe.kind';
import cleanDropNulls from './clean/drop-nulls.kind';
import cleanFilter from './clean/filter.kind';
import cleanImpute from './clean/impute.kind';
import cleanSelect from './clean/select.kind';
import type { Category, NodeKind } from './define-node-kind';
import exportData from './export/data.kind';
import exportModel from './export/model.kind';
import featuresOnehot from './features/onehot.kind';
import featuresRolling from './features/rolling.kind';
import featuresScale from './features/scale.kind';
import splitTrainTest from './features/split-train-test.kind';
import featuresTargetEncode from './features/target-encode.kind';
import ingestDatabase from './ingest/database.kind';
import ingestDataset from './ingest/dataset.kind';
import ingestFile from './ingest/file.kind';
import ingestSample from './ingest/sample.kind';
import modelCompare from './model/compare.kind';
import modelCrossValidate from './model/cross-validate.kind';
import modelEvaluate from './model/evaluate.kind';
import modelGbdt from './model/gbdt.kind';
import modelLinear from './model/linear.kind';
import modelPredict from './model/predict.kind';
import modelRegistered from './model/registered.kind';
import modelSearch from './model/search.kind';
import modelTrain from './model/train.kind';
import monitorDrift from './monitor/drift.kind';
import transformAggregate from './transform/aggregate.kind';
import transformJoin from './transform/join.kind';
import transformSql from './transform/sql.kind';
import transformTimeFeatures from './transform/time-features.kind';
import validateRules from './validate/rules.kind';
import chartPlot from './visualize/chart.kind';

/** Every node kind the app knows. Add a kind here and it appears everywhere. */
export const NODE_KINDS: readonly NodeKind[] = [
  ingestFile,
  ingestDataset,
  ingestSample,
  ingestDatabase,
  cleanImpute,
  cleanCast,
  cleanDropNulls,
  cleanDedupe,
  cleanFilter,
  cleanSelect,
  validateRules,
  transformSql,
  transformAggregate,
  transformJoin,
  transformTimeFeatures,
  featuresRolling,
  featuresOnehot,
  featuresTargetEncode,
  featuresScale,
  splitTrainTest,
  modelTrain,
  modelGbdt,
  modelLinear,
  modelEvaluate,
  modelCrossValidate,
  modelCompare,
  modelSearch,
  modelPredict,
  modelRegistered,
  monitorDrift,
  chartPlot,
  exportData,
  exportModel,
];

export const CATEGORIES: readonly Category[] = [
  'Ingest',
  'Clean',
  'Validate',
  'Transform',
  'Features',
  'Model',
  'Monitor',
  'Visualize',
  'Export',
];

const byKind = new Map(NODE_KINDS.map((k) => [k.kind, k]));

/** The kind declaration for a kind name, or undefined when unknown. */
export function getKind(kind: string): NodeKind | undefined {
  return byKind.get(kind);
}

/** The kind each data file dropped on the canvas becomes (the one declaring `dropFile`). */
export function dropFileKind(): (NodeKind & { dropFile: string }) | undefined {
  return NODE_KINDS.find((k): k is NodeKind & { dropFile: string } => k.dropFile !== undefined);
}
