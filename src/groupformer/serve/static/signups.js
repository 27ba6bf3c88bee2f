// Sign-ups in: a sign-up JSON or a form's CSV, with the column mapping the CSV is read by (the sample
// form's until the coordinator keeps their own). Files may be dropped on the panel or chosen.

import { $, api, desk, guarded, say, upload } from "./api.js";

function isMapping(file) {
  return file.name.toLowerCase().endsWith(".toml");
}

async function uploadSignups(file) {
  const isCsv = file.name.toLowerCase().endsWith(".csv");
  const body = await file.arrayBuffer();
  const answer = isCsv
    ? await upload("POST", "/api/form", body, "text/csv")
    : await upload("POST", "/api/signups", body, "application/json");
  showImported(answer, file.name);
  await desk.refresh();
}

function showImported(answer, source) {
  $("signups-summary").textContent = `${answer.participants} participants read from ${source}`;
  const notes = $("import-notes");
  notes.textContent = answer.summary || "";
  notes.hidden = !answer.summary;
  say("Sign-ups loaded: solve to form groups.");
}

async function uploadMapping(file) {
  await upload("PUT", "/api/mapping", await file.arrayBuffer(), "text/plain");
  say(`Mapping ${file.name} kept for the next CSV upload.`);
  await showMapping();
}

let formKept = false;

// `state` (the desk's state, when given) says whether a form was read, so it can be read again.
export async function showMapping(state = null) {
  if (state) formKept = state.form;
  const answer = await api("GET", "/api/mapping");
  $("mapping").value = answer.mapping || answer.default;
  $("mapping-source").textContent = answer.mapping ? "your own" : "the sample form's";
  $("reread-form").disabled = !formKept;
}

async function keepMapping() {
  const text = $("mapping").value;
  if (text.trim()) await upload("PUT", "/api/mapping", text, "text/plain");
  else await api("DELETE", "/api/mapping");
  $("mapping-source").textContent = text.trim() ? "your own" : "the sample form's";
}

async function saveMapping() {
  await keepMapping();
  say("Mapping kept for the next CSV upload.");
}

async function rereadForm() {
  await keepMapping();
  showImported(await api("POST", "/api/form/again"), "the form, read again");
  await desk.refresh();
}

function takeFiles(files) {
  const mappings = files.filter(isMapping);
  const signups = files.filter((file) => !isMapping(file));
  guarded(async () => {
    for (const file of mappings) await uploadMapping(file);
    for (const file of signups) await uploadSignups(file);
  });
}

function wireDrop(zone) {
  zone.addEventListener("dragover", (event) => {
    if (!event.dataTransfer.types.includes("Files")) return;
    event.preventDefault();
    zone.classList.add("drop-target");
  });
  zone.addEventListener("dragleave", () => zone.classList.remove("drop-target"));
  zone.addEventListener("drop", (event) => {
    if (!event.dataTransfer.files.length) return;
    event.preventDefault();
    zone.classList.remove("drop-target");
    takeFiles([...event.dataTransfer.files]);
  });
}

export function wireSignups() {
  $("signups-file").addEventListener("change", (event) => takeFiles([...event.target.files]));
  $("mapping-file").addEventListener("change", (event) => takeFiles([...event.target.files]));
  $("save-mapping").addEventListener("click", () => guarded(saveMapping));
  $("reread-form").addEventListener("click", () => guarded(rereadForm));
  wireDrop($("signups-drop"));
}
