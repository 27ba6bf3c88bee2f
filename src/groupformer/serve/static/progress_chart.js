// The solve's progress as an inline SVG chart built from the engine's Improved events: the score and its
// bound, the gap between them, and the people placed, over the seconds since the solve started. Three
// panels share the time axis because the series have three units; a single axis would flatten two of
// them. No library: the page loads nothing from the network.

const SVG = "http://www.w3.org/2000/svg";
const WIDTH = 640;
const LEFT = 78;
const RIGHT = 16;
const LEGEND = 46;
const LEGEND_COLUMN = 270;
const PANEL = 78;
const BETWEEN = 26;
const BOTTOM = 44;
// Beyond this many improvements a dot per improvement would blur into a thick line; the step line alone reads better.
const MAX_DOTS = 200;

const PANELS = [
  {
    axis: "score",
    series: [
      { key: "objective", label: "objective (best so far)", className: "series-objective" },
      { key: "bound", label: "bound (no solution can score more)", className: "series-bound" },
    ],
    unit: "",
  },
  {
    axis: "gap %",
    series: [{ key: "gap", label: "gap: (bound − objective) / bound", className: "series-gap" }],
    unit: "%",
  },
  {
    axis: "people placed",
    series: [{ key: "assigned", label: "people placed", className: "series-assigned" }],
    unit: "",
    whole: true,
  },
];

function shape(tag, attributes, text = "") {
  const node = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, String(value));
  if (text) node.textContent = text;
  return node;
}

// About `count` round values covering [low, high], so the axes read 0, 5, 10 rather than 0, 4.87, 9.74.
function ticks(low, high, count, whole = false) {
  if (high - low < 1e-9) {
    const pad = whole || Math.abs(high) >= 1 ? 1 : 0.5;
    [low, high] = [low - pad, high + pad];
  }
  const rough = (high - low) / count;
  const magnitude = 10 ** Math.floor(Math.log10(rough));
  const step = [1, 2, 5, 10].map((factor) => factor * magnitude).find((candidate) => candidate >= rough);
  const usable = whole ? Math.max(1, Math.round(step)) : step;
  const values = [];
  for (let value = Math.floor(low / usable) * usable; value < high + usable * 0.999; value += usable) {
    values.push(Number(value.toPrecision(12)));
  }
  return values;
}

// As many decimals as the step between ticks needs: 30000 and 35000, but 0.02 and 0.04.
function tickText(value, all) {
  const step = all.length > 1 ? all[1] - all[0] : 1;
  return value.toFixed(Math.max(0, -Math.floor(Math.log10(step) + 1e-9)));
}

function gapPercent(event) {
  return event.bound > 0 ? ((event.bound - event.objective) / event.bound) * 100 : 0;
}

export class ProgressChart {
  constructor(container) {
    this.container = container;
    this.points = [];
    this.participants = null;
    this.drawPending = false;
  }

  reset() {
    this.points = [];
    this.participants = null;
    this.container.replaceChildren();
    this.container.hidden = true;
  }

  add(event) {
    if (event.kind === "Started") this.participants = event.participants;
    if (event.kind !== "Improved") return;
    this.points.push({ ...event, gap: gapPercent(event) });
    // Events can arrive hundreds a second; the chart is drawn once per frame at most.
    if (this.drawPending) return;
    this.drawPending = true;
    window.requestAnimationFrame(() => {
      this.drawPending = false;
      this.draw();
    });
  }

