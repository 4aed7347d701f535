import { useMemo } from 'react';
import { evaluateReport } from '../nodes/model/model-reports';
import type { NodeReport } from '../shared/protocol';
import {
  CalibrationCurve,
  PermutationImportance,
  PrCurve,
  ResidualPlot,
  RocByClass,
  RocCurve,
  ScatterPlot,
} from './EvaluationCharts';

/** The plot parts of an evaluation report; any kind with metrics may report some of them. */
const plotParts = evaluateReport.pick({
  scatter: true,
  roc: true,
  rocByClass: true,
  pr: true,
  calibration: true,
  importance: true,
});

/**
 * The evaluation's plots, each when its report holds it: ROC, precision–recall and
 * calibration curves (binary), one ROC per class (multiclass), predicted-against-actual and
 * residuals (regression), and permutation importance (every task). Parsed once per report: a fresh parse would give the
 * charts new arrays, and so new uPlot instances, on every render of the inspector.
 */
export function EvaluationPlots({
  report,
  metrics,
}: {
  report: NodeReport;
  metrics: Record<string, number>;
}) {
  const parsed = useMemo(() => plotParts.safeParse(report), [report]);
  if (!parsed.success) return null;
  const { scatter, roc, rocByClass, pr, calibration, importance } = parsed.data;
  return (
    <>
      {roc && <RocCurve roc={roc} auc={metrics.auc} />}
      {rocByClass && rocByClass.length > 0 && <RocByClass curves={rocByClass} />}
      {pr && <PrCurve pr={pr} ap={metrics.ap} baseline={metrics.baseline_ap} />}
      {calibration && calibration.count.length > 0 && <CalibrationCurve calibration={calibration} />}
      {scatter && scatter.actual.length > 0 && (
        <>
          <ScatterPlot actual={scatter.actual} predicted={scatter.predicted} />
          <ResidualPlot actual={scatter.actual} predicted={scatter.predicted} />
        </>
      )}
      {importance && importance.features.length > 0 && <PermutationImportance importance={importance} />}
    </>
  );
}
