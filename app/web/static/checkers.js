// Guided checker flow: ask the most useful missing question, store each answer in the conversation's profile,
// show the result with its cited reasoning trail. Plain JS, no build, like the chat page.
"use strict";

const $ = (id) => document.getElementById(id);
const STORED_CONVERSATION = "navigator-checkers-conversation";
// The profile lives in a conversation issued by the server to this browser (its owner cookie): the chat's, when
// the page is opened from a checker offer, else this page's last one, else a new one created on first use.
let conversationId = null;
let answers = {};
let current = null;
// The logged-in account's CSRF token (from /api/auth/me); null without a session, and the account buttons stay hidden.
let csrf = null;

function el(tag, text, attrs = {}) {
  const node = document.createElement(tag);
  if (text !== undefined && text !== null) node.textContent = text;
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  return node;
}

function showError(message) {
  const alert = $("alert");
  alert.textContent = message;
  alert.hidden = !message;
}

async function api(path, options = {}) {
  const headers = { "Content-Type": "application/json" };
  if (options.method && options.method !== "GET" && csrf) headers["X-CSRF-Token"] = csrf;
  const response = await fetch(path, { headers, ...options });
  const body = await response.json();
  if (!response.ok) throw new Error(body.error ? body.error.message : response.statusText);
  return body;
}

function sourceLink(source) {
  const link = el("a", source, { href: `/api/chunks/${encodeURIComponent(source)}`, target: "_blank", rel: "noopener" });
  return link;
}

// Offered from the chat (« Mon appli… est-ce un DM ? »): the checker to open, the chat's conversation, and what
// the question already said, shown preselected for the founder to confirm; nothing is used before it is confirmed.
const offered = new URLSearchParams(window.location.search);
const suggested = (() => {
  try { return JSON.parse(offered.get("prefill") || "{}"); } catch (err) { return {}; }
})();

/** The first of the chat's and this page's conversations that this browser still owns, with its profile. */
async function reopenConversation() {
  for (const id of [offered.get("conversation"), localStorage.getItem(STORED_CONVERSATION)]) {
    if (!id) continue;
    const response = await fetch(`/api/profile?conversation_id=${encodeURIComponent(id)}`);
    if (!response.ok) continue; // erased, or not this browser's: start afresh
    conversationId = id;
    localStorage.setItem(STORED_CONVERSATION, id);
    return response.json();
  }
  localStorage.removeItem(STORED_CONVERSATION);
  return null;
}

// Settled once the page has reopened the offered or stored conversation. A click on « Commencer » before then
// created a second conversation, and the answers went there instead of to the chat's profile.
let pageLoaded = Promise.resolve();
let creating = null; // one creation at a time: two quick clicks share it

async function ensureConversation() {
  await pageLoaded;
  if (conversationId) return conversationId;
  creating ??= api("/api/conversations", { method: "POST" })
    .then((created) => {
      conversationId = created.conversation_id;
      localStorage.setItem(STORED_CONVERSATION, conversationId);
      return conversationId;
    })
    .finally(() => { creating = null; });
  return creating;
}

/** Keep the profile's usable answers, and its unconfirmed guesses as preselections to confirm. */
function useProfile(profile) {
  for (const [k, f] of Object.entries(profile.profile.fields)) {
    if (f.source === "extracted") suggested[k] = f.value; // the chat's guess: preselected, to confirm
    else answers[k] = f.value;
  }
}

/** A session (founder, adviser or admin) shows the account buttons; without one they stay hidden. */
async function detectAccount() {
  const response = await fetch("/api/auth/me");
  if (!response.ok) return;
  csrf = (await response.json()).csrf_token;
  $("account-start").hidden = false;
  $("account-save").hidden = false;
}

function fieldCount(n) {
  return n === 1 ? "1 information" : `${n} informations`;
}

/** Copy the account's profile into this conversation: its answers are not asked again. */
async function startFromAccount() {
  const status = $("from-account-status");
  status.textContent = "Chargement du profil de votre compte…";
  try {
    const profile = await api("/api/profile/from-account", {
      method: "POST", body: JSON.stringify({ conversation_id: await ensureConversation() }),
    });
    useProfile(profile);
    const n = Object.keys(profile.profile.fields).length;
    status.textContent = n
      ? `${fieldCount(n)} reprise${n === 1 ? "" : "s"} de votre compte : ces questions ne seront pas reposées.`
      : "Le profil de votre compte est vide : enregistrez-y un résultat pour le réutiliser.";
    if (!$("flow").hidden || !$("summary").hidden) await step(); // a flow under way moves on with the new answers
  } catch (error) {
    status.textContent = `Le profil de votre compte n'a pas pu être repris : ${error.message}`;
  }
}

