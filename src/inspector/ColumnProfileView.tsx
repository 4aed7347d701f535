import { useEffect, useState } from 'react';
import { engine } from '../engine/client';
import type { ColumnProfile } from '../shared/protocol';
import './column-profile.css';
import { formatCell } from './format-cell';
import { axisNumber, histogramBins } from './histogram-bins';

function fmt(v: number | string | null, type: string): string {
  if (v === null) return '–';
  return typeof v === 'number' ? formatCell(v, type.startsWith('TIMESTAMP') ? 'DOUBLE' : type) : v;
}

const count = (n: number) => n.toLocaleString('en-US');

/**
 * Bars scaled to the tallest bin, with a count axis (0 to the tallest), the value axis's
 * ends and the bin width under it, and each bar's value range on hover.
 */
function Histogram({
  name,
  type,
  h,
}: {
  name: string;
  type: string;
  h: NonNullable<ColumnProfile['histogram']>;
}) {
  const bins = histogramBins(h);
  const top = Math.max(1, ...h.counts);
  const width = bins.length > 1 ? (h.max - h.min) / bins.length : 0;
  return (
    <div
      className="hist"
      role="img"
      data-testid="histogram"
      aria-label={`Histogram of ${name}: ${bins.length} bins from ${fmt(h.min, type)} to ${fmt(h.max, type)}, the tallest ${count(top)} rows`}
    >
      <div className="hist-y">
        <span data-axis="y-max">{count(top)}</span>
        <span data-axis="y-min">0</span>
      </div>
      <div className="histogram">
        {bins.map((b, i) => (
          <span
            key={i}
            data-bin-range={`${b.from}:${b.to}`}
            style={{ height: `${Math.max(b.count ? 8 : 0, (b.count / top) * 100)}%` }}
            title={`${axisNumber(b.from)} – ${axisNumber(b.to)}: ${count(b.count)} rows`}
          />
        ))}
      </div>
      <div className="hist-x">
        <span data-axis="x-min">{fmt(h.min, type)}</span>
        <span data-axis="x-max">{fmt(h.max, type)}</span>
      </div>
      {width > 0 && (
        <div className="hist-width">
          {bins.length} bins × {axisNumber(width)}
        </div>
      )}
    </div>
  );
}

/** The distinct count: exact, or an estimate marked "≈" with why. */
function Distinct({ c }: { c: ColumnProfile }) {
  if (!c.distinctApproximate) return <>{count(c.distinct)}</>;
  return (
    <span title="Estimated (HyperLogLog) on this large table: may be off by a few percent">
      ≈ {count(c.distinct)}
    </span>
  );
}

/** Per-column profile of a table output, computed in DuckDB in the engine worker. */
export function ColumnProfileView({
  nodeId,
  port,
  version,
}: {
  nodeId: string;
  port: string;
  version: number;
}) {
  const [profile, setProfile] = useState<ColumnProfile[]>();
  const [error, setError] = useState<string>();
  useEffect(() => {
    let live = true;
    setProfile(undefined);
    engine()
      .profile(nodeId, port)
      .then((p) => live && setProfile(p))
      .catch((err: unknown) => live && setError(err instanceof Error ? err.message : String(err)));
    return () => {
      live = false;
    };
  }, [nodeId, port, version]);
  if (error) return <div className="preview-error">{error}</div>;
  if (!profile) return <div className="muted">Profiling…</div>;
  return (
    <table className="profile" data-testid="column-profile">
      <thead>
        <tr>
          <th>Column</th>
          <th>Nulls</th>
          <th>Distinct</th>
          <th>Min / max / mean</th>
          <th>Distribution</th>
        </tr>
      </thead>
      <tbody>
        {profile.map((c) => (
          <tr key={c.name} data-column={c.name}>
            <td>
              <div className="col-name">{c.name}</div>
              <div className="col-type">{c.type}</div>
            </td>
            <td data-stat="nulls">{count(c.nulls)}</td>
            <td data-stat="distinct" data-approximate={c.distinctApproximate ? 'true' : undefined}>
              <Distinct c={c} />
            </td>
            <td className="minmax">
              <div>{fmt(c.min, c.type)}</div>
              <div>{fmt(c.max, c.type)}</div>
              {c.mean !== null && <div className="muted">μ {fmt(c.mean, 'DOUBLE')}</div>}
            </td>
            <td>
              {c.histogram && <Histogram name={c.name} type={c.type} h={c.histogram} />}
              {c.top && (
                <ul className="top-values">
                  {c.top.map((t) => (
                    <li key={t.value}>
                      <span>{t.value}</span> <span className="muted">{t.count}</span>
                    </li>
                  ))}
                </ul>
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
