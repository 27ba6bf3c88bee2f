// Settings: validated by the server with the same models as the sign-up file.

import { $, api, ApiError, desk, guarded, say } from "./api.js";

export async function showSettings() {
  $("settings").value = JSON.stringify(await api("GET", "/api/settings"), null, 2);
}

async function saveSettings() {
  let settings;
  try {
    settings = JSON.parse($("settings").value);
  } catch (error) {
    throw new ApiError("The settings are not JSON.", [String(error.message)]);
  }
  $("settings").value = JSON.stringify(await api("PUT", "/api/settings", settings), null, 2);
  say("Settings saved: the next solve and the board use them.");
  await desk.refresh();
}

export function wireSettings() {
  $("save-settings").addEventListener("click", () => guarded(saveSettings));
}
