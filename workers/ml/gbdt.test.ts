import { describe, expect, it } from 'vitest';
import { createRng } from '../../src/shared/rng';
import { DATASETS } from './fixtures/datasets';
import expected from './fixtures/sklearn-expected.json';
import { type GbdtParams, predictGbdt, trainGbdt } from './gbdt';
import { logLoss, r2Score, rocAuc } from './metrics';

function table(
  rows: number,
  features: number,
  seed: number,
  fill: (r: Float32Array, rng: () => number) => number,
) {
  const rng = createRng(seed);
  const x = new Float32Array(rows * features);
  const y = new Float32Array(rows);
  for (let i = 0; i < rows; i++) y[i] = fill(x.subarray(i * features, (i + 1) * features), rng);
  return { x, y, rows, features };
}

describe('gradient-boosted trees', () => {
  it('reaches scikit-learn HistGradientBoostingClassifier AUC within 0.01', () => {
    const tr = DATASETS.gbdt_binary_train();
    const te = DATASETS.gbdt_binary_test();
    const model = trainGbdt(tr.x, tr.y, tr.y.length, tr.features, { task: 'binary' });
    const auc = rocAuc(predictGbdt(model, te.x, te.y.length), te.y);
    expect(Math.abs(auc - expected.gbdt_binary_auc)).toBeLessThan(0.01);
  });

  it('reaches scikit-learn HistGradientBoostingRegressor R² within 0.01', () => {
    const tr = DATASETS.gbdt_regression_train();
    const te = DATASETS.gbdt_regression_test();
    const model = trainGbdt(tr.x, tr.y, tr.y.length, tr.features, { task: 'regression' });
    const r2 = r2Score(predictGbdt(model, te.x, te.y.length), te.y);
    expect(Math.abs(r2 - expected.gbdt_regression_r2)).toBeLessThan(0.01);
  });

  for (const task of ['regression', 'binary'] as const) {
    it(`never increases the training loss from one round to the next (${task})`, () => {
      const d = task === 'binary' ? DATASETS.gbdt_binary_test() : DATASETS.gbdt_regression_test();
      const model = trainGbdt(d.x, d.y, d.y.length, d.features, { task, rounds: 40, trackTrainLoss: true });
      expect(model.trainLoss).toHaveLength(40);
      for (let r = 1; r < model.trainLoss.length; r++) {
        expect(model.trainLoss[r] as number).toBeLessThanOrEqual((model.trainLoss[r - 1] as number) + 1e-12);
      }
      expect(model.trainLoss[39] as number).toBeLessThan((model.trainLoss[0] as number) * 0.8);
    });
  }

  for (const nanValue of [10, -5]) {
    it(`learns which side missing values belong on (NaN means y = ${nanValue})`, () => {
      const d = table(2000, 2, 3, (r, rng) => {
        const missing = rng() < 0.3;
        r[0] = missing ? Number.NaN : rng();
        r[1] = rng();
        return missing ? nanValue : (r[0] as number);
      });
      const model = trainGbdt(d.x, d.y, d.rows, d.features, {
        task: 'regression',
        rounds: 50,
        learningRate: 0.3,
      });
      const probe = new Float32Array([Number.NaN, 0.5, 0.05, 0.5, 0.95, 0.5]);
      const [nan, low, high] = Array.from(predictGbdt(model, probe, 3));
      expect(Math.abs((nan as number) - nanValue)).toBeLessThan(0.1);
      expect(Math.abs((low as number) - 0.05)).toBeLessThan(0.1);
      expect(Math.abs((high as number) - 0.95)).toBeLessThan(0.1);
      // The root splits on x: NaN joins the high values when it means high y, else the low.
      expect(model.trees[0]?.feature[0]).toBe(0);
      expect(model.trees[0]?.missingLeft[0]).toBe(nanValue < 0);
    });
  }

  it('splits a categorical feature on a subset of categories ({1,3,5} vs {0,2,4})', () => {
    const d = table(1200, 2, 4, (r, rng) => {
      const c = Math.floor(rng() * 6);
      r[0] = c;
      r[1] = rng();
      return c % 2;
    });
    const model = trainGbdt(d.x, d.y, d.rows, d.features, {
      task: 'binary',
      rounds: 20,
      maxLeaves: 2,
      categorical: [true, false],
    });
    const root = model.trees[0];
    expect(root?.feature[0]).toBe(0);
    const left = [...(root?.categories[0] ?? [])].sort();
    expect([
      [0, 2, 4],
      [1, 3, 5],
    ]).toContainEqual(left);
    const prob = predictGbdt(model, d.x, d.rows);
    prob.forEach((p, i) => {
      expect(p > 0.5 ? 1 : 0).toBe(d.y[i]);
    });
    // A single numeric threshold cannot separate the odd codes; the subset split must have.
    const numeric = trainGbdt(d.x, d.y, d.rows, d.features, { task: 'binary', rounds: 20, maxLeaves: 2 });
    expect(logLoss(predictGbdt(numeric, d.x, d.rows), d.y, 1)).toBeGreaterThan(logLoss(prob, d.y, 1) + 0.1);
  });

  it('trains one tree per class per round for multiclass and classifies three clusters', () => {
    const d = table(900, 2, 5, (r, rng) => {
      const k = Math.floor(rng() * 3);
      r[0] = k + 0.3 * (rng() - 0.5);
      r[1] = rng();
      return k;
    });
    const model = trainGbdt(d.x, d.y, d.rows, d.features, { task: 'multiclass', rounds: 15 });
    expect(model.outputs).toBe(3);
    expect(model.trees).toHaveLength(45);
    const prob = predictGbdt(model, d.x, d.rows);
    for (let i = 0; i < d.rows; i++) {
      const row = [prob[3 * i], prob[3 * i + 1], prob[3 * i + 2]] as number[];
      expect(Math.abs(row.reduce((a, b) => a + b, 0) - 1)).toBeLessThan(1e-12);
      expect(row.indexOf(Math.max(...row))).toBe(d.y[i]);
    }
  });

  it('stops early when the validation loss stops improving, keeping the best round', () => {
    const d = table(3000, 3, 6, (r, rng) => {
      for (let f = 0; f < 3; f++) r[f] = rng();
      return (r[0] as number) + 0.5 * rng();
    });
    const model = trainGbdt(d.x, d.y, d.rows, d.features, {
      task: 'regression',
      rounds: 500,
      learningRate: 0.3,
      earlyStoppingRounds: 5,
      validationFraction: 0.2,
    });
    expect(model.rounds).toBeLessThan(200);
    expect(model.trees).toHaveLength(model.rounds);
    expect(model.validLoss).toHaveLength(model.rounds);
    const best = Math.min(...model.validLoss);
    expect(model.validLoss[model.rounds - 1]).toBe(best);
  });

  it('gives the same model for the same seed, another for another seed', () => {
    const d = DATASETS.gbdt_regression_test();
    const params: GbdtParams = { task: 'regression', rounds: 10, subsample: 0.7, colsample: 0.6 };
    const a = trainGbdt(d.x, d.y, d.y.length, d.features, { ...params, seed: 7 });
    const b = trainGbdt(d.x, d.y, d.y.length, d.features, { ...params, seed: 7 });
    const c = trainGbdt(d.x, d.y, d.y.length, d.features, { ...params, seed: 8 });
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
    expect(JSON.stringify(a)).not.toBe(JSON.stringify(c));
  });

  it('gives an informative feature far more gain importance than a noise feature', () => {
    const d = table(2000, 2, 8, (r, rng) => {
      r[0] = rng();
      r[1] = rng();
      return (r[0] as number) > 0.5 ? 1 : 0;
    });
    const model = trainGbdt(d.x, d.y, d.rows, d.features, { task: 'binary', rounds: 20 });
    expect(model.importance[0] as number).toBeGreaterThan(20 * (model.importance[1] as number));
  });

  it('reports progress each round and stops when the callback returns false', () => {
    const d = DATASETS.gbdt_regression_test();
    const seen: number[] = [];
    const model = trainGbdt(d.x, d.y, d.y.length, d.features, {
      task: 'regression',
      rounds: 50,
      onRound: (p) => {
        seen.push(p.round);
        return p.round < 4;
      },
    });
    expect(seen).toEqual([1, 2, 3, 4]);
    expect(model.rounds).toBe(4);
    expect(model.trees).toHaveLength(4);
  });

  it('throws the abort reason when its signal is aborted', () => {
    const d = DATASETS.gbdt_regression_test();
    const controller = new AbortController();
    controller.abort(new Error('cancelled by user'));
    expect(() =>
      trainGbdt(d.x, d.y, d.y.length, d.features, { task: 'regression', signal: controller.signal }),
    ).toThrow('cancelled by user');
  });

  it('survives JSON: a model read back predicts the same', () => {
    const d = DATASETS.gbdt_binary_test();
    const model = trainGbdt(d.x, d.y, d.y.length, d.features, { task: 'binary', rounds: 10 });
    const copy = JSON.parse(JSON.stringify(model));
    expect(predictGbdt(copy, d.x, d.y.length)).toEqual(predictGbdt(model, d.x, d.y.length));
  });

  for (const sampling of [{}, { subsample: 0.7, colsample: 0.6 }]) {
    it(`predicts training rows exactly as training scored them ${JSON.stringify(sampling)}`, () => {
      const d = DATASETS.gbdt_binary_test();
      const model = trainGbdt(d.x, d.y, d.y.length, d.features, {
        task: 'binary',
        rounds: 30,
        trackTrainLoss: true,
        ...sampling,
      });
      // Raw thresholds must route rows exactly like the bins did during training.
      const loss = logLoss(predictGbdt(model, d.x, d.y.length), d.y, 1);
      expect(Math.abs(loss - (model.trainLoss[29] as number))).toBeLessThan(1e-12);
    });
  }
});
