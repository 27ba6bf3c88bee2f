// Moving members on the board by drag and drop, and the same moves from the keyboard: a member dropped
// on a group joins it, on another member trades places with them, on "Not placed" leaves their group,
// on "A new group" starts one. Every drag has a keyboard path (Space or Enter picks a member up, Space
// or Enter on a target puts them down, Escape cancels), announced in the page's live region. Listeners
// sit on the board itself, so they outlive the cards an edit redraws.

import { $ } from "./api.js";

const TARGETS = "[data-member-id], [data-group-id], [data-unplaced], [data-new-group]";
const HIGHLIGHT = "drop-target";

// Set by wireMoves: where a member is now (a group id, or null when not placed), and how an edit is
// made and shown (it answers the member's chip after the edit, to take the focus back to it).
let board = { placeOf: () => null, apply: async () => {} };
let dragged = null;
let picked = null;
let highlighted = null;

export function announce(message) {
  $("moves-status").textContent = message;
}

function targetOf(node) {
  if (node.dataset.memberId !== undefined) return { kind: "member", id: node.dataset.memberId };
  if (node.dataset.groupId !== undefined) return { kind: "group", id: node.dataset.groupId };
  if (node.dataset.unplaced !== undefined) return { kind: "unplaced" };
  return { kind: "new group" };
}

// The edit that puts `member` on `target`, with its words; null when it would leave everything as it is.
export function editFor(member, target) {
  const from = board.placeOf(member);
  if (target.kind === "member") {
    if (target.id === member || board.placeOf(target.id) === from) return null;
    return { edit: { kind: "swap", member, other: target.id }, words: `${member} and ${target.id} swapped` };
  }
  if (target.kind === "group") {
    if (target.id === from) return null;
    return { edit: { kind: "move", member, to: target.id }, words: `${member} moved to ${target.id}` };
  }
  if (target.kind === "unplaced") {
    if (from === null) return null;
    return { edit: { kind: "move", member, to: null }, words: `${member} taken out of ${from}, not placed` };
  }
  return { edit: { kind: "new_group", members: [member] }, words: `${member} in a new group` };
}

async function put(member, target) {
  const move = editFor(member, target);
  if (move === null) {
    announce(`${member} stays where they are.`);
    return null;
  }
  return board.apply(move.edit, move.words);
}

// --- drag and drop ---------------------------------------------------------------------------------------

function highlight(node) {
  if (highlighted === node) return;
  highlighted?.classList.remove(HIGHLIGHT);
  highlighted = node;
  highlighted?.classList.add(HIGHLIGHT);
}

function dropTarget(event) {
  const node = event.target.closest?.(TARGETS);
  if (!node || dragged === null) return null;
  return editFor(dragged, targetOf(node)) === null ? null : node;
}

function onDragStart(event) {
  const chip = event.target.closest?.("[data-member-id]");
  if (!chip || event.target !== chip) return;
  dragged = chip.dataset.memberId;
  event.dataTransfer.setData("text/plain", dragged);
  event.dataTransfer.effectAllowed = "move";
  chip.classList.add("dragging");
}

function onDragOver(event) {
  const node = dropTarget(event);
  highlight(node);
  if (node === null) return;
  event.preventDefault();
  event.dataTransfer.dropEffect = "move";
}

function onDragEnd(event) {
  event.target.classList?.remove("dragging");
  highlight(null);
  dragged = null;
}

async function onDrop(event) {
  const node = dropTarget(event);
  const member = dragged;
  highlight(null);
  if (node === null) return;
  event.preventDefault();
  dragged = null;
  await put(member, targetOf(node));
}

// --- the keyboard path -----------------------------------------------------------------------------------

function chipOf(member) {
  return document.querySelector(`[data-member-id="${CSS.escape(member)}"]`);
}

// Marks the picked member's chip; called again after a redraw, since the chip may be a new one.
export function markPicked() {
  const chip = picked === null ? null : chipOf(picked);
  if (!chip) return;
  chip.dataset.picked = "";
  chip.setAttribute("aria-grabbed", "true");
}

function pickUp(member) {
  picked = member;
  markPicked();
  $("board").classList.add("picking");
  const where = board.placeOf(member);
  announce(`Picked up ${member} (${where === null ? "not placed" : `in ${where}`}). Go to a group, another member, ` +
    `"Not placed" or "A new group" and press Space or Enter to put them there; Escape cancels.`);
}

function putDown() {
  const chip = picked === null ? null : chipOf(picked);
  if (chip) {
    delete chip.dataset.picked;
    chip.setAttribute("aria-grabbed", "false");
  }
  picked = null;
  $("board").classList.remove("picking");
}

function cancel() {
  const member = picked;
  putDown();
  announce(`${member} put back; nothing moved.`);
  chipOf(member)?.focus();
}

async function onKeyDown(event) {
  if (event.key === "Escape" && picked !== null) {
    event.preventDefault();
    cancel();
    return;
  }
  if (event.key !== " " && event.key !== "Enter") return;
  if (!event.target.matches?.(TARGETS)) return;
  event.preventDefault();
  const target = targetOf(event.target);
  if (picked === null) {
    if (target.kind === "member") pickUp(target.id);
    return;
  }
  if (target.kind === "member" && target.id === picked) {
    cancel();
    return;
  }
  const member = picked;
  putDown();
  const chip = await put(member, target);
  chip?.focus();
}

export function wireMoves(boardOperations) {
  board = boardOperations;
  const area = $("board");
  area.addEventListener("dragstart", onDragStart);
  area.addEventListener("dragover", onDragOver);
  area.addEventListener("dragend", onDragEnd);
  area.addEventListener("drop", (event) => onDrop(event));
  document.addEventListener("keydown", (event) => onKeyDown(event));
}
