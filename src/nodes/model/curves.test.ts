import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { arrowRows } from '../../../workers/arrow-rows';
import { NodeDuckBackend } from '../../../workers/testing/node-duck';
import { binaryCurves } from './curves';

let duck: NodeDuckBackend;
beforeAll(async () => {
  duck = await NodeDuckBackend.create();
});
afterAll(() => duck.close());

const META = { classes: [0, 1], targetType: 'INTEGER', target: 'y' };

/** The curves of `scores` for 0/1 `labels`, through a real DuckDB table bound as `input`. */
async function curvesOf(labels: number[], scores: number[], maxPoints = 200) {
  const values = labels.map((y, i) => `(${y}, ${scores[i]})`).join(', ');
  await duck.query(
    `CREATE OR REPLACE TABLE input AS SELECT y::INTEGER AS y, p::FLOAT AS prob_1 FROM (VALUES ${values}) v(y, p)`,
  );
  return binaryCurves(async (sql) => arrowRows(await duck.query(sql)), META, { maxPoints });
}

describe('binaryCurves', () => {
  it('a hand-computed 6-row example: every threshold, AP 11/12', async () => {
    const c = await curvesOf([1, 1, 0, 1, 0, 0], [0.9, 0.8, 0.7, 0.6, 0.4, 0.2]);
    expect(c.roc.fpr).toEqual([0, 0, 0, 1 / 3, 1 / 3, 2 / 3, 1]);
    expect(c.roc.tpr).toEqual([0, 1 / 3, 2 / 3, 2 / 3, 1, 1, 1]);
    expect(c.pr.recall).toEqual([0, 1 / 3, 2 / 3, 2 / 3, 1, 1, 1]);
    expect(c.pr.precision).toEqual([1, 1, 1, 2 / 3, 3 / 4, 3 / 5, 1 / 2]);
    // scikit-learn: average_precision_score([1,1,0,1,0,0], [.9,.8,.7,.6,.4,.2]) = 0.91666…
    expect(c.ap).toBeCloseTo(11 / 12, 6);
    // 8 of the 9 (positive, negative) pairs are ranked right.
    expect(c.auc).toBeCloseTo(8 / 9, 12);
  });

  it('tied scores make one threshold (a diagonal step), not one per row', async () => {
    const c = await curvesOf([1, 0, 1, 0], [0.5, 0.5, 0.9, 0.1]);
    expect(c.roc.fpr).toEqual([0, 0, 0.5, 1]);
    expect(c.roc.tpr).toEqual([0, 0.5, 1, 1]);
    // AP: 0.5 · 1 at 0.9, then 0.5 · 2/3 at the tie.
    expect(c.ap).toBeCloseTo(0.5 + 0.5 * (2 / 3), 6);
    // 3 pairs right, the tied pair counts half: 3.5 / 4.
    expect(c.auc).toBe(0.875);
  });

  it('a perfect classifier: ROC through (0, 1), AP 1; 1000 thresholds thinned to at most 200 (+ start), ending at (1, 1)', async () => {
    const n = 1000;
    const labels = Array.from({ length: n }, (_, i) => (i % 2 === 0 ? 1 : 0));
    const scores = labels.map((y, i) => (y ? 0.5 + i / (4 * n) : i / (4 * n)));
    const c = await curvesOf(labels, scores);
    expect(c.ap).toBeCloseTo(1, 9);
    expect(c.auc).toBe(1);
    expect(c.roc.fpr.length).toBeLessThanOrEqual(201);
    expect(c.roc.fpr.length).toBeGreaterThan(150);
    const corner = c.roc.fpr.findIndex((f, i) => f === 0 && c.roc.tpr[i] === 1);
    expect(corner).toBeGreaterThan(0);
    expect(c.roc.fpr.at(-1)).toBe(1);
    expect(c.roc.tpr.at(-1)).toBe(1);
    expect(Math.min(...c.pr.precision)).toBe(0.5);
    expect(c.pr.precision.slice(0, corner + 1).every((p) => p === 1)).toBe(true);
  });

  it('calibration: mean predicted probability against the observed rate per tenth, with counts (1.0 in the last bin)', async () => {
    const c = await curvesOf([0, 0, 1, 1, 1, 1, 0], [0.1, 0.12, 0.14, 0.91, 0.95, 1, 0.55]);
    expect(c.calibration.count).toEqual([3, 1, 3]);
    expect(c.calibration.predicted[0]).toBeCloseTo(0.12, 6);
    expect(c.calibration.observed).toEqual([1 / 3, 0, 1]);
    expect(c.calibration.predicted[2]).toBeCloseTo((0.91 + 0.95 + 1) / 3, 6);
  });

  it('one class only: no AP, and labels the model never saw are left out', async () => {
    await duck.query(
      `CREATE OR REPLACE TABLE input AS SELECT * FROM (VALUES (1, 0.3::FLOAT), (1, 0.8::FLOAT), (7, 0.9::FLOAT)) v(y, prob_1)`,
    );
    const c = await binaryCurves(async (sql) => arrowRows(await duck.query(sql)), META);
    expect(c.ap).toBeUndefined();
    expect(c.auc).toBeUndefined();
    expect(c.calibration.count).toEqual([1, 1]);
  });

  it('one class against the rest: the class’s own probability column and label', async () => {
    await duck.query(`CREATE OR REPLACE TABLE input AS SELECT * FROM (VALUES
        ('a', 0.7::FLOAT, 0.2::FLOAT, 0.1::FLOAT), ('b', 0.1::FLOAT, 0.8::FLOAT, 0.1::FLOAT),
        ('c', 0.2::FLOAT, 0.3::FLOAT, 0.5::FLOAT), ('b', 0.3::FLOAT, 0.6::FLOAT, 0.1::FLOAT),
        ('c', 0.4::FLOAT, 0.1::FLOAT, 0.5::FLOAT)) v(s, prob_a, prob_b, prob_c)`);
    const meta = { classes: ['a', 'b', 'c'], targetType: 'VARCHAR', target: 's' };
    const query = async (sql: string) => arrowRows(await duck.query(sql));
    const b = await binaryCurves(query, meta, { positiveIndex: 1 });
    expect(b.auc).toBe(1);
    expect(b.roc.tpr).toEqual([0, 0.5, 1, 1, 1, 1]);
    const a = await binaryCurves(query, meta, { positiveIndex: 0, calibration: false });
    // 'a' (0.7) above all four others.
    expect(a.auc).toBe(1);
    expect(a.calibration.count).toEqual([]);
    const c = await binaryCurves(query, meta, { positiveIndex: 2 });
    // Both c rows at 0.5 above the three others at 0.1: AUC 1, one threshold for the tie.
    expect(c.auc).toBe(1);
    expect(c.roc.fpr).toEqual([0, 0, 1]);
  });
});
