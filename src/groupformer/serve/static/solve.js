// Solve: start, follow the engine's progress, stop keeping the best groups so far.

import { $, api, ApiError, desk, guarded, showProblems } from "./api.js";

let solveCursor = 0;

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
  solveCursor = 0;
  followSolve();
}

export function followSolve() {
  $("solve").disabled = true;
  $("stop").disabled = false;
  $("solve-progress").hidden = false;
  pollSolve();
}

async function pollSolve() {
  const status = await api("GET", `/api/solve?since=${solveCursor}`);
  solveCursor = status.next;
  for (const event of status.events) {
    $("solve-status").textContent = describeEvent(event);
    if (event.kind === "PartDone") $("solve-progress").value = event.parts_done / event.parts;
  }
  if (status.running) {
    window.setTimeout(() => guarded(pollSolve), 300);
    return;
  }
  $("solve").disabled = false;
  $("stop").disabled = true;
  $("solve-progress").hidden = true;
  if (status.problems.length) showProblems(new ApiError("The solve failed.", status.problems));
  await desk.refresh();
}

export function wireSolve() {
  $("solve").addEventListener("click", () => guarded(startSolve));
  $("stop").addEventListener("click", () => guarded(() => api("POST", "/api/solve/stop")));
}
