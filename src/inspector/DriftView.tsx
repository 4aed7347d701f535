import './drift-view.css';
import type { DriftColumn } from '../nodes/monitor/drift-report';

const pct = (v: number) => `${(v * 100).toFixed(v > 0 && v < 0.001 ? 2 : 1)}%`;
const p = (v: number) => (v < 1e-4 ? v.toExponential(1) : v.toFixed(4));

/** Both distributions of one column, bin by bin: reference and current share side by side. */
function DriftBars({ column }: { column: DriftColumn }) {
  const { labels, reference, current } = column.bins;
  const rTotal = reference.reduce((s, v) => s + v, 0) || 1;
  const cTotal = current.reduce((s, v) => s + v, 0) || 1;
  const shares = labels.map((_, i) => [(reference[i] ?? 0) / rTotal, (current[i] ?? 0) / cTotal] as const);
  const max = Math.max(1e-9, ...shares.flat());
  return (
    <div
      className="drift-bars"
      data-testid="drift-bars"
      role="img"
      aria-label={`Distribution of ${column.column}`}
    >
      {labels.map((label, i) => {
        const [r, c] = shares[i] as readonly [number, number];
        return (
          <div key={label} className="drift-bin" title={`${label}: reference ${pct(r)}, current ${pct(c)}`}>
            <div className="drift-pair">
              <span className="bar ref" style={{ height: `${(r / max) * 100}%` }} data-share={r} />
              <span className="bar cur" style={{ height: `${(c / max) * 100}%` }} data-share={c} />
            </div>
            <span className="drift-label">{label}</span>
          </div>
        );
      })}
    </div>
  );
}

/** A drift check: one row per column, and each column's two distributions (drifted ones open). */
export function DriftView({ drift, threshold }: { drift: DriftColumn[]; threshold?: number }) {
  return (
    <div className="drift-view" data-testid="drift-view">
      <div className="drift-legend">
        <span className="swatch ref" /> reference <span className="swatch cur" /> current
        {threshold !== undefined && <span className="muted"> · drifted when PSI ≥ {threshold}</span>}
      </div>
      {drift.map((d) => (
        <details
          key={d.column}
          open={d.drifted}
          data-drift-column={d.column}
          data-drifted={String(d.drifted)}
        >
          <summary>
            <span className="drift-name">{d.column}</span>
            <span className={d.drifted ? 'drift-flag drifted' : 'drift-flag'}>
              PSI {d.psi.toFixed(3)}
              {d.drifted ? ' · drifted' : ''}
            </span>
          </summary>
          <div className="drift-facts">
            {d.test === 'ks' ? 'KS' : 'χ²'} {d.statistic.toPrecision(3)}, p = {p(d.pValue)} · missing{' '}
            {pct(d.refMissing)} → {pct(d.curMissing)}
            {d.outOfRange > 0 && <> · {pct(d.outOfRange)} outside the reference range</>}
            {d.newCategories > 0 && <> · {d.newCategories} new categories</>}
          </div>
          <DriftBars column={d} />
        </details>
      ))}
    </div>
  );
}
