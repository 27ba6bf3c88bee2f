// Settings: a form over the sign-up file's settings, and the same settings as JSON for everything the
// form does not show. The server checks either with the same models as the sign-up file; the form shows
// each problem next to its field.

import { $, api, ApiError, button, desk, element, guarded, say } from "./api.js";
import {
  clearProblems, field, hasUnsavedEdits, markProblems, markSaved, readField, setValueAt, trackEdits, valueAt,
  writeField,
} from "./fields.js";
import { showHistory, wireHistory } from "./history.js";

const WEIGHTS = [
  ["diversity", "Members with different specialties"],
  ["prefer", "Members grouped with whom they prefer"],
  ["size", "Group sizes members would like"],
  ["focus", "Members sharing the focus they stated"],
  ["spare_window", "Spare meeting times, so a group can move its meeting"],
  ["novelty", "Members who did not meet in past groups"],
  ["style_wish", "Members accepting the style, when it is a wish"],
  ["frequency_wish", "Members accepting the frequency, when it is a wish"],
  ["focus_wish", "Members accepting the focus, when it is a wish"],
];

// [legend, the path problems about the whole part name, its fields as [path, label, kind, options]]
const PARTS = [
  ["Group size", "group_size", [
    ["group_size.min", "Fewest members", "integer", { min: 2 }],
    ["group_size.max", "Most members", "integer", { min: 2 }],
  ]],
  ["Meetings", null, [
    ["meeting_minutes", "Meeting length (minutes)", "integer", { min: 15 }],
    ["slot_minutes", "Meetings may start every (minutes)", "choice", { choices: [15, 30] }],
    ["reference_week", "Reference week (its Monday)", "date", { hint: "Fixes the time zones' daylight saving." }],
  ]],
  ["Solve", null, [
    ["time_limit_s", "Time limit (seconds)", "number", { min: 0, hint: "The most a solve may take; a time limit set at Solve replaces it." }],
  ]],
  ["Weights (only their ratios matter)", "weights",
    WEIGHTS.map(([name, label]) => [`weights.${name}`, label, "number", { min: 0 }])],
  ["Past groups", null, [
    ["history_half_life_days", "A past group counts half after (days)", "number", { min: 0 }],
    ["history_hard_last_round", "Never group again people who met in the latest past round", "checkbox"],
  ]],
];

const WISHES = [
  ["style", "Case presentation style (formal, informal)"],
  ["frequency", "Meeting rhythm (weekly, biweekly, monthly)"],
  ["focus", "Clinical focus"],
];

const RULE_KINDS = [
  ["at_least", "at least this many members tagged"],
  ["not_exactly", "never exactly this many members tagged"],
  ["within", "mean years of experience within this of everyone's"],
];

// The settings as the server last gave them: the form changes only the values it shows.
let loaded = {};

function part(legend, path, fields) {
  const set = element("fieldset");
  if (path) set.dataset.path = `settings.${path}`;
  set.append(element("legend", legend));
  for (const [fieldPath, label, kind, options] of fields) set.append(field(`settings.${fieldPath}`, label, kind, options));
  return set;
}

function wishesPart() {
  const set = element("fieldset");
  set.dataset.path = "settings.as_wishes";
  set.append(element("legend", "Held as wishes rather than rules"));
  set.append(element("small", "People who differ here may share a group; agreeing adds to its quality.", "hint"));
  for (const [name, label] of WISHES) {
    const box = element("input");
    box.type = "checkbox";
    box.dataset.wish = name;
    const holder = element("label", "", "field checkbox");
    holder.append(box, label);
    set.append(holder);
  }
  return set;
}

function compositionPart() {
  const set = element("fieldset");
  set.dataset.path = "settings.composition";
  set.append(element("legend", "Composition rules (every group follows each)"));
  const rules = element("div", "", "rules");
  rules.id = "composition-rules";
  set.append(rules, button("Add a rule", () => addRule({ tag: "", at_least: 1 })));
  return set;
}

function ruleKind(rule) {
  if (rule.within !== null && rule.within !== undefined) return "within";
  return rule.not_exactly !== null && rule.not_exactly !== undefined ? "not_exactly" : "at_least";
}

