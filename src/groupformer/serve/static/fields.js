// Form fields bound to places in the sign-up file. Each field carries the JSON path the server's
// problems name (data-path="settings.group_size.min"), so every problem is shown next to the field it is
// about, and a field only ever changes the one value at its path: whatever the form does not show is
// sent back as it came.

import { element } from "./api.js";

let fieldCount = 0;

// A labelled input for the value at `path`: kind "integer", "number", "text", "date", "checkbox", or
// "choice" (with `choices`); `hint` says what the value does, in the settings' own words.
export function field(path, label, kind, { choices = [], hint = "", min = null } = {}) {
  const holder = element("div", "", kind === "checkbox" ? "field checkbox" : "field");
  const input = kind === "choice" ? choiceInput(choices) : element("input");
  if (kind !== "choice") input.type = { integer: "number", number: "number" }[kind] || kind;
  if (kind === "choice" && typeof choices[0] === "number") input.dataset.numeric = "1";
  if (kind === "integer") input.step = "1";
  if (kind === "number") input.step = "any";
  if (min !== null) input.min = String(min);
  input.id = `field-${(fieldCount += 1)}`;
  input.dataset.path = path;
  input.dataset.kind = kind;
  const caption = element("label", label);
  caption.htmlFor = input.id;
  holder.append(...(kind === "checkbox" ? [input, caption] : [caption, input]));
  if (hint) holder.append(element("small", hint, "hint"));
  return holder;
}

function choiceInput(choices) {
  const select = element("select");
  for (const choice of choices) select.append(new Option(String(choice), String(choice)));
  return select;
}

// What the field holds, as the JSON value the server checks: an empty number is sent as null, so the
// server says what is missing rather than the page guessing a value.
export function readField(input) {
  const kind = input.dataset.kind;
  if (kind === "checkbox") return input.checked;
  if (kind === "integer" || kind === "number") return input.value === "" ? null : Number(input.value);
  if (kind === "choice" && input.dataset.numeric) return Number(input.value);
  return input.value;
}

export function writeField(input, value) {
  if (input.dataset.kind === "checkbox") input.checked = Boolean(value);
  else input.value = value === null || value === undefined ? "" : String(value);
}

// `path` is relative to `document`, such as "group_size.min" in the settings.
export function valueAt(document, path) {
  return path.split(".").reduce((value, key) => (value === null || value === undefined ? value : value[key]), document);
}

export function setValueAt(document, path, value) {
  const keys = path.split(".");
  const last = keys.pop();
  let node = document;
  for (const key of keys) {
    if (node[key] === null || typeof node[key] !== "object") node[key] = {};
    node = node[key];
  }
  node[last] = value;
}

function problemPath(problem) {
  return problem.split(": ")[0].split(" ")[0];
}

function covers(path, fieldPath) {
  return path === fieldPath || path.startsWith(`${fieldPath}.`) || path.startsWith(`${fieldPath}[`);
}

// The element of `form` whose data-path is the longest one the problem's path lies under, if any.
function placeOf(form, path) {
  let best = null;
  for (const candidate of form.querySelectorAll("[data-path]")) {
    const fieldPath = candidate.dataset.path;
    if (covers(path, fieldPath) && (!best || fieldPath.length > best.dataset.path.length)) best = candidate;
  }
  return best;
}

export function clearProblems(form) {
  for (const note of form.querySelectorAll(".field-problem")) note.remove();
  for (const input of form.querySelectorAll("[aria-invalid]")) input.removeAttribute("aria-invalid");
}

// Each problem next to its field (the message alone when the field is exactly the place named, the whole
// line when it is somewhere inside it); returns the problems no field of the form is about.
export function markProblems(form, problems) {
  const elsewhere = [];
  for (const problem of problems) {
    const path = problemPath(problem);
    const place = placeOf(form, path);
    if (!place) {
      elsewhere.push(problem);
      continue;
    }
    const text = place.dataset.path === path ? problem.slice(problem.indexOf(": ") + 2) : problem;
    const note = element("p", text, "field-problem");
    note.dataset.problemFor = place.dataset.path;
    note.setAttribute("role", "alert");
    const holder = place.closest(".field") || place;
    holder.append(note);
    for (const input of holder.querySelectorAll("input, select")) input.setAttribute("aria-invalid", "true");
    if (place.matches("input, select")) place.setAttribute("aria-invalid", "true");
  }
  return elsewhere;
}

// A form with unsaved changes is left as the coordinator has it when the page reads the state again.
export function trackEdits(form) {
  const changed = () => { form.dataset.unsaved = "1"; };
  form.addEventListener("input", changed);
  form.addEventListener("change", changed);
}

export function hasUnsavedEdits(form) {
  return form.dataset.unsaved === "1";
}

export function markSaved(form) {
  delete form.dataset.unsaved;
}
