import { describe, expect, it } from 'vitest';
import { choleskySolve } from './cholesky';
import { DATASETS } from './fixtures/datasets';
import expected from './fixtures/sklearn-expected.json';
import { predictLinear } from './linear-model';
import { trainLogistic } from './logistic';
import { logLoss, r2Score } from './metrics';
import { trainRidge } from './ridge';
import { linearData } from './synthetic';

function expectClose(actual: readonly number[], wanted: readonly number[], tol: number): void {
  expect(actual.length).toBe(wanted.length);
  actual.forEach((v, i) => {
    expect(Math.abs(v - (wanted[i] as number))).toBeLessThan(tol);
  });
}

describe('ridge', () => {
  it('recovers an exact linear function to 1e-6 with a tiny l2', () => {
    const beta = [2, -1.25, 0.5, 3.5];
    const { x, y, features } = linearData(500, beta, 0, 1);
    const model = trainRidge(x, y, 500, features, { l2: 1e-9 });
    // y is stored as float32, so that rounding (≈1e-7 relative) is the only error left.
    expectClose(model.coefficients[0] as number[], beta, 1e-6);
    expect(Math.abs((model.intercept[0] as number) - 0.5)).toBeLessThan(1e-6);
  });

  for (const alpha of [1, 25]) {
    it(`matches scikit-learn Ridge(alpha=${alpha}): coefficients and R²`, () => {
      const want = expected[`ridge_alpha_${alpha}` as 'ridge_alpha_1'];
      const { x, y, features } = DATASETS.ridge();
      const model = trainRidge(x, y, y.length, features, { l2: alpha });
      expectClose(model.coefficients[0] as number[], want.coef, 1e-6);
      expect(Math.abs((model.intercept[0] as number) - want.intercept)).toBeLessThan(1e-6);
      expect(Math.abs(r2Score(predictLinear(model, x, y.length), y) - want.r2)).toBeLessThan(1e-4);
    });
  }

  it('says which setting to change when features are collinear', () => {
    const x = new Float32Array([1, 2, 2, 4, 3, 6, 4, 8]);
    const y = new Float32Array([1, 2, 3, 4]);
    expect(() => trainRidge(x, y, 4, 2, { l2: 0 })).toThrow(/collinear.*raise l2/);
    expect(() => trainRidge(x, y, 4, 2, { l2: 0.1 })).not.toThrow();
  });

  it('matches the textbook two-pass normal equations over many row blocks, offset features included', () => {
    // 1000 rows span several blocks of the one-pass scatter (a partial one last); an offset
    // of 1e4 on the features would lose digits to cancellation were the blocks not centred.
    const rows = 1000;
    const { x, y, features } = linearData(rows, [0.5, -1, 2], 0.3, 5);
    for (let j = 0; j < x.length; j++) x[j] = (x[j] as number) + 1e4 * ((j % features) + 1);
    const mean = new Float64Array(features + 1);
    for (let i = 0; i < rows; i++) {
      for (let f = 0; f < features; f++)
        mean[f] = (mean[f] as number) + (x[i * features + f] as number) / rows;
      mean[features] = (mean[features] as number) + (y[i] as number) / rows;
    }
    const a = new Float64Array(features * features);
    const b = new Float64Array(features);
    for (let i = 0; i < rows; i++) {
      const yc = (y[i] as number) - (mean[features] as number);
      for (let r = 0; r < features; r++) {
        const xr = (x[i * features + r] as number) - (mean[r] as number);
        b[r] = (b[r] as number) + xr * yc;
        for (let c = 0; c < features; c++)
          a[r * features + c] =
            (a[r * features + c] as number) + xr * ((x[i * features + c] as number) - (mean[c] as number));
      }
    }
    for (let f = 0; f < features; f++) a[f * features + f] = (a[f * features + f] as number) + 2;
    const want = choleskySolve(a, b, features) as Float64Array;
    const model = trainRidge(x, y, rows, features, { l2: 2 });
    expectClose(model.coefficients[0] as number[], Array.from(want), 1e-9);
    let intercept = mean[features] as number;
    for (let f = 0; f < features; f++) intercept -= (want[f] as number) * (mean[f] as number);
    expect(Math.abs((model.intercept[0] as number) - intercept)).toBeLessThan(1e-6);
  });

  it('refuses rows with missing values with a message naming the feature', () => {
    const x = new Float32Array([1, 2, Number.NaN, 4]);
    expect(() => trainRidge(x, new Float32Array([1, 2]), 2, 2)).toThrow(/feature 0 is missing at row 1/);
    const inf = new Float32Array([1, 2, 3, Number.POSITIVE_INFINITY]);
    expect(() => trainRidge(inf, new Float32Array([1, 2]), 2, 2)).toThrow(/feature 1 is missing at row 1/);
  });
});

