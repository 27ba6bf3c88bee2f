// The coordinator's desk. Every piece of user text goes into the page with textContent, never as HTML.
// Stable hooks for tests and tools: group cards carry data-group-id, member chips data-member-id, the
// unplaced column data-unplaced, violation notes data-violation.

const TOKEN_KEY = "groupformer-token";
const UNPLACED = "__unplaced";
const NEW_GROUP = "__new";

function takeToken() {
  const url = new URL(window.location.href);
  const given = url.searchParams.get("token");
  if (given) {
    sessionStorage.setItem(TOKEN_KEY, given);
    url.searchParams.delete("token");
    window.history.replaceState(null, "", url.pathname + url.search);
  }
  return sessionStorage.getItem(TOKEN_KEY) || "";
}

const token = takeToken();
const $ = (id) => document.getElementById(id);

class ApiError extends Error {
  constructor(detail, problems) {
    super(detail);
    this.problems = problems;
  }
}

async function request(method, path, body, contentType) {
  const headers = { "X-Groupformer-Token": token };
  if (contentType) headers["Content-Type"] = contentType;
  const response = await fetch(path, { method, headers, body });
  const answer = await response.json().catch(() => ({}));
  if (!response.ok) {
    throw new ApiError(answer.detail ? String(answer.detail) : `error ${response.status}`, answer.problems || []);
  }
  return answer;
}

// A JSON call: `body`, when given, is sent as JSON.
function api(method, path, body = undefined) {
  return body === undefined ? request(method, path) : request(method, path, JSON.stringify(body), "application/json");
}

// A file's bytes as they are, for the server to read (and refuse when too large or not UTF-8).
function upload(method, path, bytes, contentType) {
  return request(method, path, bytes, contentType);
}

function element(tag, text = "", className = "") {
  const node = document.createElement(tag);
  if (text) node.textContent = text;
  if (className) node.className = className;
  return node;
}

function say(message) {
  $("status").textContent = message;
}

function showProblems(error) {
  const list = $("problems");
  list.replaceChildren();
  if (!error) return;
  say(error.message);
  for (const problem of error.problems || []) list.append(element("li", problem));
}

async function guarded(action) {
  try {
    showProblems(null);
    await action();
  } catch (error) {
    showProblems(error);
  }
}

// --- sign-ups ---------------------------------------------------------------------------------------

async function uploadSignups(file) {
  const isCsv = file.name.toLowerCase().endsWith(".csv");
  const body = await file.arrayBuffer();
  const answer = isCsv
    ? await upload("POST", "/api/form", body, "text/csv")
    : await upload("POST", "/api/signups", body, "application/json");
  $("signups-summary").textContent = `${answer.participants} participants read from ${file.name}`;
  say("Sign-ups loaded: solve to form groups.");
  await refresh();
}

async function uploadMapping(file) {
  await upload("PUT", "/api/mapping", await file.arrayBuffer(), "text/plain");
  say(`Mapping ${file.name} kept for the next CSV upload.`);
  await showMapping();
}

async function showMapping() {
  $("mapping").value = (await api("GET", "/api/mapping")).mapping || "";
}

async function saveMapping() {
  const text = $("mapping").value;
  if (text.trim()) await upload("PUT", "/api/mapping", text, "text/plain");
  else await api("DELETE", "/api/mapping");
  say("Mapping kept for the next CSV upload.");
}

// --- settings ---------------------------------------------------------------------------------------

async function showSettings() {
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
  await refresh();
}

// --- solve ------------------------------------------------------------------------------------------

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
  await refresh();
}

// --- the board --------------------------------------------------------------------------------------

let groupIds = [];

function moveMenu(memberId, currentGroup) {
  const menu = element("select");
  menu.setAttribute("aria-label", `Move ${memberId} to`);
  menu.dataset.moveMember = memberId;
  menu.append(new Option("move to…", ""));
  for (const groupId of groupIds) {
    if (groupId !== currentGroup) menu.append(new Option(groupId, groupId));
  }
  if (currentGroup !== null) menu.append(new Option("not placed", UNPLACED));
  menu.append(new Option("a new group", NEW_GROUP));
  menu.addEventListener("change", () => guarded(() => moveMember(memberId, menu.value)));
  return menu;
}

async function moveMember(memberId, target) {
  if (!target) return;
  const edit = target === NEW_GROUP
    ? { kind: "new_group", members: [memberId] }
    : { kind: "move", member: memberId, to: target === UNPLACED ? null : target };
  showChange(await api("POST", "/api/edit", edit));
}

function localTime(meeting) {
  return meeting ? `${meeting.weekday} ${meeting.start}–${meeting.end} ${meeting.abbreviation}` : "";
}

function memberChip(member, groupId) {
  const chip = element("li", "", "member");
  chip.dataset.memberId = member.id;
  chip.append(element("span", member.id, "name"));
  chip.append(element("span", localTime(member.local_meeting), "detail"));
  if (member.distance_km !== null) chip.append(element("span", `${member.distance_km} km`, "detail"));
  chip.append(moveMenu(member.id, groupId));
  return chip;
}

