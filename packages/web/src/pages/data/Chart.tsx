import type * as Plot from '@observablehq/plot';
import { useLayoutEffect, useMemo, useRef, useState } from 'react';
import { PlotFigure } from '../../components/PlotFigure';

/** A left margin that fits the longest of `labels` at Plot's 10px axis font (bounded). */
export function labelMargin(labels: readonly string[], min = 40, max = 280): number {
  const longest = labels.reduce((m, l) => Math.max(m, l.length), 0);
  return Math.max(min, Math.min(max, Math.ceil(6.2 * longest) + 14));
}

/**
 * A PlotFigure drawn at the width of its container (at most `maxWidth`), so charts keep legible text on a phone
 * instead of being scaled down; the left margin shrinks to at most 45% of a narrow width.
 */
export function Chart({ options, label, maxWidth = 760 }: { options: Plot.PlotOptions; label: string; maxWidth?: number }) {
  const ref = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState<number | null>(null);
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    const measure = () => {
      const w = Math.floor(el.clientWidth);
      if (w > 0) setWidth((old) => (old === w ? old : w));
    };
    measure();
    if (typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver(measure);
    observer.observe(el);
    return () => observer.disconnect();
  }, []);
  const sized = useMemo<Plot.PlotOptions>(() => {
    if (width === null) return options;
    const w = Math.min(maxWidth, width);
    const left = typeof options.marginLeft === 'number' ? Math.min(options.marginLeft, Math.round(0.45 * w)) : options.marginLeft;
    return { ...options, width: w, marginLeft: left };
  }, [options, width, maxWidth]);
  return (
    <div ref={ref} className="chart-box">
      <PlotFigure options={sized} label={label} />
    </div>
  );
}
