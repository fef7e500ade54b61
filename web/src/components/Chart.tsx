import { useEffect, useRef } from 'react';
import type { Chart as ChartJs, ChartType } from 'chart.js';

// A Chart.js chart, loaded on first use (chart.js is its own chunk: neither the portal's first load
// nor the console's carries it). The canvas is an image with a text alternative; every screen that
// draws one shows the same figures in a table beside it.

export interface Series {
  label: string;
  data: number[];
  colour?: string;
}

const PALETTE = ['#1d4f91', '#b35c00', '#1e6b34', '#7a3b9a', '#a4221b', '#2a7f8f', '#5b6470', '#8a6d00', '#c2477c', '#3a5f0b', '#0f2f57', '#6d4c41'];
export const colour = (i: number) => PALETTE[i % PALETTE.length]!;

let loaded: Promise<typeof import('chart.js')> | null = null;
function loadChartJs() {
  loaded ??= import('chart.js').then((m) => {
    m.Chart.register(m.LineController, m.BarController, m.LineElement, m.PointElement, m.BarElement, m.CategoryScale, m.LinearScale, m.Legend, m.Tooltip);
    return m;
  });
  return loaded;
}

export function Chart({ kind, labels, series, label, horizontal = false, stacked = false, percent = false, height = 280 }: {
  kind: 'line' | 'bar';
  labels: string[];
  series: Series[];
  /** The text alternative: what the chart shows, in a sentence. */
  label: string;
  horizontal?: boolean;
  stacked?: boolean;
  percent?: boolean;
  height?: number;
}) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const chart = useRef<ChartJs | null>(null);
  // Callers build their arrays on each render: redraw only when what they say changes.
  const spec = JSON.stringify({ kind, labels, series, horizontal, stacked, percent });
  useEffect(() => {
    let cancelled = false;
    void loadChartJs().then(({ Chart: C }) => {
      if (cancelled || !canvas.current) return;
      chart.current?.destroy();
      const valueTicks = percent ? { callback: (v: string | number) => `${v}%` } : { precision: 0 };
      chart.current = new C(canvas.current, {
        type: kind as ChartType,
        data: {
          labels,
          datasets: series.map((s, i) => ({
            label: s.label,
            data: s.data,
            borderColor: s.colour ?? colour(i),
            backgroundColor: s.colour ?? colour(i),
            borderWidth: kind === 'line' ? 2.5 : 0,
            pointRadius: kind === 'line' ? 2.5 : 0,
            tension: 0.15,
          })),
        },
        options: {
          animation: false,
          responsive: true,
          maintainAspectRatio: false,
          indexAxis: horizontal ? 'y' : 'x',
          plugins: { legend: { display: series.length > 1, position: 'bottom' } },
          // The value axis counts whole requests (or shows percentages); the other names the bars.
          scales: {
            x: { stacked, beginAtZero: true, ...(horizontal ? { ticks: valueTicks } : {}) },
            y: { stacked, beginAtZero: true, ...(!horizontal ? { ticks: valueTicks } : {}) },
          },
        },
      });
    });
    return () => {
      cancelled = true;
    };
  }, [spec]);
  useEffect(() => () => chart.current?.destroy(), []);
  // Chart.js follows its box's size; printing changes the box, so redraw for the page and back.
  useEffect(() => {
    const redraw = () => chart.current?.resize();
    addEventListener('beforeprint', redraw);
    addEventListener('afterprint', redraw);
    return () => {
      removeEventListener('beforeprint', redraw);
      removeEventListener('afterprint', redraw);
    };
  }, []);
  return (
    <div className="chart-box" style={{ height }}>
      <canvas ref={canvas} role="img" aria-label={label} data-testid="chart">
        {label}
      </canvas>
    </div>
  );
}
