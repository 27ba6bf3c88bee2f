// The board: one card per group, the people not placed, and the hand edits on them (menus, pins, and
// the drag and keyboard moves of moves.js). Stable hooks for tests and tools: group cards carry
// data-group-id, member chips data-member-id (data-pinned when pinned to their group, data-picked while
// picked up from the keyboard), the unplaced column data-unplaced, the new-group zone data-new-group,
// violation notes data-violation.

import { $, api, button, element, guarded, withToken } from "./api.js";
import { announce, markPicked, wireMoves } from "./moves.js";
import { explain } from "./why.js";

const UNPLACED = "__unplaced";
const NEW_GROUP = "__new";
const MEASURES = ["quality", "diversity", "coverage", "prefer_met", "size_pref_met", "groups"];

let shown = null;
// Each group's card on the page, so that an edit redraws only the cards it changed.
const cardNodes = new Map();
// Counts what the board showed, so a menu is filled again only when the board changed since.
let drawn = 0;
let places = null;

// The group `memberId` is in (null: not placed); asked at every step of a drag, so kept in a map.
function placeOf(memberId) {
  if (places === null) {
    places = new Map(shown.groups.flatMap((group) => group.members.map((member) => [member.id, group.id])));
  }
  return places.get(memberId) ?? null;
}

// --- the menus: every move without a mouse, filled when opened (a menu of every group on every chip
// would be millions of options at thousands of sign-ups) ---------------------------------------------

function fillWhenOpened(menu, fill) {
  let filled = -1;
  const refill = () => {
    if (filled === drawn) return;
    menu.replaceChildren(...fill());
    filled = drawn;
  };
  menu.addEventListener("focus", refill);
  menu.addEventListener("pointerdown", refill);
}

