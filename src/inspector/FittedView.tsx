import type { FittedStats } from '../nodes/reports';
import { formatCell } from './format-cell';

/** Categories listed on screen; the report and the exported model hold them all. */
const SHOWN = 100;

const n = (v: unknown) => (typeof v === 'number' ? formatCell(v, 'DOUBLE') : v === null ? '–' : String(v));

/** A small table of numbers, formatted like the data preview. */
export function Table({ head, rows }: { head: string[]; rows: unknown[][] }) {
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
export function FittedView({ fitted }: { fitted: FittedStats }) {
  const kind = fitted.kind;
  let body: React.ReactNode;
  if (fitted.kind === 'impute') {
    const { values, methods } = fitted;
    body = (
      <Table
        head={['Column', 'Method', 'Fill value']}
        rows={Object.keys(values).map((c) => [c, methods[c], values[c]])}
      />
    );
  } else if (fitted.kind === 'scale') {
    const cols = fitted.columns;
    const keys = Object.keys(cols[0] ?? {}).filter((k) => k !== 'column');
    body = <Table head={['Column', ...keys]} rows={cols.map((c) => [c.column, ...keys.map((k) => c[k])])} />;
  } else if (fitted.kind === 'onehot') {
    body = fitted.columns.map((c) => (
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
  } else if (fitted.kind === 'target_encode') {
    const { categories: cats, other } = fitted;
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
      {Array.isArray(fitted.targetsLeftAlone) && fitted.targetsLeftAlone.length > 0 && (
        <div className="muted" data-testid="fitted-targets-left-alone">
          Left as it is: {fitted.targetsLeftAlone.map((t) => `“${String(t)}”`).join(', ')}, the target of a
          model downstream.
        </div>
      )}
    </div>
  );
}