function ruleRow(rule) {
  const row = element("div", "", "rule field");
  const kind = element("select");
  kind.setAttribute("aria-label", "Kind of rule");
  for (const [value, label] of RULE_KINDS) kind.append(new Option(label, value));
  kind.value = ruleKind(rule);
  const amount = element("input");
  amount.type = "number";
  amount.step = "any";
  amount.setAttribute("aria-label", "How many");
  amount.value = rule[kind.value] ?? "";
  const tag = element("input");
  tag.setAttribute("aria-label", "Tag");
  tag.placeholder = "tag";
  tag.value = rule.tag ?? "";
  tag.hidden = kind.value === "within";
  kind.addEventListener("change", () => { tag.hidden = kind.value === "within"; });
  row.append(kind, amount, tag, button("Remove", () => { row.remove(); numberRules(); changed(); }));
  return row;
}

function readRule(row) {
  const [kind, amount, tag] = row.querySelectorAll("select, input");
  const value = amount.value === "" ? null : Number(amount.value);
  return kind.value === "within" ? { number: "experience_years", within: value } : { tag: tag.value, [kind.value]: value };
}

function numberRules() {
  $("composition-rules").querySelectorAll(".rule").forEach((row, index) => {
    row.dataset.path = `settings.composition[${index}]`;
  });
}

function addRule(rule) {
  $("composition-rules").append(ruleRow(rule));
  numberRules();
  changed();
}

function changed() {
  $("settings-form").dataset.unsaved = "1";
}

function showForm(settings) {
  const form = $("settings-form");
  loaded = settings;
  clearProblems(form);
  for (const input of form.querySelectorAll("[data-kind][data-path]")) {
    writeField(input, valueAt(settings, input.dataset.path.slice("settings.".length)));
  }
  for (const box of form.querySelectorAll("[data-wish]")) box.checked = settings.as_wishes.includes(box.dataset.wish);
  $("composition-rules").replaceChildren(...settings.composition.map(ruleRow));
  numberRules();
  markSaved(form);
  form.hidden = false;
}

function formSettings() {
  const form = $("settings-form");
  const settings = structuredClone(loaded);
  for (const input of form.querySelectorAll("[data-kind][data-path]")) {
    setValueAt(settings, input.dataset.path.slice("settings.".length), readField(input));
  }
  settings.as_wishes = [...form.querySelectorAll("[data-wish]")].filter((box) => box.checked).map((box) => box.dataset.wish);
  settings.composition = [...form.querySelectorAll(".rule")].map(readRule);
  return settings;
}

export async function showSettings() {
  const settings = await api("GET", "/api/settings");
  $("settings").value = JSON.stringify(settings, null, 2);
  if (!hasUnsavedEdits($("settings-form"))) showForm(settings);
  await showHistory();
}

async function saveForm() {
  const form = $("settings-form");
  clearProblems(form);
  try {
    await api("PUT", "/api/settings", formSettings());
  } catch (error) {
    if (!(error instanceof ApiError) || !error.problems.length) throw error;
    const elsewhere = markProblems(form, error.problems);
    throw new ApiError("The settings were not saved: each problem is shown next to its field.", elsewhere);
  }
  markSaved(form);
  say("Settings saved: the next solve and the board use them.");
  await desk.refresh();
}

async function saveJson() {
  let settings;
  try {
    settings = JSON.parse($("settings").value);
  } catch (error) {
    throw new ApiError("The settings are not JSON.", [String(error.message)]);
  }
  await api("PUT", "/api/settings", settings);
  markSaved($("settings-form"));
  say("Settings saved: the next solve and the board use them.");
  await desk.refresh();
}

export function wireSettings() {
  const form = $("settings-form");
  const save = element("button", "Save settings");
  save.type = "submit";
  save.id = "save-settings-form";
  form.append(...PARTS.map(([legend, path, fields]) => part(legend, path, fields)), wishesPart(), compositionPart(), save);
  trackEdits(form);
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    guarded(saveForm);
  });
  $("save-settings").addEventListener("click", () => guarded(saveJson));
  wireHistory();
}
