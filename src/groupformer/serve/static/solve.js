// Solve: start, follow the engine's progress as it streams in (Server-Sent Events), stop keeping the best
// groups so far.

import { $, api, ApiError, desk, guarded, say, showProblems, withToken } from "./api.js";
import { ProgressChart } from "./progress_chart.js";

let stream = null;
let chart = null;

function describeEvent(event) {
  if (event.kind === "Improved") {
    return `assigned ${event.assigned}, objective ${event.objective.toFixed(2)}, bound ${event.bound.toFixed(2)}, ` +
      `parts ${event.parts_done}/${event.parts}, ${event.elapsed_s.toFixed(1)} s`;
  }
  if (event.kind === "Finished") return `finished (${event.stopped_by}): assigned ${event.assigned}, objective ${event.objective.toFixed(2)}`;
  if (event.kind === "Started") return `started: ${event.participants} participants`;
  return `part ${event.parts_done}/${event.parts} done`;
}

async function startSolve() {
  const workLimit = Number($("work-limit").value);
  await api("POST", "/api/solve", workLimit > 0 ? { work_limit: workLimit } : {});
  followSolve();
}

function showEvent(event) {
  $("solve-status").textContent = describeEvent(event);
  if (event.kind === "PartDone") $("solve-progress").value = event.parts_done / event.parts;
  chart.add(event);
}

// Follows the running solve from its first event, so a page opened (or reloaded) mid-solve draws the
// whole chart. When the connection drops, EventSource reconnects by itself and, sending the id of the
// last event it had, receives only the ones after it.
export function followSolve() {
  $("solve").disabled = true;
  $("stop").disabled = false;
  $("solve-progress").hidden = false;
  $("solve-progress").value = 0;
  chart ??= new ProgressChart($("solve-chart"));
  chart.reset();
  stream?.close();
  stream = new EventSource(withToken("/api/solve/events?since=0"));
  stream.addEventListener("message", (message) => showEvent(JSON.parse(message.data)));
  stream.addEventListener("end", (message) => guarded(() => solveEnded(JSON.parse(message.data))));
  stream.addEventListener("error", () => {
    if (stream.readyState === EventSource.CONNECTING) say("Lost the desk's server; trying again…");
  });
}

// The server ends the stream with `end`; without closing, EventSource would reconnect to it for ever.
async function solveEnded(outcome) {
  stream.close();
  stream = null;
  $("solve").disabled = false;
  $("stop").disabled = true;
  $("solve-progress").hidden = true;
  if (outcome.problems.length) showProblems(new ApiError("The solve failed.", outcome.problems));
  await desk.refresh();
}

export function wireSolve() {
  $("solve").addEventListener("click", () => guarded(startSolve));
  $("stop").addEventListener("click", () => guarded(() => api("POST", "/api/solve/stop")));
}