describe('logistic regression', () => {
  for (const c of [1, 0.05]) {
    it(`matches scikit-learn LogisticRegression(C=${c}): coefficients and log loss`, () => {
      const want = expected[`logistic_C_${c}` as 'logistic_C_1'];
      const { x, y, features } = DATASETS.logistic();
      const model = trainLogistic(x, y, y.length, features, { task: 'binary', l2: 1 / c });
      expectClose(model.coefficients[0] as number[], want.coef, 1e-5);
      expect(Math.abs((model.intercept[0] as number) - want.intercept)).toBeLessThan(1e-5);
      expect(Math.abs(logLoss(predictLinear(model, x, y.length), y, 1) - want.logLoss)).toBeLessThan(1e-4);
    });
  }

  it('matches scikit-learn multinomial LogisticRegression(C=0.5)', () => {
    const want = expected['multinomial_C_0.5'];
    const { x, y, features } = DATASETS.multinomial();
    const model = trainLogistic(x, y, y.length, features, { task: 'multiclass', l2: 2 });
    expect(model.outputs).toBe(3);
    model.coefficients.forEach((w, k) => {
      expectClose(w, want.coef[k] as number[], 1e-5);
    });
    expectClose(model.intercept, want.intercept, 1e-5);
    const prob = predictLinear(model, x, y.length);
    expect(Math.abs(logLoss(prob, y, 3) - want.logLoss)).toBeLessThan(1e-4);
  });

  it('classifies a separable set perfectly and stays finite thanks to l2', () => {
    const rows = 200;
    const x = new Float32Array(rows * 2);
    const y = new Float32Array(rows);
    for (let i = 0; i < rows; i++) {
      const a = ((i * 37) % 101) / 50 - 1;
      const b = ((i * 53) % 97) / 48 - 1;
      x[2 * i] = a;
      x[2 * i + 1] = b;
      y[i] = a + b > 0.1 ? 1 : 0;
    }
    const model = trainLogistic(x, y, rows, 2, { task: 'binary', l2: 1e-3 });
    const prob = predictLinear(model, x, rows);
    prob.forEach((p, i) => {
      expect(p > 0.5 ? 1 : 0).toBe(y[i]);
    });
    expect(model.coefficients[0]?.every(Number.isFinite)).toBe(true);
  });

  it('reports the mean log loss per Newton iteration: log 2 at the start, falling, ending at the fitted loss', () => {
    const { x, y, features } = DATASETS.logistic();
    const rows = y.length;
    const losses: [number, number][] = [];
    const model = trainLogistic(x, y, rows, features, {
      task: 'binary',
      l2: 1,
      onIteration: (i, loss) => losses.push([i, loss]),
    });
    expect(losses.map(([i]) => i)).toEqual(Array.from({ length: model.iterations + 1 }, (_, i) => i));
    expect(losses[0]?.[1]).toBeCloseTo(Math.LN2, 12);
    for (let i = 1; i < losses.length; i++)
      expect(losses[i]?.[1] as number).toBeLessThanOrEqual((losses[i - 1]?.[1] as number) + 1e-12);
    expect(losses.at(-1)?.[1]).toBeCloseTo(logLoss(predictLinear(model, x, rows), y, 1), 5);
  });

  it('stops where the penalised gradient vanishes, over many row blocks', () => {
    // 1000 rows: several blocks of the blocked Hessian pass, the last one partial.
    const rows = 1000;
    const { x, features } = linearData(rows, [1, -0.5, 0.25], 0, 9);
    const y = new Float32Array(rows);
    for (let i = 0; i < rows; i++) {
      const s = (x[i * features] as number) - (x[i * features + 1] as number);
      y[i] = Math.sin(37 * i) * 2 < s ? 1 : 0;
    }
    const l2 = 0.5;
    const model = trainLogistic(x, y, rows, features, { task: 'binary', l2 });
    const w = model.coefficients[0] as number[];
    const grad = new Float64Array(features + 1);
    for (let i = 0; i < rows; i++) {
      let z = model.intercept[0] as number;
      for (let f = 0; f < features; f++) z += (w[f] as number) * (x[i * features + f] as number);
      const r = 1 / (1 + Math.exp(-z)) - (y[i] as number);
      for (let f = 0; f < features; f++) grad[f] = (grad[f] as number) + r * (x[i * features + f] as number);
      grad[features] = (grad[features] as number) + r;
    }
    for (let f = 0; f < features; f++) grad[f] = (grad[f] as number) + l2 * (w[f] as number);
    for (const g of grad) expect(Math.abs(g)).toBeLessThan(1e-8);
    // Without a listener the last, negligible step skips its line search: same model.
    const watched = trainLogistic(x, y, rows, features, { task: 'binary', l2, onIteration: () => {} });
    expectClose(watched.coefficients[0] as number[], w, 1e-9);
    expect(watched.iterations).toBe(model.iterations);
  });

  it('reports non-convergence on separable data without a penalty', () => {
    const x = new Float32Array([-2, -1, 1, 2]);
    const y = new Float32Array([0, 0, 1, 1]);
    expect(() => trainLogistic(x, y, 4, 1, { task: 'binary', l2: 0, maxIterations: 30 })).toThrow(
      /separable/,
    );
  });
});
