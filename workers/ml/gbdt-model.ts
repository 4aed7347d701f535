/** The learning task of a model; 'auto' is resolved by the caller before training. */
export type MlTask = 'regression' | 'binary' | 'multiclass';

/**
 * One tree of a trained model, as plain arrays so the model survives JSON and
 * `postMessage`. Node 0 is the root; `feature[i] < 0` marks a leaf whose output is
 * `value[i]` (learning rate already applied). Numeric nodes send `x <= threshold[i]` left;
 * categorical nodes send the codes in `categories[i]` left. NaN goes left when
 * `missingLeft[i]`; so do categories the training data never held.
 */
export interface GbdtTree {
  feature: number[];
  threshold: number[];
  categories: (number[] | null)[];
  missingLeft: boolean[];
  left: number[];
  right: number[];
  value: number[];
  /** Training rows that reached each node (for inspection and export). */
  count: number[];
}

/** What the model knows of each input feature. */
export interface GbdtFeature {
  categorical: boolean;
  /** Categories seen in training (categorical features only). */
  categories: number[];
}

/** A trained gradient-boosted tree ensemble: plain data, JSON-able. */
export interface GbdtModel {
  family: 'gbdt';
  version: 1;
  task: MlTask;
  /** Raw outputs per row: 1 for regression and binary, the class count for multiclass. */
  outputs: number;
  features: GbdtFeature[];
  /** Starting raw score of each output (mean, log-odds or log prior). */
  baseScore: number[];
  /** Round-major: tree `round * outputs + k` adds to output k. */
  trees: GbdtTree[];
  /** Rounds kept (the best round when early stopping ended training). */
  rounds: number;
  /** Total split gain per feature over the kept trees. */
  importance: number[];
  /** Loss per round on the training rows (MSE or log loss); empty unless tracked. */
  trainLoss: number[];
  /** Loss per round on the validation rows, when early stopping held some out. */
  validLoss: number[];
}
