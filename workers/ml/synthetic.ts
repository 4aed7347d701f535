import { createRng } from '../../src/shared/rng';

/** Standard normal draws from a seeded uniform source (Box–Muller). */
function normal(rng: () => number): number {
  const u = 1 - rng();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng());
}

/**
 * A binary "sensor" set: 10 features, a nonlinear logit with interactions, 2% missing
 * values in two columns. Returned as float32 so the CSV written for scikit-learn holds
 * exactly the values the TypeScript trainer sees.
 */
export function sensorBinary(
  rows: number,
  seed: number,
): { x: Float32Array; y: Float32Array; features: number } {
  const features = 10;
  const rng = createRng(seed);
  const x = new Float32Array(rows * features);
  const y = new Float32Array(rows);
  for (let i = 0; i < rows; i++) {
    const r = x.subarray(i * features, (i + 1) * features);
    for (let f = 0; f < features; f++) r[f] = normal(rng);
    const a = r[0] as number;
    const b = r[1] as number;
    const c = r[2] as number;
    const d = r[3] as number;
    const logit = 1.5 * a - b * b + Math.sin(2 * c) + 0.8 * a * d + (r[4] as number) * 0.5;
    y[i] = rng() < 1 / (1 + Math.exp(-logit)) ? 1 : 0;
    if (rng() < 0.02) r[5] = Number.NaN;
    if (rng() < 0.02) r[1] = Number.NaN;
  }
  return { x, y, features };
}

/** Friedman #1 regression: y = 10 sin(π x0 x1) + 20 (x2 − ½)² + 10 x3 + 5 x4 + noise. */
export function friedman1(
  rows: number,
  seed: number,
): { x: Float32Array; y: Float32Array; features: number } {
  const features = 10;
  const rng = createRng(seed);
  const x = new Float32Array(rows * features);
  const y = new Float32Array(rows);
  for (let i = 0; i < rows; i++) {
    const r = x.subarray(i * features, (i + 1) * features);
    for (let f = 0; f < features; f++) r[f] = rng();
    const [a = 0, b = 0, c = 0, d = 0, e = 0] = r;
    y[i] = 10 * Math.sin(Math.PI * a * b) + 20 * (c - 0.5) ** 2 + 10 * d + 5 * e + normal(rng);
  }
  return { x, y, features };
}

/** CSV with a header `f0..f{n-1},y`; NaN written as an empty field. */
export function toCsv(x: Float32Array, y: Float32Array, features: number): string {
  const lines = [[...Array.from({ length: features }, (_, f) => `f${f}`), 'y'].join(',')];
  for (let i = 0; i < y.length; i++) {
    const cells: string[] = [];
    for (let f = 0; f < features; f++) {
      const v = x[i * features + f] as number;
      cells.push(Number.isNaN(v) ? '' : String(v));
    }
    cells.push(String(y[i]));
    lines.push(cells.join(','));
  }
  return `${lines.join('\n')}\n`;
}

/** y = Xβ + 0.5 + noise·σ with standard normal features (σ = 0 gives an exact linear function). */
export function linearData(
  rows: number,
  beta: readonly number[],
  noise: number,
  seed: number,
): { x: Float32Array; y: Float32Array; features: number } {
  const features = beta.length;
  const rng = createRng(seed);
  const x = new Float32Array(rows * features);
  const y = new Float32Array(rows);
  for (let i = 0; i < rows; i++) {
    let s = 0.5;
    for (let f = 0; f < features; f++) {
      const v = normal(rng);
      x[i * features + f] = v;
      s += (beta[f] as number) * (x[i * features + f] as number);
    }
    y[i] = s + noise * normal(rng);
  }
  return { x, y, features };
}

/** Classes drawn from a softmax over `classes` random linear scores of 4 normal features. */
export function softmaxData(
  rows: number,
  classes: number,
  seed: number,
): { x: Float32Array; y: Float32Array; features: number } {
  const features = 4;
  const rng = createRng(seed);
  const w = Array.from({ length: classes * features }, () => 1.5 * normal(rng));
  const x = new Float32Array(rows * features);
  const y = new Float32Array(rows);
  for (let i = 0; i < rows; i++) {
    for (let f = 0; f < features; f++) x[i * features + f] = normal(rng);
    const scores = Array.from({ length: classes }, (_, k) => {
      let s = 0;
      for (let f = 0; f < features; f++)
        s += (w[k * features + f] as number) * (x[i * features + f] as number);
      return Math.exp(s);
    });
    const total = scores.reduce((a, b) => a + b, 0);
    let u = rng() * total;
    let label = 0;
    while (label < classes - 1 && u > (scores[label] as number)) {
      u -= scores[label] as number;
      label++;
    }
    y[i] = label;
  }
  return { x, y, features };
}
