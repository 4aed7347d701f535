import { useMemo } from 'react';
import type uPlot from 'uplot';
import { UPlotChart } from './UPlotChart';

const COLORS: Record<string, string> = { loss: '#3b6ff5', val_loss: '#e0453a' };

/** Loss and validation loss per epoch, live while a model trains. */
export function TrainingChart({ points }: { points: Record<string, number>[] }) {
  const keys = useMemo(() => {
    const all = new Set<string>();
    for (const p of points) for (const k of Object.keys(p)) if (k.endsWith('loss')) all.add(k);
    return [...all].sort();
  }, [points]);
  const keyList = keys.join(',');
  const options = useMemo<Omit<uPlot.Options, 'width' | 'height'>>(
    () => ({
      scales: { x: { time: false } },
      axes: [{ label: 'epoch' }, { label: 'loss', size: 56 }],
      series: [
        { label: 'epoch' },
        ...keys.map((k) => ({
          label: k,
          stroke: COLORS[k] ?? '#7a869a',
          width: 2,
          points: { show: true, size: 4 },
        })),
      ],
      legend: { show: true },
    }),
    [keyList],
  );
  const data = useMemo<uPlot.AlignedData>(
    () => [
      points.map((p, i) => p.epoch ?? i + 1),
      ...keys.map((k) => points.map((p) => (p[k] === undefined ? null : (p[k] as number)))),
    ],
    [points, keys],
  );
  if (!points.length) return null;
  if (points.length === 1) {
    // A closed-form solve (ridge) has no rounds to plot: one loss, said in words.
    const only = points[0] as Record<string, number>;
    return (
      <div data-testid="training-chart" data-epochs={1} className="muted">
        Solved in one step (no rounds to plot):{' '}
        {keys.map((k) => `${k} ${Number((only[k] as number).toPrecision(4))}`).join(' · ')}
      </div>
    );
  }
  return (
    <div data-testid="training-chart" data-epochs={points.length}>
      <UPlotChart options={options} data={data} label="Loss per epoch" />
    </div>
  );
}
