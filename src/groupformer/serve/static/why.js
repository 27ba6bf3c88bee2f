// Why: `groupformer explain` for a group or a person, in words a coordinator can read out to a colleague:
// why a group is together, or why someone is not placed and which checked change to their sign-up
// would place them. The raw JSON stays one click away for whoever wants every field.

import { $, api, element } from "./api.js";

let opener = null;

function list(items, className = "") {
  const node = element("ul", "", className);
  for (const item of items) node.append(typeof item === "string" ? element("li", item) : item);
  return node;
}

function part(title, ...children) {
  const node = element("section", "", "explanation-part");
  node.append(element("h4", title), ...children);
  return node;
}

function meetingPlace(group) {
  if (group.modality === "remote") return "remote (online)";
  return `in person at ${group.place}${group.host ? `, hosted by ${group.host}` : ""}`;
}

function memberTime(detail) {
  const local = detail.local_meeting;
  const travel = detail.travel ? `; ${detail.travel}` : "";
  return `${detail.id}: ${local.weekday} ${local.start}–${local.end} ${local.abbreviation} (${local.zone})${travel}`;
}

function focus(group) {
  if (group.focus === null) return "No shared focus: nobody in the group asked for one.";
  return `Focus ${group.focus}, asked for by ${group.focus_stated_by.join(", ")}; the others accept any focus.`;
}

function wishes(group) {
  const met = group.wishes.prefer_met.map((pair) => `${pair.from} wanted to meet ${pair.to}`);
  const sizes = group.wishes.preferred_size_met;
  const specialties = group.wishes.specialties;
  return [
    met.length ? `Wishes met: ${met.join("; ")}.` : "No one's wish to meet a particular colleague is met here.",
    sizes.length ? `The group's size is what ${sizes.join(", ")} asked for.` : "Nobody stated a preferred group size it meets.",
    specialties.length ? `Specialties brought together (${specialties.length}): ${specialties.join(", ")}.` : "No specialties stated.",
  ];
}

function groupParts(group) {
  const parts = [
    element("p", `${group.members.length} members (${group.members.join(", ")}), ${meetingPlace(group)}, ` +
      `${group.style}, ${group.frequency}, ${group.minutes} minutes.`),
    part("When they meet, on each member's own clock", list(group.member_details.map(memberTime))),
    part("What they share", list([`Case presentation ${group.style}, meeting ${group.frequency}.`, focus(group)])),
    part("Wishes", list(wishes(group))),
  ];
  if (group.broken_rules.length) {
    parts.push(part("Rules this group breaks", list(group.broken_rules, "problems")));
  }
  return parts;
}

function suggestion(entry) {
  const item = element("li", `${entry.text}${entry.new_group ? "" : ` (with ${entry.with.join(", ")})`}.`);
  if (entry.cut_by_clock) {
    item.append(element("span", " The clock stopped this check early, so repeating it may place differently.", "note"));
  }
  const command = element("code", entry.command);
  item.append(element("br"), command);
  return item;
}

function whatWouldPlace(explanation) {
  const who = explanation.participant;
  if (explanation.unavailable) return [element("p", `No suggestions: ${explanation.unavailable}.`)];
  const unchanged = explanation.placed_without_change;
  if (unchanged) {
    const where = unchanged.new_group ? `a new group with ${unchanged.with.join(", ")}` : unchanged.group;
    return [element("p", `No change is needed: solving again with every group kept places ${who} in ${where}.`)];
  }
  const nodes = [];
  if (explanation.suggestions.length) {
    nodes.push(list(explanation.suggestions.map(suggestion), "suggestions"));
  } else {
    nodes.push(element("p", `No single change to ${who}'s sign-up places ${who}.`));
  }
  const seed = explanation.verification.seed;
  nodes.push(element("p", `Each change was checked by solving again with every group kept and its free seats open ` +
    `(seed ${seed}); only changes that placed ${who} are listed.`, "note"));
  if (explanation.tried.length) nodes.push(element("p", `Tried without success: ${explanation.tried.map((entry) => entry.action).join("; ")}.`, "note"));
  if (explanation.not_tried.length) nodes.push(element("p", `Not tried, the time ran out first: ${explanation.not_tried.join("; ")}.`, "note"));
  return nodes;
}

function rendered(explanation) {
  if (explanation.kind === "group") return [`Why ${explanation.group.id} is together`, groupParts(explanation.group)];
  if (explanation.kind === "placed") {
    return [`${explanation.participant} is placed in ${explanation.group.id}`, groupParts(explanation.group)];
  }
  const who = explanation.participant;
  return [`Why ${who} is not placed`, [
    part("Reasons", list(explanation.reasons, "reasons")),
    part(`What would place ${who}`, ...whatWouldPlace(explanation)),
  ]];
}

function show(title, parts, raw) {
  $("explanation-title").textContent = title;
  $("explanation-body").replaceChildren(...parts);
  $("explanation-json").textContent = raw;
  const panel = $("explanation");
  panel.hidden = false;
  panel.scrollIntoView({ block: "nearest" });
}

function close() {
  $("explanation").hidden = true;
  opener?.focus();
  opener = null;
}

export async function explain(target) {
  opener = document.activeElement;
  show(`Why ${target}?`, [element("p", "Working it out; for a person not placed each possible change is checked by " +
    "solving again, which takes up to 10 seconds.", "note")], "");
  const explanation = await api("GET", `/api/explain/${encodeURIComponent(target)}`);
  const [title, parts] = rendered(explanation);
  show(title, parts, JSON.stringify(explanation, null, 2));
  $("close-explanation").focus();
}

// Wired on import: module scripts run after the page is parsed, and the panel has nothing else to set up.
$("close-explanation").addEventListener("click", close);
$("explanation").addEventListener("keydown", (event) => {
  if (event.key === "Escape") close();
});