/** Save this conversation's profile (with each answer's origin and date) to the account. */
async function saveToAccount() {
  const status = $("save-account-status");
  status.textContent = "Enregistrement…";
  try {
    const profile = await api("/api/profile/account/from-conversation", {
      method: "POST", body: JSON.stringify({ conversation_id: await ensureConversation() }),
    });
    const n = Object.keys(profile.profile.fields).length;
    status.textContent = `Profil enregistré dans votre compte (${fieldCount(n)}).`;
  } catch (error) {
    status.textContent = `Le profil n'a pas pu être enregistré : ${error.message}`;
  }
}

async function loadCheckers() {
  const list = await api("/api/checkers");
  for (const c of list) $("checker").append(el("option", c.title, { value: c.id }));
  if (list.some((c) => c.id === offered.get("checker"))) $("checker").value = offered.get("checker");
  const profile = await reopenConversation();
  if (profile) useProfile(profile);
}

async function step() {
  await ensureConversation();
  const id = $("checker").value;
  const result = await api(`/api/checkers/${id}/evaluate`, {
    method: "POST", body: JSON.stringify({ profile: answers, conversation_id: conversationId }),
  });
  if (result.status === "missing") return ask(result.missing[0]);
  summarise(result);
}

function ask(question) {
  current = question;
  $("summary").hidden = true;
  $("flow").hidden = false;
  $("question-text").textContent = question.text;
  $("question-hint").textContent = question.hint || "";
  $("question-why").textContent = question.why;
  const link = $("question-source");
  link.textContent = question.source;
  link.href = `/api/chunks/${encodeURIComponent(question.source)}`;
  const inputs = $("question-inputs");
  inputs.replaceChildren();
  const choices = question.type === "bool" ? { true: "Oui", false: "Non" } : question.options;
  if (question.type === "number") {
    const input = el("input", null, { type: "number", id: "answer-number", name: "answer" });
    inputs.append(el("label", "Valeur", { for: "answer-number" }), input);
  } else {
    for (const [value, label] of Object.entries(choices)) {
      const inputId = `answer-${value}`;
      const type = question.type === "multi" ? "checkbox" : "radio";
      const input = el("input", null, { type, id: inputId, name: "answer", value });
      const wrapper = el("div");
      wrapper.append(input, el("label", label, { for: inputId }));
      inputs.append(wrapper);
    }
  }
  const guess = suggested[question.question];
  if (guess !== undefined && question.type !== "number") {
    const match = inputs.querySelector(`input[value="${CSS.escape(String(guess))}"]`);
    if (match) {
      match.checked = true;
      $("question-hint").textContent = "D'après votre question dans le chat : confirmez ou corrigez cette réponse.";
    }
  }
  const first = inputs.querySelector("input:checked") || inputs.querySelector("input");
  if (first) first.focus();
}

function readAnswer() {
  const q = current;
  if (q.type === "number") {
    const raw = $("answer-number").value;
    return raw === "" ? null : Number(raw);
  }
  const checked = [...document.querySelectorAll("#question-inputs input:checked")].map((i) => i.value);
  if (q.type === "multi") return checked;
  if (!checked.length) return null;
  return q.type === "bool" ? checked[0] === "true" : checked[0];
}

async function record(value) {
  showError("");
  // the chat's guess kept as it was is a confirmation; anything else is the founder's own answer
  const guess = suggested[current.question];
  const source = guess !== undefined && JSON.stringify(guess) === JSON.stringify(value) ? "confirmed" : "asked";
  try {
    await api("/api/profile", {
      method: "PUT",
      body: JSON.stringify({ conversation_id: await ensureConversation(), fields: { [current.question]: { value, source } } }),
    });
    answers[current.question] = value;
    await step();
  } catch (error) {
    showError(error.message);
  }
}

function trailList(trail) {
  const list = el("ul", null, { class: "trail" });
  for (const s of trail) {
    const value = typeof s.value === "boolean" ? (s.value ? "oui" : "non") : s.value === null ? "indéterminé" : String(s.value);
    const item = el("li", `${s.text} → ${value} `);
    item.append("[", sourceLink(s.source), "]");
    list.append(item);
  }
  return list;
}

