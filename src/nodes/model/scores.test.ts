import { describe, expect, it } from 'vitest';
import { scoreOutputs, summarizeFolds } from './scores';

describe('scoreOutputs', () => {
  it('binary: hand-computed accuracy, precision, recall, F1, AUC and the majority baseline', () => {
    const spec = { task: 'binary', classCount: 2, trainMean: 0, trainMajority: 0 } as const;
    const m = scoreOutputs(spec, [0.1, 0.6, 0.4, 0.9, 0.2], [0, 0, 1, 1, 0]);
    // Predicted 0 1 0 1 0: TP 1, FP 1, FN 1, TN 2.
    expect(m.accuracy).toBeCloseTo(3 / 5, 12);
    expect(m.precision).toBeCloseTo(1 / 2, 12);
    expect(m.recall).toBeCloseTo(1 / 2, 12);
    expect(m.f1).toBeCloseTo(1 / 2, 12);
    // Positive scores 0.4, 0.9 against negatives 0.1, 0.6, 0.2: 5 of 6 pairs ranked right.
    expect(m.auc).toBeCloseTo(5 / 6, 12);
    expect(m.baseline_accuracy).toBeCloseTo(3 / 5, 12);
    expect(m.baseline_auc).toBe(0.5);
  });

  it('binary: a fold with one class has no AUC rather than NaN', () => {
    const m = scoreOutputs(
      { task: 'binary', classCount: 2, trainMean: 0, trainMajority: 0 },
      [0.2, 0.7],
      [0, 0],
    );
    expect(m.auc).toBeUndefined();
    expect(m.accuracy).toBe(0.5);
  });

  it('multiclass: arg-max prediction and macro averages over the classes that occur', () => {
    const out = [0.7, 0.2, 0.1, 0.1, 0.8, 0.1, 0.3, 0.3, 0.4, 0.5, 0.4, 0.1];
    const m = scoreOutputs(
      { task: 'multiclass', classCount: 3, trainMean: 0, trainMajority: 1 },
      out,
      [0, 1, 2, 2],
    );
    // Predicted 0 1 2 0.
    expect(m.accuracy).toBeCloseTo(3 / 4, 12);
    // Class 0: P 1/2 R 1; class 1: P 1 R 1; class 2: P 1 R 1/2.
    expect(m.precision).toBeCloseTo((0.5 + 1 + 1) / 3, 12);
    expect(m.recall).toBeCloseTo((1 + 1 + 0.5) / 3, 12);
    expect(m.f1).toBeCloseTo((2 / 3 + 1 + 2 / 3) / 3, 12);
    expect(m.baseline_accuracy).toBeCloseTo(1 / 4, 12);
  });

  it('regression: MAE, RMSE, R² and the training-mean baseline', () => {
    const m = scoreOutputs(
      { task: 'regression', classCount: 1, trainMean: 2, trainMajority: 0 },
      [1, 2, 4],
      [1, 2, 3],
    );
    expect(m.mae).toBeCloseTo(1 / 3, 12);
    expect(m.rmse).toBeCloseTo(Math.sqrt(1 / 3), 12);
    expect(m.r2).toBeCloseTo(0.5, 12);
    expect(m.baseline_r2).toBeCloseTo(0, 12);
    expect(m.baseline_mae).toBeCloseTo(2 / 3, 12);
  });
});

describe('summarizeFolds', () => {
  it('gives the mean and the population sd per metric; baselines get no sd', () => {
    const s = summarizeFolds([
      { auc: 0.7, baseline_auc: 0.5 },
      { auc: 0.9, baseline_auc: 0.5 },
    ]);
    expect(s.mean.auc).toBeCloseTo(0.8, 12);
    expect(s.sd.auc).toBeCloseTo(0.1, 12);
    expect(s.mean.baseline_auc).toBe(0.5);
    expect(s.sd.baseline_auc).toBeUndefined();
  });
});
