// Sign-ups in: a sign-up JSON or a form's CSV, with the column mapping the CSV is read by.

import { $, api, desk, guarded, say, upload } from "./api.js";

async function uploadSignups(file) {
  const isCsv = file.name.toLowerCase().endsWith(".csv");
  const body = await file.arrayBuffer();
  const answer = isCsv
    ? await upload("POST", "/api/form", body, "text/csv")
    : await upload("POST", "/api/signups", body, "application/json");
  $("signups-summary").textContent = `${answer.participants} participants read from ${file.name}`;
  say("Sign-ups loaded: solve to form groups.");
  await desk.refresh();
}

async function uploadMapping(file) {
  await upload("PUT", "/api/mapping", await file.arrayBuffer(), "text/plain");
  say(`Mapping ${file.name} kept for the next CSV upload.`);
  await showMapping();
}

export async function showMapping() {
  $("mapping").value = (await api("GET", "/api/mapping")).mapping || "";
}

async function saveMapping() {
  const text = $("mapping").value;
  if (text.trim()) await upload("PUT", "/api/mapping", text, "text/plain");
  else await api("DELETE", "/api/mapping");
  say("Mapping kept for the next CSV upload.");
}

export function wireSignups() {
  $("signups-file").addEventListener("change", (event) => {
    const [file] = event.target.files;
    if (file) guarded(() => uploadSignups(file));
  });
  $("mapping-file").addEventListener("change", (event) => {
    const [file] = event.target.files;
    if (file) guarded(() => uploadMapping(file));
  });
  $("save-mapping").addEventListener("click", () => guarded(saveMapping));
}
