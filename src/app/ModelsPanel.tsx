import { useState } from 'react';
import { engine } from '../engine/client';
import type { RegisteredModel } from '../shared/protocol';
import { downloadBlob } from '../ui/download';
import { formatMetric, HEADLINE_METRICS } from '../ui/metrics';
import { addReaderNode } from './add-reader-node';
import { PanelFrame } from './PanelFrame';
import { useEngineList } from './use-engine-list';

const listModels = () => engine().listModels();

const keyOf = (m: RegisteredModel) => `${m.name} v${m.version}`;
/** Headline metrics first (AUC, accuracy, F1, R² …). */
const rank = (k: string) => (HEADLINE_METRICS.includes(k) ? HEADLINE_METRICS.indexOf(k) : 99);

function scalar(v: unknown): string {
  if (typeof v === 'number') return String(Number(v.toPrecision(6)));
  if (typeof v === 'string' || typeof v === 'boolean') return String(v);
  return JSON.stringify(v);
}

/** Two or more versions side by side: metrics (test and cross-validated), settings, top features. */
function Comparison({ models }: { models: RegisteredModel[] }) {
  const metricNames = [...new Set(models.flatMap((m) => Object.keys(m.testMetrics ?? {})))].filter(
    (k) => !k.startsWith('baseline_'),
  );
  const cvNames = [...new Set(models.flatMap((m) => Object.keys(m.cvMetrics?.sd ?? {})))];
  const paramNames = [...new Set(models.flatMap((m) => Object.keys(m.params)))].filter(
    (k) =>
      k !== 'features' && models.some((m) => m.params[k] !== undefined && typeof m.params[k] !== 'object'),
  );
  // Settings that differ come first: they are what the comparison is about.
  const differs = (k: string) => new Set(models.map((m) => scalar(m.params[k]))).size > 1;
  paramNames.sort((a, b) => Number(differs(b)) - Number(differs(a)));
  const row = (label: string, cells: string[], attrs: Record<string, string> = {}) => (
    <tr key={label} {...attrs}>
      <th>{label}</th>
      {cells.map((c, i) => (
        <td key={keyOf(models[i] as RegisteredModel)}>{c}</td>
      ))}
    </tr>
  );
  return (
    <table className="mini model-compare" data-testid="model-compare">
      <thead>
        <tr>
          <th />
          {models.map((m) => (
            <th key={keyOf(m)}>
              {keyOf(m)}
              {m.production ? ' ★' : ''}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {row(
          'family',
          models.map((m) => m.family),
        )}
        {metricNames.map((k) =>
          row(
            `test ${k}`,
            models.map((m) => formatMetric(m.testMetrics?.[k])),
            { 'data-compare-metric': k },
          ),
        )}
        {cvNames.map((k) =>
          row(
            `CV ${k}`,
            models.map((m) =>
              m.cvMetrics?.mean[k] === undefined
                ? ''
                : `${formatMetric(m.cvMetrics.mean[k])} ± ${String(Number((m.cvMetrics.sd[k] ?? 0).toPrecision(2)))}`,
            ),
          ),
        )}
        {paramNames.map((k) =>
          row(
            k,
            models.map((m) => (m.params[k] === undefined ? '' : scalar(m.params[k]))),
            differs(k) ? { className: 'differs' } : {},
          ),
        )}
        {row(
          'top features',
          models.map((m) =>
            (m.importance?.rows ?? [])
              .slice(0, 5)
              .map(([f]) => f)
              .join(', '),
          ),
        )}
        {row(
          'trained on',
          models.map((m) => `${m.trainRows.toLocaleString('en-US')} rows · ${m.pipeline}`),
        )}
      </tbody>
    </table>
  );
}

/** The model registry: versions per name, compare, mark production, download, score new data. */
export function ModelsPanel({ onClose }: { onClose: () => void }) {
  const [picked, setPicked] = useState<string[]>([]);
  const [comparing, setComparing] = useState(false);
  const { items: models, reload: load } = useEngineList(listModels, 'pipewright-models-changed', 'Models');
  const chosen = (models ?? []).filter((m) => picked.includes(keyOf(m)));
  return (
    <PanelFrame label="Models" className="datasets-panel models-panel" onClose={onClose}>
      <p className="muted">
        Registered with “Register model” in a model’s inspector. ★ marks the production version, which a
        Registered model node reads unless it names another.
      </p>
      {models?.length === 0 && <p>No registered models yet.</p>}
      <ul className="pipelines-list">
        {(models ?? []).map((m) => {
          const label = keyOf(m);
          return (
            <li
              key={label}
              className="dataset-row"
              data-testid="model-row"
              data-model={m.name}
              data-version={m.version}
              data-production={String(m.production)}
            >
              <div>
                <label>
                  <input
                    type="checkbox"
                    aria-label={`Select ${label}`}
                    checked={picked.includes(label)}
                    onChange={(e) =>
                      setPicked((p) => (e.target.checked ? [...p, label] : p.filter((x) => x !== label)))
                    }
                  />{' '}
                  <strong>{m.name}</strong> v{m.version}
                  {m.production ? ' ★ production' : ''}
                </label>{' '}
                <span className="muted">
                  · {m.family} → {m.target} · {m.features.length} features
                  {m.testMetrics
                    ? ` · ${Object.entries(m.testMetrics)
                        .filter(([k]) => !k.startsWith('baseline_'))
                        .sort(([a], [b]) => rank(a) - rank(b))
                        .slice(0, 3)
                        .map(([k, v]) => `${k} ${formatMetric(v)}`)
                        .join(', ')}`
                    : ''}{' '}
                  · {new Date(m.registeredAt).toLocaleString('en-GB')}
                  {m.trainingData
                    ? ` · training data: dataset "${m.trainingData.name}" v${m.trainingData.version}`
                    : ''}
                </span>
              </div>
              <div className="pipeline-actions">
                {!m.production && (
                  <button
                    type="button"
                    className="btn btn-small"
                    aria-label={`Promote ${label} to production`}
                    onClick={() => void engine().promoteModel(m.name, m.version).then(load)}
                  >
                    Promote
                  </button>
                )}
                <button
                  type="button"
                  className="btn btn-small"
                  aria-label={`Score with ${label}`}
                  onClick={() => {
                    addReaderNode('registryParams', m.name, m.version);
                    onClose();
                  }}
                >
                  Score with it
                </button>
                <button
                  type="button"
                  className="btn btn-small"
                  aria-label={`Download ${label}`}
                  onClick={() =>
                    void engine()
                      .registeredModelZip(m.name, m.version)
                      .then((bytes) =>
                        downloadBlob(
                          bytes as Uint8Array<ArrayBuffer>,
                          `${m.name}-v${m.version}.model.zip`,
                          'application/zip',
                        ),
                      )
                  }
                >
                  Download
                </button>
                <button
                  type="button"
                  className="btn btn-small btn-danger"
                  aria-label={`Delete ${label}`}
                  onClick={() => {
                    if (!window.confirm(`Delete "${label}" from the registry?`)) return;
                    void engine().deleteModel(m.name, m.version).then(load);
                  }}
                >
                  Delete
                </button>
              </div>
            </li>
          );
        })}
      </ul>
      <button
        type="button"
        className="btn btn-small"
        disabled={chosen.length < 2}
        onClick={() => setComparing(true)}
      >
        Compare selected ({chosen.length})
      </button>
      {comparing && chosen.length >= 2 && <Comparison models={chosen} />}
    </PanelFrame>
  );
}
