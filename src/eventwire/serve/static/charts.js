// Timeline chart of events and deaths by victim side with low/best/high bands, drawn as plain SVG.
// Hand-drawn rather than a vendored chart library: one small chart with bands needs ~80 lines,
// stays inspectable in the DOM (the browser test reads its elements), and adds no dependency.
"use strict";

const SVG_NS = "http://www.w3.org/2000/svg";
const SIDE_COLORS = ["#d92d20", "#1f5fbf", "#079455", "#dc6803", "#7a5af8", "#0e9384", "#c11574"];

function svgEl(tag, attrs, text) {
  const el = document.createElementNS(SVG_NS, tag);
  for (const [k, v] of Object.entries(attrs || {})) el.setAttribute(k, String(v));
  if (text !== undefined) el.textContent = text;
  return el;
}

// buckets: [{start, events, deaths: [{side, low, best, high}]}] as served by /api/timeline.
function drawTimeline(container, buckets) {
  container.replaceChildren();
  if (!buckets.length) {
    container.textContent = "No events match the filters.";
    return;
  }
  const W = 640, H = 320, L = 44, R = 16, T = 22, B = 42;
  const sides = [...new Set(buckets.flatMap((b) => b.deaths.map((d) => d.side)))].sort();
  const maxDeaths = Math.max(1, ...buckets.flatMap((b) => b.deaths.map((d) => d.high)));
  const maxEvents = Math.max(1, ...buckets.map((b) => b.events));
  const n = buckets.length;
  const x = (i) => L + (n === 1 ? (W - L - R) / 2 : (i * (W - L - R)) / (n - 1));
  const y = (v) => H - B - (v * (H - T - B)) / maxDeaths;
  const svg = svgEl("svg", { viewBox: `0 0 ${W} ${H}`, width: "100%", role: "img", "aria-label": "Timeline" });
  svg.append(svgEl("line", { x1: L, y1: H - B, x2: W - R, y2: H - B, stroke: "#98a2b3" }));
  svg.append(svgEl("line", { x1: L, y1: T, x2: L, y2: H - B, stroke: "#98a2b3" }));
  for (const v of new Set([0, Math.round(maxDeaths / 2), maxDeaths])) {
    svg.append(svgEl("text", { x: L - 6, y: y(v) + 3, "text-anchor": "end" }, String(Math.round(v))));
  }
  svg.append(svgEl("text", { x: 4, y: 10 }, "killed"));
  const barW = Math.max(3, Math.min(18, (W - L - R) / n / 3));
  buckets.forEach((b, i) => {
    const h = (b.events * (H - T - B) * 0.35) / maxEvents;
    const bar = svgEl("rect", { class: "events-bar", x: x(i) - barW / 2, y: H - B - h, width: barW, height: h,
                                fill: "#d0d5dd" });
    bar.append(svgEl("title", {}, `${b.start}: ${b.events} event(s)`));
    svg.append(bar);
    if (i % Math.ceil(n / 8) === 0) { // at most 8 date labels
      svg.append(svgEl("text", { x: x(i), y: H - B + 14, "text-anchor": "middle" }, b.start.slice(2)));
    }
  });
  sides.forEach((side, k) => {
    const color = SIDE_COLORS[k % SIDE_COLORS.length];
    const pts = buckets.map((b, i) => {
      const d = b.deaths.find((v) => v.side === side) || { low: 0, best: 0, high: 0 };
      return { i, d, start: b.start };
    });
    const upper = pts.map((p) => `${x(p.i)},${y(p.d.high)}`);
    const lower = pts.slice().reverse().map((p) => `${x(p.i)},${y(p.d.low)}`);
    svg.append(svgEl("polygon", { class: "band", "data-side": side, points: upper.concat(lower).join(" "),
                                  fill: color, "fill-opacity": 0.18, stroke: "none" }));
    svg.append(svgEl("polyline", { class: "best", "data-side": side, points: pts.map((p) => `${x(p.i)},${y(p.d.best)}`).join(" "),
                                   fill: "none", stroke: color, "stroke-width": 2 }));
    for (const p of pts) {
      const dot = svgEl("circle", { cx: x(p.i), cy: y(p.d.best), r: 3, fill: color });
      dot.append(svgEl("title", {}, `${p.start} · victims ${side}: low ${p.d.low} / best ${p.d.best} / high ${p.d.high}`));
      svg.append(dot);
    }
    svg.append(svgEl("rect", { x: L + k * 90, y: H - 14, width: 10, height: 10, fill: color }));
    svg.append(svgEl("text", { x: L + k * 90 + 14, y: H - 5 }, `victims ${side}`));
  });
  container.append(svg);
}

window.ewCharts = { drawTimeline };
