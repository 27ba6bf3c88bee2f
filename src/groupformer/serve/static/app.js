// The coordinator's desk: the page's entry module. Each part of the round has a module of its own
// (signups, settings, solve, board); this one wires them and reads the whole state when it changes.

import { $, api, desk, guarded, say, token } from "./api.js";
import { showBoard, showDownloads, wireBoard } from "./board.js";
import { showSteps, wireCompare } from "./compare.js";
import { showSettings, wireSettings } from "./settings.js";
import { showMapping, wireSignups } from "./signups.js";
import { followSolve, wireSolve } from "./solve.js";

async function refresh() {
  const state = await api("GET", "/api/state");
  await showMapping(state);
  if (state.participants !== null) {
    $("signups-summary").textContent = `${state.participants} participants (working folder ${state.folder})`;
    await showSettings();
  }
  if (state.solving) followSolve();
  if (state.position >= 0) showBoard(await api("GET", "/api/board"));
  else showDownloads(false);
  showSteps(state);
}

desk.refresh = refresh;
wireSignups();
wireSettings();
wireSolve();
wireBoard();
wireCompare();
if (!token) say("Open the address `groupformer serve` printed: it carries the desk's token.");
else guarded(refresh);
