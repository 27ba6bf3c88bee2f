// Why: the explanation of a group or of a person not placed, with the verified suggestions of `explain`.

import { $, api } from "./api.js";

export async function explain(target) {
  const explanation = await api("GET", `/api/explain/${encodeURIComponent(target)}`);
  const box = $("explanation");
  box.textContent = JSON.stringify(explanation, null, 2);
  box.hidden = false;
}