function moveMenu(memberId, currentGroup) {
  const menu = element("select");
  menu.setAttribute("aria-label", `Move ${memberId} to`);
  menu.dataset.moveMember = memberId;
  const fixed = () => [
    new Option("move to…", ""),
    ...(currentGroup !== null ? [new Option("not placed", UNPLACED)] : []),
    new Option("a new group", NEW_GROUP),
  ];
  const groups = () => shown.groups.filter((group) => group.id !== currentGroup).map((group) => new Option(group.id, group.id));
  menu.append(...fixed());
  fillWhenOpened(menu, () => [...fixed(), ...groups()]);
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

function swapChoices(memberId, currentGroup) {
  const choices = [new Option("swap with…", "")];
  for (const group of shown.groups) {
    if (group.id === currentGroup) continue;
    for (const member of group.members) choices.push(new Option(`${member.id} (in ${group.id})`, member.id));
  }
  if (currentGroup !== null) {
    for (const entry of shown.unplaced) choices.push(new Option(`${entry.id} (not placed)`, entry.id));
  }
  return choices;
}

function swapMenu(memberId, currentGroup) {
  const menu = element("select");
  menu.setAttribute("aria-label", `Swap ${memberId} with`);
  menu.dataset.swapMember = memberId;
  menu.append(new Option("swap with…", ""));
  fillWhenOpened(menu, () => swapChoices(memberId, currentGroup));
  menu.addEventListener("change", () => guarded(async () => {
    if (menu.value) showChange(await api("POST", "/api/edit", { kind: "swap", member: memberId, other: menu.value }));
  }));
  return menu;
}

// --- pins: a pinned group, or member, is kept as it is by the next solve ---------------------------------

// Only the group's card is drawn again, and the focus goes back to the same control on it.
async function savePins(groups, members, groupId, control) {
  shown.pins = await api("PUT", "/api/pins", { groups, members });
  const card = groupCard(shown.groups.find((group) => group.id === groupId));
  cardNodes.get(groupId).replaceWith(card);
  cardNodes.set(groupId, card);
  card.querySelector(control)?.focus();
}

function pinButton(groupId) {
  const pins = shown.pins;
  const pinned = pins.groups.includes(groupId);
  const pin = button(pinned ? "Pinned" : "Pin", () => savePins(
    pinned ? pins.groups.filter((id) => id !== groupId) : [...pins.groups, groupId],
    pins.members,
    groupId,
    "button[aria-pressed]",
  ));
  pin.setAttribute("aria-pressed", String(pinned));
  return pin;
}

function memberPin(memberId, groupId) {
  const pins = shown.pins;
  const toggle = element("input");
  toggle.type = "checkbox";
  toggle.checked = pins.members[memberId] === groupId;
  toggle.dataset.pinMember = memberId;
  toggle.setAttribute("aria-label", `Pin ${memberId} to ${groupId}`);
  toggle.addEventListener("change", () => guarded(() => {
    const members = { ...pins.members };
    if (toggle.checked) members[memberId] = groupId;
    else delete members[memberId];
    return savePins(pins.groups, members, groupId, `[data-pin-member="${CSS.escape(memberId)}"]`);
  }));
  const label = element("label", "", "member-pin");
  label.append(toggle, document.createTextNode("pin"));
  return label;
}

// --- cards and chips -------------------------------------------------------------------------------------

function localTime(meeting) {
  return meeting ? `${meeting.weekday} ${meeting.start}–${meeting.end} ${meeting.abbreviation}` : "";
}

function chip(memberId, groupId) {
  const node = element("li", "", "member");
  node.dataset.memberId = memberId;
  node.tabIndex = 0;
  node.draggable = true;
  node.setAttribute("aria-label", `${memberId}, ${groupId === null ? "not placed" : `in ${groupId}`}`);
  node.setAttribute("aria-describedby", "moves-hint");
  node.setAttribute("aria-grabbed", "false");
  node.append(element("span", memberId, "name"));
  return node;
}

function memberChip(member, groupId) {
  const node = chip(member.id, groupId);
  if (shown.pins.members[member.id] === groupId) node.dataset.pinned = "";
  node.append(element("span", localTime(member.local_meeting), "detail"));
  if (member.distance_km !== null) node.append(element("span", `${member.distance_km} km`, "detail"));
  node.append(moveMenu(member.id, groupId), swapMenu(member.id, groupId), memberPin(member.id, groupId));
  return node;
}

function unplacedChip(entry) {
  const node = chip(entry.id, null);
  node.append(moveMenu(entry.id, null), swapMenu(entry.id, null));
  node.append(button("Why?", () => explain(entry.id)));
  for (const reason of entry.reasons) node.append(element("span", reason, "reason"));
  return node;
}

function violationNote(violation, tag) {
  const note = element(tag, violation.message, "violation");
  note.dataset.violation = violation.rule;
  return note;
}

function groupCard(group) {
  const card = element("article", "", group.violations.length ? "group broken" : "group");
  card.dataset.groupId = group.id;
  card.tabIndex = 0;
  card.setAttribute("aria-label", `Group ${group.id}, ${group.members.length} members`);
  if (shown.pins.groups.includes(group.id)) card.dataset.pinned = "";
  card.append(element("h3", group.id));
  card.append(element("p", group.local_start, "meta"));
  const host = group.host ? `, host ${group.host}` : "";
  card.append(element("p", `${group.modality} (${group.place}${host}), ${group.style}, ${group.frequency}`, "meta"));
  if (group.focus) card.append(element("p", `focus: ${group.focus}`, "meta"));
  if (group.scores) card.append(element("p", `fit ${group.scores.fit}, diversity ${group.scores.diversity}`, "meta"));
  for (const violation of group.violations) card.append(violationNote(violation, "p"));
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

// --- the step line: what the last step changed in the report, next to Undo -------------------------------

function signed(value) {
  return `${value > 0 ? "+" : ""}${value}`;
}

// The objective, the number placed and each measure: those that moved with their change, then the
// names of those that did not.
function figures(delta) {
  const all = [["objective", delta.objective], ["assigned", delta.assigned]]
    .concat(MEASURES.map((name) => [name, delta.measures[name] ?? 0]));
  const moved = all.filter(([, change]) => change).map(([name, change]) => `${name} ${signed(change)}`);
  const still = all.filter(([, change]) => !change).map(([name]) => name);
  return [...moved, ...(still.length ? [`unchanged: ${still.join(", ")}`] : [])].join("; ");
}

// What the step broke and mended, in the judge's words.
function rules(delta) {
  const line = delta.violations_added.map((violation) =>
    element("span", `Broken now (${violation.rule}): ${violation.message}.`, "step-broken"));
  for (const violation of delta.violations_removed) {
    line.push(element("span", `Mended (${violation.rule}): ${violation.message}.`, "step-mended"));
  }
  if (delta.violations_added.length) line.push(element("span", "Undo takes it back.", "step-hint"));
  return line;
}

function stepLine(step) {
  if (!step) return [];
  if (!step.delta) return [element("span", step.label, "step-label")];
  const figuresNode = element("span", `${figures(step.delta)}.`, "step-figures");
  return [element("span", `${step.label}:`, "step-label"), figuresNode, ...rules(step.delta)];
}

// The line's parts apart by a space, for the eye and for whoever reads the page as text.
function spaced(nodes) {
  return nodes.flatMap((node, index) => (index ? [" ", node] : [node]));
}

// --- drawing ---------------------------------------------------------------------------------------------

function showTotals(board) {
  drawn += 1;
  places = null;
  $("unplaced-list").replaceChildren(...board.unplaced.map(unplacedChip));
  $("board-summary").textContent =
    `${board.assigned} of ${board.participants} placed in ${board.groups.length} groups, objective ${board.objective}` +
    (board.valid ? "" : " — some rules are broken (marked)");
  $("board-violations").replaceChildren(...board.violations.map((violation) => violationNote(violation, "li")));
  $("step").replaceChildren(...spaced(stepLine(board.step)));
  $("undo").disabled = !board.can_undo;
  $("redo").disabled = !board.can_redo;
  markPicked();
  showDownloads(true);
}

export function showBoard(board) {
  shown = board;
  cardNodes.clear();
  for (const group of board.groups) cardNodes.set(group.id, groupCard(group));
  $("groups").replaceChildren(...cardNodes.values());
  showTotals(board);
}

// An edit (and an undo or redo) answers only the cards of the groups it changed, and the order of all:
// only those cards are drawn again, and the others moved only when the order changed.
function showChange(change) {
  const cards = new Map(shown.groups.map((group) => [group.id, group]));
  for (const group of change.changed) cards.set(group.id, group);
  shown = { ...change, groups: change.order.map((id) => cards.get(id)) };
  for (const group of change.changed) {
    const card = groupCard(group);
    cardNodes.get(group.id)?.replaceWith(card);
    cardNodes.set(group.id, card);
  }
  const kept = new Set(change.order);
  for (const id of [...cardNodes.keys()]) if (!kept.has(id)) cardNodes.delete(id);
  const onPage = [...$("groups").children].map((card) => card.dataset.groupId);
  if (onPage.length !== change.order.length || onPage.some((id, index) => id !== change.order[index])) {
    $("groups").replaceChildren(...change.order.map((id) => cardNodes.get(id)));
  }
  showTotals(shown);
}

// A drag or a keyboard move: made, drawn, said in the live region; the moved member's chip is returned
// for the keyboard path to take the focus to.
async function applyMove(edit, words) {
  let answer = null;
  await guarded(async () => {
    answer = await api("POST", "/api/edit", edit);
    showChange(answer);
  });
  if (answer === null) return null;
  const broken = answer.step.delta ? rules(answer.step.delta).map((node) => node.textContent) : [];
  announce([`${words}.`, ...broken].join(" "));
  const member = edit.member ?? edit.members[0];
  return document.querySelector(`[data-member-id="${CSS.escape(member)}"]`);
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
  $("undo").addEventListener("click", () => guarded(async () => showChange(await api("POST", "/api/undo"))));
  $("redo").addEventListener("click", () => guarded(async () => showChange(await api("POST", "/api/redo"))));
  wireMoves({ placeOf, apply: applyMove });
}