function groupCard(group) {
  const card = element("article", "", group.violations.length ? "group broken" : "group");
  card.dataset.groupId = group.id;
  if (shown.pins.groups.includes(group.id)) card.dataset.pinned = "";
  card.append(element("h3", group.id));
  card.append(element("p", group.local_start, "meta"));
  const host = group.host ? `, host ${group.host}` : "";
  card.append(element("p", `${group.modality} (${group.place}${host}), ${group.style}, ${group.frequency}`, "meta"));
  if (group.focus) card.append(element("p", `focus: ${group.focus}`, "meta"));
  if (group.scores) card.append(element("p", `fit ${group.scores.fit}, diversity ${group.scores.diversity}`, "meta"));
  for (const violation of group.violations) {
    const note = element("p", violation.message, "violation");
    note.dataset.violation = violation.rule;
    card.append(note);
  }
  const members = element("ul", "", "members");
  for (const member of group.members) members.append(memberChip(member, group.id));
  card.append(members);
  const why = element("button", "Why?");
  why.type = "button";
  why.addEventListener("click", () => guarded(() => explain(group.id)));
  const dissolve = element("button", "Dissolve");
  dissolve.type = "button";
  dissolve.addEventListener("click", () => guarded(async () => {
    showChange(await api("POST", "/api/edit", { kind: "dissolve", group: group.id }));
  }));
  card.append(why, dissolve, pinButton(group.id));
  return card;
}

// A pinned group is kept as it is by the next solve; the others are formed again.
function pinButton(groupId) {
  const pins = shown.pins;
  const pinned = pins.groups.includes(groupId);
  const button = element("button", pinned ? "Pinned" : "Pin");
  button.type = "button";
  button.setAttribute("aria-pressed", String(pinned));
  button.addEventListener("click", () => guarded(async () => {
    const groups = pinned ? pins.groups.filter((id) => id !== groupId) : [...pins.groups, groupId];
    const answer = await api("PUT", "/api/pins", { groups, members: pins.members });
    showBoard({ ...shown, pins: answer });
  }));
  return button;
}

function unplacedChip(entry) {
  const chip = element("li", "", "member");
  chip.dataset.memberId = entry.id;
  chip.append(element("span", entry.id, "name"));
  chip.append(moveMenu(entry.id, null));
  const why = element("button", "Why?");
  why.type = "button";
  why.addEventListener("click", () => guarded(() => explain(entry.id)));
  chip.append(why);
  for (const reason of entry.reasons) chip.append(element("span", reason, "reason"));
  return chip;
}

function describeDelta(step) {
  if (!step) return "";
  const delta = step.delta;
  if (!delta) return step.label;
  const broken = delta.violations_added.map((violation) => violation.message).join("; ");
  const sign = delta.objective >= 0 ? "+" : "";
  return `${step.label}: objective ${sign}${delta.objective}, assigned ${delta.assigned >= 0 ? "+" : ""}${delta.assigned}` +
    (broken ? `; breaks: ${broken}` : "");
}

let shown = null;

// An edit answers only the cards of the groups it changed, and the order of all groups.
function showChange(change) {
  const cards = new Map(shown.groups.map((group) => [group.id, group]));
  for (const group of change.changed) cards.set(group.id, group);
  showBoard({ ...change, groups: change.order.map((id) => cards.get(id)) });
}

function showBoard(board) {
  shown = board;
  groupIds = board.groups.map((group) => group.id);
  $("groups").replaceChildren(...board.groups.map(groupCard));
  $("unplaced-list").replaceChildren(...board.unplaced.map(unplacedChip));
  $("board-summary").textContent =
    `${board.assigned} of ${board.participants} placed in ${board.groups.length} groups, objective ${board.objective}` +
    (board.valid ? "" : " — some rules are broken (marked)");
  $("board-violations").replaceChildren(...board.violations.map((violation) => {
    const note = element("li", violation.message, "violation");
    note.dataset.violation = violation.rule;
    return note;
  }));
  $("step").textContent = describeDelta(board.step);
  $("undo").disabled = !board.can_undo;
  $("redo").disabled = !board.can_redo;
  showDownloads(true);
}

async function explain(target) {
  const explanation = await api("GET", `/api/explain/${encodeURIComponent(target)}`);
  const box = $("explanation");
  box.textContent = JSON.stringify(explanation, null, 2);
  box.hidden = false;
}

function showDownloads(available) {
  const names = ["invitations.zip", "roster.csv", "report.html", "solution.json"];
  $("downloads").replaceChildren(...(available ? names : []).map((name) => {
    const item = element("li");
    const link = element("a", name);
    link.href = `/api/download/${name}?token=${encodeURIComponent(token)}`;
    link.download = name;
    item.append(link);
    return item;
  }));
}

async function refresh() {
  const state = await api("GET", "/api/state");
  await showMapping();
  if (state.participants !== null) {
    $("signups-summary").textContent = `${state.participants} participants (working folder ${state.folder})`;
    await showSettings();
  }
  if (state.solving) {
    $("solve").disabled = true;
    $("stop").disabled = false;
    pollSolve();
  }
  if (state.position >= 0) showBoard(await api("GET", "/api/board"));
  else showDownloads(false);
}

$("signups-file").addEventListener("change", (event) => {
  const [file] = event.target.files;
  if (file) guarded(() => uploadSignups(file));
});
$("mapping-file").addEventListener("change", (event) => {
  const [file] = event.target.files;
  if (file) guarded(() => uploadMapping(file));
});
$("save-mapping").addEventListener("click", () => guarded(saveMapping));
$("save-settings").addEventListener("click", () => guarded(saveSettings));
$("solve").addEventListener("click", () => guarded(startSolve));
$("stop").addEventListener("click", () => guarded(() => api("POST", "/api/solve/stop")));
$("undo").addEventListener("click", () => guarded(async () => showBoard(await api("POST", "/api/undo"))));
$("redo").addEventListener("click", () => guarded(async () => showBoard(await api("POST", "/api/redo"))));

if (!token) say("Open the address `groupformer serve` printed: it carries the desk's token.");
else guarded(refresh);
