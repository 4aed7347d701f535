import { useEffect, useState } from 'react';
import { engine } from '../engine/client';
import type { ColumnProfile } from '../shared/protocol';
import { formatCell } from './format-cell';

function fmt(v: number | string | null, type: string): string {
  if (v === null) return '–';
  return typeof v === 'number' ? formatCell(v, type.startsWith('TIMESTAMP') ? 'DOUBLE' : type) : v;
}

/** Bars scaled to the tallest bin; a few divs, not a chart. */
function Histogram({ counts }: { counts: number[] }) {
  const top = Math.max(1, ...counts);
  return (
    <div className="histogram" aria-hidden="true">
      {counts.map((n, i) => (
        <span key={i} style={{ height: `${Math.max(n ? 8 : 0, (n / top) * 100)}%` }} title={String(n)} />
      ))}
    </div>
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
            <td data-stat="nulls">{c.nulls}</td>
            <td data-stat="distinct">{c.distinct}</td>
            <td className="minmax">
              <div>{fmt(c.min, c.type)}</div>
              <div>{fmt(c.max, c.type)}</div>
              {c.mean !== null && <div className="muted">μ {fmt(c.mean, 'DOUBLE')}</div>}
            </td>
            <td>
              {c.histogram && <Histogram counts={c.histogram.counts} />}
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
