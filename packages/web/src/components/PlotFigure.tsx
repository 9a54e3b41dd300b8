import * as Plot from '@observablehq/plot';
import { useEffect, useRef } from 'react';

/**
 * Renders an Observable Plot chart (the one chart library of the app) and replaces it when `options` change.
 * `label` names the chart for screen readers; the figure's data should also be readable as text next to it.
 */
export function PlotFigure({ options, label }: { options: Plot.PlotOptions; label: string }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const chart = Plot.plot({ ...options, ariaLabel: label, style: { background: 'transparent', fontSize: '12px', ...(typeof options.style === 'object' ? options.style : {}) } });
    el.replaceChildren(chart);
    return () => chart.remove();
  }, [options, label]);
  return <div ref={ref} className="plot" role="figure" aria-label={label} />;
}
