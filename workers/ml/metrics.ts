import { rankAuc } from '../../src/shared/rank-auc';

/** Area under the ROC curve of scores for 0/1 labels (ties count half); NaN with one class. */
export function rocAuc(scores: ArrayLike<number>, labels: ArrayLike<number>): number {
  return rankAuc(scores, labels) ?? Number.NaN;
}

/** Coefficient of determination. */
export function r2Score(pred: ArrayLike<number>, y: ArrayLike<number>): number {
  let mean = 0;
  for (let i = 0; i < y.length; i++) mean += y[i] as number;
  mean /= y.length;
  let ssRes = 0;
  let ssTot = 0;
  for (let i = 0; i < y.length; i++) {
    ssRes += ((y[i] as number) - (pred[i] as number)) ** 2;
    ssTot += ((y[i] as number) - mean) ** 2;
  }
  return 1 - ssRes / ssTot;
}

/** Mean log loss of class probabilities (row-major, `classes` per row) for integer labels. */
export function logLoss(prob: ArrayLike<number>, labels: ArrayLike<number>, classes: number): number {
  let total = 0;
  for (let i = 0; i < labels.length; i++) {
    const p =
      classes === 1
        ? labels[i] === 1
          ? (prob[i] as number)
          : 1 - (prob[i] as number)
        : (prob[i * classes + (labels[i] as number)] as number);
    total -= Math.log(Math.min(1 - 1e-15, Math.max(1e-15, p)));
  }
  return total / labels.length;
}
