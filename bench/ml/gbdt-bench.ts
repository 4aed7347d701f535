import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { predictGbdt, trainGbdt } from '../../workers/ml/gbdt';
import { r2Score, rocAuc } from '../../workers/ml/metrics';
import { friedman1, sensorBinary, toCsv } from '../../workers/ml/synthetic';

const PYTHON = `
import sys, time, json
import numpy as np
from sklearn.ensemble import HistGradientBoostingClassifier, HistGradientBoostingRegressor
from sklearn.metrics import roc_auc_score, r2_score
task, train_csv, test_csv = sys.argv[1:4]
def load(p):
    a = np.genfromtxt(p, delimiter=',', skip_header=1, dtype=np.float64)
    return a[:, :-1].astype(np.float32), a[:, -1]
xtr, ytr = load(train_csv); xte, yte = load(test_csv)
kw = dict(max_iter=100, learning_rate=0.1, max_leaf_nodes=31, max_depth=6, min_samples_leaf=20,
          l2_regularization=0.0, max_bins=255, early_stopping=False, random_state=42)
m = (HistGradientBoostingClassifier if task == 'binary' else HistGradientBoostingRegressor)(**kw)
t0 = time.perf_counter(); c0 = time.process_time(); m.fit(xtr, ytr); t1 = time.perf_counter(); c1 = time.process_time()
if task == 'binary':
    p = m.predict_proba(xte)[:, 1]; t2 = time.perf_counter(); score = roc_auc_score(yte, p)
else:
    p = m.predict(xte); t2 = time.perf_counter(); score = r2_score(yte, p)
print(json.dumps({'train_s': t1 - t0, 'train_cpu_s': c1 - c0, 'predict_s': t2 - t1, 'score': score}))
`;

interface Row {
  task: string;
  tsTrain: number;
  skTrain: number;
  tsTrainCpu: number;
  skTrainCpu: number;
  tsPredict: number;
  skPredict: number;
  tsScore: number;
  skScore: number;
}

function runOne(task: 'binary' | 'regression', rows: number, dir: string): Row {
  const make = task === 'binary' ? sensorBinary : friedman1;
  const tr = make(rows, 1);
  const te = make(Math.round(rows / 4), 2);
  const trainCsv = join(dir, `${task}-train.csv`);
  const testCsv = join(dir, `${task}-test.csv`);
  writeFileSync(trainCsv, toCsv(tr.x, tr.y, tr.features));
  writeFileSync(testCsv, toCsv(te.x, te.y, te.features));
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const model = trainGbdt(tr.x, tr.y, rows, tr.features, { task });
  const t1 = performance.now();
  const cpu = process.cpuUsage(c0);
  const pred = predictGbdt(model, te.x, te.y.length);
  const t2 = performance.now();
  const tsScore = task === 'binary' ? rocAuc(pred, te.y) : r2Score(pred, te.y);
  const out = execFileSync('/usr/bin/python3', ['-c', PYTHON, task, trainCsv, testCsv], {
    env: { ...process.env, OMP_NUM_THREADS: '1', OPENBLAS_NUM_THREADS: '1' },
    encoding: 'utf8',
  });
  const sk = JSON.parse(out) as { train_s: number; train_cpu_s: number; predict_s: number; score: number };
  return {
    task,
    tsTrain: (t1 - t0) / 1000,
    skTrain: sk.train_s,
    tsTrainCpu: (cpu.user + cpu.system) / 1e6,
    skTrainCpu: sk.train_cpu_s,
    tsPredict: (t2 - t1) / 1000,
    skPredict: sk.predict_s,
    tsScore,
    skScore: sk.score,
  };
}

/** Trains both on the same data at 1 thread and prints the ratios. */
export function main(args: string[]): number {
  const rowsArg = args.find((a) => a.startsWith('--rows='));
  const rows = rowsArg ? Number(rowsArg.slice(7)) : 200_000;
  const only = args.find((a) => a.startsWith('--only='))?.slice(7);
  const dir = mkdtempSync(join(tmpdir(), 'pw-gbdt-'));
  const tasks = (['binary', 'regression'] as const).filter((t) => !only || only === t);
  try {
    for (const task of tasks) report(task, runOne(task, rows, dir), rows);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return 0;
}

function report(task: string, r: Row, rows: number): void {
  const metric = task === 'binary' ? 'AUC' : 'R²';
  console.log(
    `${task} ${rows}×10, 100 rounds: train ${r.tsTrain.toFixed(2)} s vs sklearn ${r.skTrain.toFixed(2)} s ` +
      `(×${(r.tsTrain / r.skTrain).toFixed(2)}; CPU time ${r.tsTrainCpu.toFixed(2)} s vs ${r.skTrainCpu.toFixed(2)} s, ` +
      `×${(r.tsTrainCpu / r.skTrainCpu).toFixed(2)}); predict ${r.tsPredict.toFixed(3)} s vs ${r.skPredict.toFixed(3)} s ` +
      `(×${(r.tsPredict / r.skPredict).toFixed(2)}); ${metric} ${r.tsScore.toFixed(4)} vs ${r.skScore.toFixed(4)}`,
  );
}
