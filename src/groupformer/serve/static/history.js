// Past groups (the sign-up file's history): who met in earlier rounds, so that the next round mixes
// people. Edited row by row, or read from a file: a list of past groups, a sign-up file with a history,
// or an earlier round's solution, whose groups are dated by the date given next to the file.

import { $, api, ApiError, button, desk, element, guarded, say } from "./api.js";
import { clearProblems, field, hasUnsavedEdits, markProblems, markSaved, readField, trackEdits, writeField } from "./fields.js";

const COLUMNS = [
  ["date", "Met on", "date"],
  ["members", "Members (ids, separated by commas)", "text"],
  ["id", "Name (optional)", "text"],
];

function pastGroupRow(group) {
  const row = element("div", "", "past-group");
  for (const [key, label, kind] of COLUMNS) {
    const holder = field("", label, kind);
    const input = holder.querySelector("input");
    input.dataset.key = key;
    writeField(input, key === "members" ? group.members.join(", ") : group[key]);
    row.append(holder);
  }
  row.append(button("Remove", () => { row.remove(); numberRows(); changed(); }));
  return row;
}

function readRow(row) {
  const group = {};
  for (const input of row.querySelectorAll("input[data-key]")) group[input.dataset.key] = readField(input);
  group.members = group.members.split(",").map((member) => member.trim()).filter(Boolean);
  group.id = group.id.trim() || null;
  return group;
}

// Problems name a past group by its place in the list: history[2].members.
function numberRows() {
  $("past-groups").querySelectorAll(".past-group").forEach((row, index) => {
    row.dataset.path = `history[${index}]`;
    for (const input of row.querySelectorAll("input[data-key]")) input.dataset.path = `history[${index}].${input.dataset.key}`;
  });
}

function addRows(groups) {
  $("past-groups").append(...groups.map(pastGroupRow));
  numberRows();
}

function changed() {
  $("history-form").dataset.unsaved = "1";
}

function showRows(history) {
  const form = $("history-form");
  clearProblems(form);
  $("past-groups").replaceChildren();
  addRows(history);
  const count = { 0: "No past groups.", 1: "One past group." }[history.length] ?? `${history.length} past groups.`;
  $("history-count").textContent = count;
  markSaved(form);
  form.hidden = false;
}

export async function showHistory() {
  if (!hasUnsavedEdits($("history-form"))) showRows(await api("GET", "/api/history"));
}

function pastGroupsIn(document, date) {
  if (Array.isArray(document)) return document;
  if (document && Array.isArray(document.history)) return document.history;
  if (document && Array.isArray(document.groups)) {
    if (!date) throw new ApiError("Give the date these groups met, then choose the solution file again.", []);
    return document.groups.map((group) => ({ date, members: group.members, id: group.id ?? null }));
  }
  throw new ApiError("This file holds no past groups: a list of them, a sign-up file or a solution.", []);
}

async function readFile(file) {
  let document;
  try {
    document = JSON.parse(await file.text());
  } catch (error) {
    throw new ApiError(`${file.name} is not JSON.`, [String(error.message)]);
  }
  const groups = pastGroupsIn(document, $("history-file-date").value);
  addRows(groups);
  changed();
  const read = groups.length === 1 ? "One past group" : `${groups.length} past groups`;
  say(`${read} read from ${file.name}: check and save.`);
}

async function saveHistory() {
  const form = $("history-form");
  clearProblems(form);
  const history = [...form.querySelectorAll(".past-group")].map(readRow);
  try {
    await api("PUT", "/api/history", history);
  } catch (error) {
    if (!(error instanceof ApiError) || !error.problems.length) throw error;
    const elsewhere = markProblems(form, error.problems);
    throw new ApiError("The past groups were not saved: each problem is shown next to its field.", elsewhere);
  }
  markSaved(form);
  say("Past groups saved: the next solve mixes people by them.");
  await desk.refresh();
}

function fileInputs() {
  const file = element("input");
  file.type = "file";
  file.accept = ".json,application/json";
  file.id = "history-file";
  file.addEventListener("change", () => {
    const [chosen] = file.files;
    if (chosen) guarded(() => readFile(chosen));
    file.value = "";
  });
  const date = element("input");
  date.type = "date";
  date.id = "history-file-date";
  const fileLabel = element("label", "Add past groups from a file (JSON) ");
  fileLabel.append(file);
  const dateLabel = element("label", "Date they met, for a solution file ");
  dateLabel.append(date);
  return [dateLabel, fileLabel];
}

export function wireHistory() {
  const form = $("history-form");
  const rows = element("div", "", "past-groups");
  rows.id = "past-groups";
  const count = element("p");
  count.id = "history-count";
  const save = element("button", "Save past groups");
  save.type = "submit";
  save.id = "save-history";
  form.append(
    element("h3", "Past groups (history)"), count, rows,
    button("Add a past group", () => { addRows([{ date: "", members: [], id: null }]); changed(); }),
    ...fileInputs(), save,
  );
  trackEdits(form);
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    guarded(saveHistory);
  });
}
