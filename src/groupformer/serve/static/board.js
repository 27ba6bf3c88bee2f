// The board: one card per group, the people not placed, and the hand edits on them. Stable hooks for
// tests and tools: group cards carry data-group-id, member chips data-member-id, the unplaced column
// data-unplaced, violation notes data-violation.

import { $, api, button, element, guarded, withToken } from "./api.js";
import { explain } from "./why.js";

const UNPLACED = "__unplaced";
const NEW_GROUP = "__new";

let shown = null;

function moveMenu(memberId, currentGroup) {
  const menu = element("select");
  menu.setAttribute("aria-label", `Move ${memberId} to`);
  menu.dataset.moveMember = memberId;
  menu.append(new Option("move to…", ""));
  for (const group of shown.groups) {
    if (group.id !== currentGroup) menu.append(new Option(group.id, group.id));
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
  card.append(
    button("Why?", () => explain(group.id)),
    button("Dissolve", async () => showChange(await api("POST", "/api/edit", { kind: "dissolve", group: group.id }))),
    pinButton(group.id),
  );
  return card;
}

// A pinned group is kept as it is by the next solve; the others are formed again.
function pinButton(groupId) {
  const pins = shown.pins;
  const pinned = pins.groups.includes(groupId);
  const pin = button(pinned ? "Pinned" : "Pin", async () => {
    const groups = pinned ? pins.groups.filter((id) => id !== groupId) : [...pins.groups, groupId];
    const answer = await api("PUT", "/api/pins", { groups, members: pins.members });
    showBoard({ ...shown, pins: answer });
  });
  pin.setAttribute("aria-pressed", String(pinned));
  return pin;
}

function unplacedChip(entry) {
  const chip = element("li", "", "member");
  chip.dataset.memberId = entry.id;
  chip.append(element("span", entry.id, "name"));
  chip.append(moveMenu(entry.id, null));
  chip.append(button("Why?", () => explain(entry.id)));
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

// An edit answers only the cards of the groups it changed, and the order of all groups.
function showChange(change) {
  const cards = new Map(shown.groups.map((group) => [group.id, group]));
  for (const group of change.changed) cards.set(group.id, group);
  showBoard({ ...change, groups: change.order.map((id) => cards.get(id)) });
}

export function showBoard(board) {
  shown = board;
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

export function showDownloads(available) {
  const names = ["invitations.zip", "roster.csv", "report.html", "solution.json"];
  $("downloads").replaceChildren(...(available ? names : []).map((name) => {
    const item = element("li");
    const link = element("a", name);
    link.href = withToken(`/api/download/${name}`);
    link.download = name;
    item.append(link);
    return item;
  }));
}

export function wireBoard() {
  $("undo").addEventListener("click", () => guarded(async () => showBoard(await api("POST", "/api/undo"))));
  $("redo").addEventListener("click", () => guarded(async () => showBoard(await api("POST", "/api/redo"))));
}