function summarise(result) {
  $("flow").hidden = true;
  $("summary").hidden = false;
  $("save-account-status").textContent = ""; // a new result: saved again only on request
  const body = $("summary-body");
  body.replaceChildren(el("h3", result.title));
  if (!result.result.length) body.append(el("p", "Aucune issue ne s'applique avec ces réponses."));
  for (const outcome of result.result) {
    const block = el("div", null, { class: "outcome", "data-testid": "outcome" });
    block.append(el("p", outcome.label, { class: "outcome-label" }));
    if (outcome.explain) block.append(el("p", outcome.explain));
    block.append(el("p", "Raisonnement :"), trailList(outcome.trail));
    body.append(block);
  }
  const others = result.applicable.filter((o) => !result.result.some((r) => r.id === o.id));
  if (others.length) {
    body.append(el("h3", "Autres règles applicables"));
    const list = el("ul");
    for (const o of others) list.append(el("li", o.label));
    body.append(list);
  }
  if (result.possible.length) {
    body.append(el("h3", "Encore possible"));
    const list = el("ul");
    for (const o of result.possible) list.append(el("li", o.label));
    body.append(list);
  }
  if (result.unknown.length) {
    body.append(el("h3", "Qui peut trancher vos « je ne sais pas »"));
    const list = el("ul");
    for (const u of result.unknown) list.append(el("li", `${u.text} → ${u.settled_by.join(", ") || "un conseiller"}`));
    body.append(list);
  }
  updatePlanLinks();
  $("summary-title").focus();
}

function updatePlanLinks() {
  if (!conversationId) return; // the summary, which shows the links, comes after the first answer
  const chosen = [...document.querySelectorAll(".fund-choice:checked")].map((box) => box.value);
  const params = new URLSearchParams({ conversation_id: conversationId });
  if (chosen.length) params.set("funding", chosen.join(","));
  $("plan-md").href = `/api/plan.md?${params}`;
  $("plan-pdf").href = `/api/plan.pdf?${params}`;
  $("plan-ics").href = `/api/plan.ics?${params}`;
}

async function searchFunding(event) {
  if (event) event.preventDefault();
  showError("");
  const params = new URLSearchParams();
  if (conversationId) params.set("conversation_id", conversationId); // eligibility checked against the profile
  if ($("open-now").checked) params.set("open_now", "true");
  if ($("trl").value) params.set("trl", $("trl").value);
  try {
    const body = await api(`/api/funding?${params}`);
    const list = $("funding-list");
    list.replaceChildren();
    const labels = { eligible: "éligible sur les critères vérifiables", not_eligible: "non éligible", missing_facts: "informations manquantes" };
    for (const p of body.programmes) {
      const item = el("li");
      const box = el("input", null, { type: "checkbox", id: `fund-${p.id}`, value: p.id, class: "fund-choice" });
      box.addEventListener("change", updatePlanLinks);
      item.append(box, el("label", `${p.title} (${p.funder}) — ${labels[p.eligibility]}${p.next_close ? ", clôture " + p.next_close : ""} `, { for: `fund-${p.id}` }));
      item.append(el("a", "page officielle", { href: p.url, target: "_blank", rel: "noopener" }));
      list.append(item);
    }
    if (!body.programmes.length) list.append(el("li", "Aucun programme pour ces filtres."));
  } catch (error) {
    showError(error.message);
  }
}

document.addEventListener("DOMContentLoaded", async () => {
  $("summary-title").setAttribute("tabindex", "-1");
  $("start").addEventListener("click", () => step().catch((e) => showError(e.message)));
  $("restart").addEventListener("click", () => step().catch((e) => showError(e.message)));
  $("question-form").addEventListener("submit", (event) => {
    event.preventDefault();
    const value = readAnswer();
    if (value === null) return showError("Choisissez une réponse, ou « Je ne sais pas ».");
    record(value);
  });
  $("dont-know").addEventListener("click", () => record("unknown"));
  $("funding-form").addEventListener("submit", searchFunding);
  $("from-account").addEventListener("click", startFromAccount);
  $("save-account").addEventListener("click", saveToAccount);
  updatePlanLinks();
  pageLoaded = Promise.all([loadCheckers(), detectAccount()]).catch((error) => showError(error.message));
  await pageLoaded;
});
