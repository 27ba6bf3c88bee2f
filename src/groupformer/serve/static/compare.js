// Compare: two steps of the history side by side, with the judge's figures for each and who moved.
// Groups are matched by their members (a re-solve renames them), so a person is listed only when their
// group really changed. The menus of steps are read again at each comparison, since an edit adds a step
// without reading the whole state. Hooks: each row of the table carries data-figure, each moved person
// data-moved.

import { $, api, element, guarded } from "./api.js";

const FIGURES = {
  valid: "every rule kept",
  violations: "rules broken",
  objective: "objective",
  assigned: "people placed",
  quality: "quality",
  diversity: "diversity",
  coverage: "specialties per group",
  prefer_met: "preferences met",
  size_pref_met: "preferred sizes met",
  groups: "groups",
};

const stepName = (position, label) => `${position + 1}. ${label}`;

function formatted(value) {
  if (typeof value === "boolean") return value ? "yes" : "no";
  return String(Number(value.toFixed(4)));
}

function formattedChange(change) {
  if (change === null || change === 0) return "";
  return `${change > 0 ? "+" : ""}${formatted(change)}`;
}

// The steps of the history in both menus; a menu the coordinator has not chosen from follows the
// default, the step before the current one and the current one.
function fillSteps(state) {
  const defaults = { "compare-first": Math.max(state.position - 1, 0), "compare-second": state.position };
  for (const [id, fallback] of Object.entries(defaults)) {
    const menu = $(id);
    const chosen = menu.dataset.chosen ? Number(menu.value) : fallback;
    menu.replaceChildren(...state.steps.map((label, position) => new Option(stepName(position, label), String(position))));
    menu.value = String(chosen < state.steps.length ? chosen : fallback);
  }
  $("compare").disabled = state.steps.length === 0;
}

// New sign-ups start a new history: a table of the old one is not shown again.
export function showSteps(state) {
  fillSteps(state);
  $("compare-panel").hidden = state.steps.length === 0;
  if (state.steps.length === 0) {
    $("compare-table").hidden = true;
    $("compare-moved-title").textContent = "";
    $("compare-moved").replaceChildren();
  }
}

function figureRow(figure) {
  const row = element("tr");
  row.dataset.figure = figure.name;
  const name = element("th", FIGURES[figure.name] || figure.name);
  name.scope = "row";
  row.append(
    name,
    element("td", formatted(figure.first)),
    element("td", formatted(figure.second)),
    element("td", formattedChange(figure.change)),
  );
  return row;
}

function movedItem(moved) {
  const who = moved.name ? `${moved.id} (${moved.name})` : moved.id;
  const item = element("li", `${who}: ${moved.before ?? "not placed"} → ${moved.after ?? "not placed"}`);
  item.dataset.moved = moved.id;
  return item;
}

function showComparison(comparison) {
  $("compare-first-title").textContent = stepName(comparison.first.position, comparison.first.label);
  $("compare-second-title").textContent = stepName(comparison.second.position, comparison.second.label);
  $("compare-figures").replaceChildren(...comparison.figures.map(figureRow));
  $("compare-table").hidden = false;
  const count = comparison.moved.length;
  const moved = { 0: "Nobody moved.", 1: "One person in another group" }[count] ?? `${count} people in another group`;
  $("compare-moved-title").textContent = count ? `${moved} (groups matched by their members):` : moved;
  $("compare-moved").replaceChildren(...comparison.moved.map(movedItem));
}

async function compare() {
  fillSteps(await api("GET", "/api/state"));
  const query = new URLSearchParams({ first: $("compare-first").value, second: $("compare-second").value });
  showComparison(await api("GET", `/api/compare?${query}`));
}

export function wireCompare() {
  for (const id of ["compare-first", "compare-second"]) {
    const menu = $(id);
    menu.addEventListener("change", () => {
      menu.dataset.chosen = "1";
      guarded(compare);
    });
  }
  $("compare").addEventListener("click", () => guarded(compare));
}
