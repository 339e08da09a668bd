/**
 * The cost-per-context-switch plot of the KVM SPE report: an SVG with log-log axes (buffer size,
 * milliseconds per context switch), one line per series at the default prices and a band from the
 * low to the high prices. Deterministic text (fixed decimals), so the report test can compare it.
 */
import { sizeName } from "./pricing.ts";

export interface PlotSeries {
  readonly label: string;
  readonly color: string;
  readonly dashed?: boolean;
  /** (bytes, default ms, low ms, high ms) per buffer size; every value > 0 */
  readonly points: readonly (readonly [number, number, number, number])[];
}

const W = 720;
const H = 420;
const M = { left: 70, right: 20, top: 30, bottom: 110 };
const f = (x: number): string => x.toFixed(1);

export function costPlotSvg(title: string, series: readonly PlotSeries[]): string {
  const xs = series[0]!.points.map((p) => p[0]);
  const ys = series.flatMap((s) => s.points.flatMap((p) => [p[2], p[3]]));
  const [x0, x1] = [Math.log2(Math.min(...xs)), Math.log2(Math.max(...xs))];
  const [y0, y1] = [Math.floor(Math.log10(Math.min(...ys))), Math.ceil(Math.log10(Math.max(...ys)))];
  const px = (bytes: number): number => M.left + ((Math.log2(bytes) - x0) / (x1 - x0)) * (W - M.left - M.right);
  const py = (ms: number): number => H - M.bottom - ((Math.log10(ms) - y0) / (y1 - y0)) * (H - M.top - M.bottom);
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif" font-size="12">`,
    `<rect width="${W}" height="${H}" fill="white"/>`,
    `<text x="${W / 2}" y="18" text-anchor="middle" font-size="14">${title}</text>`,
  ];
  for (let e = y0; e <= y1; e++) {
    const y = f(py(10 ** e));
    out.push(`<line x1="${M.left}" y1="${y}" x2="${W - M.right}" y2="${y}" stroke="#ddd"/>`);
    out.push(`<text x="${M.left - 6}" y="${y}" text-anchor="end" dominant-baseline="middle">${10 ** e >= 1 ? String(10 ** e) : (10 ** e).toFixed(-e)}</text>`);
  }
  for (const b of xs) {
    const x = f(px(b));
    out.push(`<line x1="${x}" y1="${M.top}" x2="${x}" y2="${H - M.bottom}" stroke="#eee"/>`);
    out.push(`<text x="${x}" y="${H - M.bottom + 16}" text-anchor="middle">${sizeName(b)}</text>`);
  }
  out.push(`<text x="${(M.left + W - M.right) / 2}" y="${H - M.bottom + 34}" text-anchor="middle">AUX buffer size (perf record -m)</text>`);
  out.push(`<text x="16" y="${(M.top + H - M.bottom) / 2}" text-anchor="middle" transform="rotate(-90 16 ${(M.top + H - M.bottom) / 2})">ms per context switch (log)</text>`);
  for (const s of series) {
    const band = [...s.points.map((p) => `${f(px(p[0]))},${f(py(p[3]))}`), ...[...s.points].reverse().map((p) => `${f(px(p[0]))},${f(py(p[2]))}`)].join(" ");
    out.push(`<polygon points="${band}" fill="${s.color}" fill-opacity="0.12" stroke="none"/>`);
    const line = s.points.map((p) => `${f(px(p[0]))},${f(py(p[1]))}`).join(" ");
    out.push(`<polyline points="${line}" fill="none" stroke="${s.color}" stroke-width="2"${s.dashed ? ' stroke-dasharray="6 4"' : ""}/>`);
  }
  series.forEach((s, i) => {
    const y = H - M.bottom + 56 + i * 16;
    out.push(`<line x1="${M.left}" y1="${y}" x2="${M.left + 30}" y2="${y}" stroke="${s.color}" stroke-width="2"${s.dashed ? ' stroke-dasharray="6 4"' : ""}/>`);
    out.push(`<text x="${M.left + 38}" y="${y}" dominant-baseline="middle">${s.label}</text>`);
  });
  out.push("</svg>", "");
  return out.join("\n");
}
