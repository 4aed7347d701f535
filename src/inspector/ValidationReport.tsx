import { useState } from 'react';
import type { RuleResultReport } from '../nodes/reports';

function Examples({ rows }: { rows: Record<string, unknown>[] }) {
  const cols = Object.keys(rows[0] ?? {});
  return (
    <div className="examples">
      <table className="mini">
        <thead>
          <tr>
            {cols.map((c) => (
              <th key={c}>{c}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((r, i) => (
            <tr key={i}>
              {cols.map((c) => (
                <td key={c}>{r[c] === null || r[c] === undefined ? 'null' : String(r[c])}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** The validate.rules report: each rule, pass/fail, failing rows, up to 5 examples. */
export function ValidationReport({ rules: results }: { rules: RuleResultReport[] }) {
  const [open, setOpen] = useState<number>();
  const failed = results.filter((r) => !r.passed).length;
  return (
    <div className="validation" data-testid="validation-report">
      <div className={`validation-summary ${failed ? 'has-failures' : 'all-pass'}`}>
        {failed ? `${failed} of ${results.length} rules failed` : `All ${results.length} rules passed`}
      </div>
      <table className="mini rules">
        <thead>
          <tr>
            <th>Rule</th>
            <th>Result</th>
            <th>Failing rows</th>
          </tr>
        </thead>
        <tbody>
          {results.map((r, i) => (
            <tr
              key={`${i}:${r.rule}`}
              data-rule-type={r.type}
              data-passed={r.passed}
              className={r.passed ? 'pass' : 'fail'}
            >
              <td>
                {r.rule}
                {!r.passed && r.examples.length > 0 && (
                  <button type="button" className="link" onClick={() => setOpen(open === i ? undefined : i)}>
                    {open === i ? 'hide examples' : `show ${r.examples.length} examples`}
                  </button>
                )}
                {open === i && <Examples rows={r.examples} />}
              </td>
              <td>{r.passed ? '✓ pass' : '✗ fail'}</td>
              <td data-testid="failing-rows">
                {r.type === 'row_count' ? `rows: ${r.observed}` : r.failingRows}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