  draw() {
    const height = LEGEND + PANELS.length * PANEL + (PANELS.length - 1) * BETWEEN + BOTTOM;
    const svg = shape("svg", { viewBox: `0 0 ${WIDTH} ${height}`, role: "img", class: "progress-chart" });
    svg.dataset.progressChart = "";
    svg.append(shape("title", {}, this.summary()));
    const xTicks = ticks(0, Math.max(...this.points.map((point) => point.elapsed_s), 0.1), 6);
    const x = (seconds) => LEFT + (seconds / xTicks.at(-1)) * (WIDTH - LEFT - RIGHT);
    this.legend(svg);
    PANELS.forEach((panel, index) => this.panel(svg, panel, LEGEND + index * (PANEL + BETWEEN), x, xTicks));
    const bottom = height - BOTTOM;
    for (const tick of xTicks) {
      svg.append(shape("text", { x: x(tick), y: bottom + 16, class: "tick", "text-anchor": "middle" }, tickText(tick, xTicks)));
    }
    svg.append(shape("text", { x: LEFT + (WIDTH - LEFT - RIGHT) / 2, y: height - 6, class: "axis-label", "text-anchor": "middle" },
      "seconds since the solve started"));
    this.container.replaceChildren(svg);
    this.container.hidden = false;
  }

  summary() {
    const last = this.points.at(-1);
    const of = this.participants === null ? "" : ` of ${this.participants}`;
    return `Solve progress, ${this.points.length} improvements in ${last.elapsed_s.toFixed(1)} s: ` +
      `${last.assigned}${of} people placed, objective ${last.objective.toFixed(1)}, bound ${last.bound.toFixed(1)}, ` +
      `gap ${last.gap.toFixed(1)}%`;
  }

  // Two entries a row: one row of four would run past the chart's width.
  legend(svg) {
    PANELS.flatMap((panel) => panel.series).forEach((series, index) => {
      const left = LEFT + (index % 2) * LEGEND_COLUMN;
      const middle = 10 + Math.floor(index / 2) * 18;
      svg.append(shape("line", { x1: left, y1: middle, x2: left + 22, y2: middle, class: `line ${series.className}` }));
      svg.append(shape("text", { x: left + 28, y: middle + 4, class: "legend" }, series.label));
    });
  }

  panel(svg, panel, top, x, xTicks) {
    const values = panel.series.flatMap((series) => this.points.map((point) => point[series.key]));
    if (panel.whole && this.participants !== null) values.push(this.participants);
    const yTicks = ticks(Math.min(...values), Math.max(...values), 3, panel.whole);
    const [low, high] = [yTicks[0], yTicks.at(-1)];
    const y = (value) => top + PANEL - ((value - low) / (high - low)) * PANEL;
    svg.append(shape("rect", { x: LEFT, y: top, width: WIDTH - LEFT - RIGHT, height: PANEL, class: "frame" }));
    for (const tick of xTicks) {
      svg.append(shape("line", { x1: x(tick), y1: top, x2: x(tick), y2: top + PANEL, class: "grid" }));
    }
    for (const tick of yTicks) {
      svg.append(shape("line", { x1: LEFT, y1: y(tick), x2: WIDTH - RIGHT, y2: y(tick), class: "grid" }));
      const label = `${tickText(tick, yTicks)}${panel.unit}`;
      svg.append(shape("text", { x: LEFT - 6, y: y(tick) + 4, class: "tick", "text-anchor": "end" }, label));
    }
    const middle = top + PANEL / 2;
    svg.append(shape("text", { x: 14, y: middle, class: "axis-label", "text-anchor": "middle", transform: `rotate(-90 14 ${middle})` },
      panel.axis));
    for (const series of panel.series) this.series(svg, series, x, y);
  }

  // A step line: a value holds until the next improvement replaces it.
  series(svg, series, x, y) {
    const corners = this.points.flatMap((point, index) => {
      const here = `${x(point.elapsed_s)},${y(point[series.key])}`;
      return index === 0 ? [here] : [`${x(point.elapsed_s)},${y(this.points[index - 1][series.key])}`, here];
    });
    svg.append(shape("polyline", { points: corners.join(" "), class: `line ${series.className}` }));
    if (this.points.length > MAX_DOTS) return;
    for (const point of this.points) {
      const dot = shape("circle", { cx: x(point.elapsed_s), cy: y(point[series.key]), r: 2.5, class: `dot ${series.className}` });
      dot.dataset.point = series.key;
      svg.append(dot);
    }
  }
}
