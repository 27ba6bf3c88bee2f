// Talking to the desk's server, and the few page helpers every part of the page shares. Every piece of
// user text goes into the page with textContent, never as HTML.

const TOKEN_KEY = "groupformer-token";

// The token arrives once in the address `groupformer serve` printed; it is kept for this tab only and
// taken out of the address bar, so it is not left in the history or in a shared screenshot.
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

export const token = takeToken();
export const $ = (id) => document.getElementById(id);

export class ApiError extends Error {
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
export function api(method, path, body = undefined) {
  return body === undefined ? request(method, path) : request(method, path, JSON.stringify(body), "application/json");
}

// A file's bytes as they are, for the server to read (and refuse when too large or not UTF-8).
export function upload(method, path, bytes, contentType) {
  return request(method, path, bytes, contentType);
}

// An address the browser opens itself (a download, an event stream), which cannot carry the header.
export function withToken(path) {
  const separator = path.includes("?") ? "&" : "?";
  return `${path}${separator}token=${encodeURIComponent(token)}`;
}

export function element(tag, text = "", className = "") {
  const node = document.createElement(tag);
  if (text) node.textContent = text;
  if (className) node.className = className;
  return node;
}

export function button(text, action) {
  const node = element("button", text);
  node.type = "button";
  node.addEventListener("click", () => guarded(action));
  return node;
}

export function say(message) {
  $("status").textContent = message;
}

export function showProblems(error) {
  const list = $("problems");
  list.replaceChildren();
  if (!error) return;
  say(error.message);
  for (const problem of error.problems || []) list.append(element("li", problem));
}

export async function guarded(action) {
  try {
    showProblems(null);
    await action();
  } catch (error) {
    showProblems(error);
  }
}

// Set by the page's entry module: reads the whole state again (after new sign-ups, a solve, settings).
export const desk = { refresh: async () => {} };
