import { formatCell } from './format-cell';

/** Categories listed on screen; the report and the exported model hold them all. */
const SHOWN = 100;

const n = (v: unknown) => (typeof v === 'number' ? formatCell(v, 'DOUBLE') : v === null ? '–' : String(v));

function Table({ head, rows }: { head: string[]; rows: unknown[][] }) {
  return (
    <table className="mini">
      <thead>
        <tr>
          {head.map((h) => (
            <th key={h}>{h}</th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={String(r[0])}>
            {r.map((c, i) => (
              <td key={i}>{n(c)}</td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/**
 * Statistics a fitted stage learned on its `in` table and applies to `apply`: the medians
 * used, the means/stds, the category vocabulary. They also go into the exported model.
 */
export function FittedView({ fitted }: { fitted: Record<string, unknown> }) {
  const kind = fitted.kind;
  let body: React.ReactNode;
  if (kind === 'impute') {
    const values = (fitted.values ?? {}) as Record<string, unknown>;
    const methods = (fitted.methods ?? {}) as Record<string, unknown>;
    body = (
      <Table
        head={['Column', 'Method', 'Fill value']}
        rows={Object.keys(values).map((c) => [c, methods[c], values[c]])}
      />
    );
  } else if (kind === 'scale') {
    const cols = (fitted.columns ?? []) as Record<string, unknown>[];
    const keys = Object.keys(cols[0] ?? {}).filter((k) => k !== 'column');
    body = <Table head={['Column', ...keys]} rows={cols.map((c) => [c.column, ...keys.map((k) => c[k])])} />;
  } else if (kind === 'onehot') {
    const cols = (fitted.columns ?? []) as {
      column: string;
      categories: string[];
      counts: number[];
      distinct: number;
    }[];
    body = cols.map((c) => (
      <div key={c.column} className="vocab">
        <div className="vocab-head">
          {c.column}{' '}
          <span className="muted">
            · {c.categories.length} of {c.distinct} categories
          </span>
        </div>
        <div className="chips">
          {c.categories.map((v, i) => (
            <span key={v} className="chip">
              {v} <span className="muted">{c.counts[i]}</span>
            </span>
          ))}
        </div>
      </div>
    ));
  } else if (kind === 'target_encode') {
    const cats = (fitted.categories ?? []) as {
      value: string | null;
      count: number;
      encoding: number | null;
    }[];
    const other = fitted.other as { categories: number; count: number; encoding: number | null } | undefined;
    body = (
      <>
        <div className="muted">
          {String(fitted.column)} → mean of {String(fitted.target)} · global mean {n(fitted.globalMean)}
        </div>
        <Table
          head={['Category', 'Rows', 'Encoding']}
          rows={[
            ...cats.slice(0, SHOWN).map((c) => [c.value ?? 'null', c.count, c.encoding]),
            ...(cats.length > SHOWN ? [[`… ${cats.length - SHOWN} more (all in the exported model)`]] : []),
            ...(other ? [[`other: ${other.categories} rarer or unseen`, other.count, other.encoding]] : []),
          ]}
        />
      </>
    );
  } else {
    body = <pre>{JSON.stringify(fitted, null, 2)}</pre>;
  }
  return (
    <div className="fitted" data-testid="fitted-stats" data-fitted-kind={String(kind)}>
      <div className="fitted-title">Fitted on the input · applied unchanged to “apply”</div>
      {body}
    </div>
  );
}
