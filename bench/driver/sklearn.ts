import { execFileSync, execSync } from 'node:child_process';

const PYTHON = '/usr/bin/python3';

/** True when Debian's python3 imports scikit-learn. */
function hasSklearn(): boolean {
  try {
    execFileSync(PYTHON, ['-c', 'import sklearn'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/**
 * Make sure Debian's `python3-sklearn` is there (the baseline of the ML rows): install it
 * with apt when we are root, as scripts/ensure-chromium.mjs does for Chromium; otherwise
 * say exactly what to install.
 */
export function ensureSklearn(log: (message: string) => void): string {
  if (hasSklearn()) return sklearnVersion();
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (!isRoot)
    throw new Error(
      'scikit-learn is missing: install it with `sudo apt-get install -y python3-sklearn` and re-run',
    );
  log('  scikit-learn is missing: installing python3-sklearn with apt-get…');
  execSync('apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-sklearn', {
    stdio: 'inherit',
  });
  if (!hasSklearn()) throw new Error('apt-get finished but python3 still cannot import sklearn');
  return sklearnVersion();
}

function sklearnVersion(): string {
  return execFileSync(PYTHON, ['-c', 'import sklearn; print(sklearn.__version__)'], {
    encoding: 'utf8',
  }).trim();
}

/**
 * Reads the float32 files the bench wrote (no CSV parsing on either side, so both fit the
 * very same values), fits each model `reps` times at one thread, prints JSON. The linear
 * models see missing values as 0, as the TypeScript side does.
 */
const SCRIPT = `
import sys, time, json
import numpy as np
from sklearn.ensemble import HistGradientBoostingClassifier, HistGradientBoostingRegressor
from sklearn.linear_model import LogisticRegression, Ridge
from sklearn.metrics import roc_auc_score, r2_score, log_loss
task, d, ntr, nte, k, reps, l2 = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5]), int(sys.argv[6]), float(sys.argv[7])
def load(name, n):
    x = np.fromfile(f'{d}/{name}-x.f32', dtype=np.float32).reshape(n, k)
    y = np.fromfile(f'{d}/{name}-y.f32', dtype=np.float32).astype(np.float64)
    return x, y
xtr, ytr = load('train', ntr); xte, yte = load('test', nte)
binary = task == 'binary'
kw = dict(max_iter=100, learning_rate=0.1, max_leaf_nodes=31, max_depth=6, min_samples_leaf=20,
          l2_regularization=0.0, max_bins=255, early_stopping=False, random_state=42)
def linear():
    if binary:
        return LogisticRegression(C=1.0 / l2, solver='newton-cholesky', tol=1e-10, max_iter=200)
    return Ridge(alpha=l2, solver='cholesky')
ltr = np.nan_to_num(xtr.astype(np.float64), nan=0.0); lte = np.nan_to_num(xte.astype(np.float64), nan=0.0)
# Untimed warm-up fits on 10k rows: first-call costs are not what the rows compare.
w = min(ntr, 10000)
(HistGradientBoostingClassifier if binary else HistGradientBoostingRegressor)(**kw).fit(xtr[:w], ytr[:w])
linear().fit(ltr[:w], ytr[:w])
out = {'gbdt_train': [], 'gbdt_predict': [], 'linear_train': []}
for _ in range(reps):
    m = (HistGradientBoostingClassifier if binary else HistGradientBoostingRegressor)(**kw)
    t0 = time.perf_counter(); m.fit(xtr, ytr); t1 = time.perf_counter()
    p = m.predict_proba(xte)[:, 1] if binary else m.predict(xte)
    t2 = time.perf_counter()
    out['gbdt_train'].append(t1 - t0); out['gbdt_predict'].append(t2 - t1)
out['gbdt_score'] = float(roc_auc_score(yte, p) if binary else r2_score(yte, p))
for _ in range(reps):
    lm = linear()
    t0 = time.perf_counter(); lm.fit(ltr, ytr); out['linear_train'].append(time.perf_counter() - t0)
out['linear_score'] = float(log_loss(yte, lm.predict_proba(lte)[:, 1]) if binary else r2_score(yte, lm.predict(lte)))
print(json.dumps(out))
`;

export interface SklearnResult {
  gbdt_train: number[];
  gbdt_predict: number[];
  gbdt_score: number;
  linear_train: number[];
  linear_score: number;
}

/** Runs the baseline on the files in `dir` (train-x.f32, train-y.f32, test-…) at one thread. */
export function runSklearn(
  task: 'binary' | 'regression',
  dir: string,
  sizes: { train: number; test: number; features: number },
  reps: number,
  l2: number,
): SklearnResult {
  const threads = { OMP_NUM_THREADS: '1', OPENBLAS_NUM_THREADS: '1', MKL_NUM_THREADS: '1' };
  const out = execFileSync(
    PYTHON,
    ['-c', SCRIPT, task, dir, ...[sizes.train, sizes.test, sizes.features, reps, l2].map(String)],
    { env: { ...process.env, ...threads }, encoding: 'utf8', maxBuffer: 1 << 20 },
  );
  return JSON.parse(out) as SklearnResult;
}
