// Advisers' pages: login, review queue, review screen, validated answers, audit log. Plain JS, no build.
// Every call goes to the review API; state-changing calls carry the session's CSRF token.
"use strict";

const TEXT = {
  fr: {
    skip: "Aller au contenu", tagline: "Espace conseillers : vérifier, corriger et valider les réponses.",
    nav: "Espace conseillers", nav_queue: "File de revue", nav_validated: "Réponses validées", nav_audit: "Journal", logout: "Se déconnecter",
    login_title: "Connexion conseiller", sso: "Se connecter avec le compte de mon organisation", email: "Adresse e-mail", password: "Mot de passe", login: "Se connecter",
    queue_title: "File de revue", status: "Statut", any: "Tous", domain: "Domaine", mode: "Mode", thumbs_down: "Avis négatif",
    flagged: "Phrase non étayée ou repli", handoff: "Demande de conseiller", since: "Depuis le", until: "Jusqu'au", filter: "Filtrer",
    date: "Date", question: "Question", handoffs: "Demandes", locked_by: "En revue par", none: "Aucune réponse ne correspond.",
    new: "nouvelle", in_review: "en revue", validated: "validée", corrected: "corrigée", rejected: "rejetée", stale: "périmée",
    review_title: "Revue d'une réponse", standalone: "Requête autonome", answer: "Réponse, phrase par phrase", meta: "Modèle, prompt, corpus",
    citations: "Citations", passages: "Passages récupérés (numérotés pour la correction)", not_cited: "non cité", cited: "cité",
    to_verify: "À vérifier dans la fiche :", changed: "modifié depuis la réponse", missing: "disparu de l'index", correct: "correcte", partly: "en partie", incorrect: "incorrecte",
    harmful: "dangereuse", right_source: "bonne source", wrong_source: "mauvaise source", should_cite: "Passage à citer (identifiant)",
    verdict: "Verdict", corrected_answer: "Réponse corrigée (citez les passages par [n])", note: "Note pour le fondateur",
    confirm_unsupported: "Enregistrer quand même (phrases non étayées)", save: "Enregistrer le verdict", saved: "Verdict enregistré (version {v}).",
    locked: "Vous tenez cette réponse jusqu'à {t}.", history: "Versions précédentes", feedback: "Avis des fondateurs",
    reply: "Répondre", reply_label: "Réponse au fondateur", replied: "Réponse envoyée.", stale_reason: "Pourquoi elle est périmée",
    validated_title: "Réponses validées", served: "Servie", author: "Par", version: "Version", audit_title: "Journal des actions",
    actor: "Qui", action: "Action", target: "Sur", detail: "Détail", open_review: "Revoir", handoff_requests: "Demandes de conseiller",
    contact: "Contact", message: "Message", privacy: "Les données personnelles (e-mail, téléphone, NIR, IBAN) sont masquées avant d'être enregistrées.",
  },
  en: {
    skip: "Skip to content", tagline: "Advisers: check, correct and validate answers.",
    nav: "Advisers", nav_queue: "Review queue", nav_validated: "Validated answers", nav_audit: "Audit log", logout: "Log out",
    login_title: "Adviser login", sso: "Log in with my organisation's account", email: "E-mail address", password: "Password", login: "Log in",
    queue_title: "Review queue", status: "Status", any: "All", domain: "Domain", mode: "Mode", thumbs_down: "Thumbs down",
    flagged: "Unsupported sentence or fallback", handoff: "Adviser request", since: "From", until: "Until", filter: "Filter",
    date: "Date", question: "Question", handoffs: "Requests", locked_by: "Being reviewed by", none: "No answer matches.",
    new: "new", in_review: "in review", validated: "validated", corrected: "corrected", rejected: "rejected", stale: "stale",
    review_title: "Review of an answer", standalone: "Standalone query", answer: "Answer, sentence by sentence", meta: "Model, prompt, corpus",
    citations: "Citations", passages: "Retrieved passages (numbered for the correction)", not_cited: "not cited", cited: "cited",
    to_verify: "To verify in the sheet:", changed: "changed since the answer", missing: "gone from the index", correct: "correct", partly: "partly", incorrect: "incorrect",
    harmful: "harmful", right_source: "right source", wrong_source: "wrong source", should_cite: "Passage to cite (id)",
    verdict: "Verdict", corrected_answer: "Corrected answer (cite passages as [n])", note: "Note for the founder",
    confirm_unsupported: "Save anyway (unsupported sentences)", save: "Save the verdict", saved: "Verdict saved (version {v}).",
    locked: "You hold this answer until {t}.", history: "Earlier versions", feedback: "Founders' feedback",
    reply: "Reply", reply_label: "Reply to the founder", replied: "Reply sent.", stale_reason: "Why it is stale",
    validated_title: "Validated answers", served: "Served", author: "By", version: "Version", audit_title: "Audit log",
    actor: "Who", action: "Action", target: "On", detail: "Detail", open_review: "Review", handoff_requests: "Adviser requests",
    contact: "Contact", message: "Message", privacy: "Personal data (e-mail, phone, NIR, IBAN) is masked before it is stored.",
  },
};

const state = { lang: localStorage.getItem("lang") || "fr", csrf: null, me: null };
const t = (key, vars = {}) => (TEXT[state.lang][key] || TEXT.fr[key] || key).replace(/\{(\w+)\}/g, (_, k) => vars[k] ?? "");
const $ = (selector) => document.querySelector(selector);
const content = () => $("#content");
const show = (...nodes) => content().replaceChildren(...nodes.filter((n) => n !== null && n !== undefined && n !== false));

function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) continue;
    if (key === "text") el.textContent = value;
    else if (key.startsWith("on")) el.addEventListener(key.slice(2), value);
    else el.setAttribute(key, value === true ? "" : value);
  }
  for (const child of children.flat()) if (child !== null && child !== undefined) el.append(child);
  return el;
}

function say(message, error = false) {
  const status = $("#status");
  status.textContent = message;
  status.className = error ? "error" : "";
}

async function api(method, path, body) {
  const headers = { Accept: "application/json" };
  if (body !== undefined) headers["Content-Type"] = "application/json";
  if (method !== "GET" && state.csrf) headers["X-CSRF-Token"] = state.csrf;
  const response = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), credentials: "same-origin" });
  const data = response.status === 204 ? null : await response.json().catch(() => null);
  if (response.status === 401 && document.body.dataset.page !== "login") {
    location.href = `/conseillers/connexion?next=${encodeURIComponent(location.pathname)}`;
  }
  return { ok: response.ok, status: response.status, data, error: data && data.error ? data.error.message : null };
}

function applyLanguage() {
  document.documentElement.lang = state.lang;
  document.querySelectorAll("[data-i18n]").forEach((el) => { el.textContent = t(el.dataset.i18n); });
  document.querySelectorAll("[data-i18n-aria]").forEach((el) => el.setAttribute("aria-label", t(el.dataset.i18nAria)));
  document.querySelectorAll(".lang button").forEach((b) => b.setAttribute("aria-pressed", String(b.dataset.lang === state.lang)));
}

const fmtDate = (iso) => (iso ? new Date(iso).toLocaleString(state.lang === "fr" ? "fr-FR" : "en-GB", { dateStyle: "short", timeStyle: "short" }) : "");
const badge = (status) => h("span", { class: `badge ${status}`, "data-status": status, text: t(status) });

// Login ----------------------------------------------------------------------------------------------------------

async function renderLogin() {
  const form = h("form", { class: "card", "aria-labelledby": "login-title" },
    h("h1", { id: "login-title", text: t("login_title") }),
    h("div", { class: "field" }, h("label", { for: "email", text: t("email") }), h("input", { id: "email", type: "email", autocomplete: "username", required: true })),
    h("div", { class: "field" }, h("label", { for: "password", text: t("password") }), h("input", { id: "password", type: "password", autocomplete: "current-password", required: true })),
    h("p", {}, h("button", { class: "primary", type: "submit", text: t("login") })));
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const result = await api("POST", "/api/auth/login", { email: $("#email").value, password: $("#password").value });
    if (!result.ok) return say(result.error || "error", true);
    const next = new URLSearchParams(location.search).get("next");
    location.href = next && next.startsWith("/conseillers/") ? next : "/conseillers/";
  });
  content().replaceChildren(form);
  const sso = await api("GET", "/api/auth/oidc");
  if (sso.ok && sso.data.enabled) form.append(h("p", {}, h("a", { href: "/api/auth/oidc/login", "data-testid": "sso", text: t("sso") })));
}

// Queue ----------------------------------------------------------------------------------------------------------

const STATUSES = ["new", "in_review", "validated", "corrected", "rejected", "stale"];
const DOMAINS = ["rgpd", "hds", "cnil", "mdr", "ai-act", "has", "art51", "france2030", "gnius"];

function select(id, label, options) {
  return h("label", { for: id }, t(label), h("select", { id, name: id }, h("option", { value: "", text: t("any") }),
    options.map(([value, text]) => h("option", { value, text }))));
}

async function renderQueue() {
  const form = h("form", { class: "filters", "aria-label": t("filter") },
    select("status", "status", STATUSES.map((s) => [s, t(s)])),
    select("domain", "domain", DOMAINS.map((d) => [d, d])),
    select("mode", "mode", [["extractive", "extractive"], ["generative", "generative"]]),
    ...["thumbs_down", "flagged", "handoff"].map((name) => h("label", { for: name }, h("input", { type: "checkbox", id: name, name }), t(name))),
    h("label", { for: "since" }, t("since"), h("input", { type: "date", id: "since", name: "since" })),
    h("label", { for: "until" }, t("until"), h("input", { type: "date", id: "until", name: "until" })),
    h("button", { class: "primary", type: "submit", text: t("filter") }));
  const results = h("div", { id: "results" });
  content().replaceChildren(h("h1", { text: t("queue_title") }), form, results);
  const load = async () => {
    const params = new URLSearchParams();
    for (const el of form.elements) {
      if (!el.name) continue;
      if (el.type === "checkbox") { if (el.checked) params.set(el.name, "true"); } else if (el.value) params.set(el.name, el.value);
    }
    const result = await api("GET", `/api/review/queue?${params}`);
    if (!result.ok) return say(result.error, true);
    if (!result.data.length) return results.replaceChildren(h("p", { text: t("none") }));
    results.replaceChildren(h("table", { "data-testid": "queue" },
      h("thead", {}, h("tr", {}, ["date", "question", "status", "mode", "domain", "thumbs_down", "handoffs", "locked_by"].map((k) => h("th", { scope: "col", text: t(k) })))),
      h("tbody", {}, result.data.map((item) => h("tr", { "data-answer": item.answer_id },
        h("td", { text: fmtDate(item.created_at) }),
        h("td", {}, h("a", { href: `/conseillers/revue/${item.answer_id}`, text: item.question })),
        h("td", {}, badge(item.status)), h("td", { text: item.mode || "" }), h("td", { text: item.domains.join(", ") }),
        h("td", { text: String(item.thumbs_down) }), h("td", { text: String(item.handoffs) }), h("td", { text: item.locked_by || "" })))))); 
  };
  form.addEventListener("submit", (event) => { event.preventDefault(); load(); });
  await load();
}

// Review ---------------------------------------------------------------------------------------------------------

function highlighted(text, quote) {
  const at = quote ? text.indexOf(quote) : -1;
  if (at < 0) return h("p", { class: "passage", text });
  return h("p", { class: "passage" }, text.slice(0, at), h("mark", { text: quote }), text.slice(at + quote.length));
}

async function renderReview(takeLock = true) {
  // Opening the screen holds the answer for a few minutes; after a save the lock is released and not taken again.
  const answerId = decodeURIComponent(document.body.dataset.answer);
  const lock = takeLock ? await api("POST", `/api/review/${encodeURIComponent(answerId)}/open`) : null;
  const result = await api("GET", `/api/review/${encodeURIComponent(answerId)}`);
  if (!result.ok) return say(result.error, true);
  const d = result.data;
  if (lock) say(lock.ok ? t("locked", { t: fmtDate(lock.data.locked_until) }) : lock.error, !lock.ok);
  const byChunk = Object.fromEntries(d.passages.map((p) => [p.chunk_id, p]));

  const sentences = d.sentences.map((sentence, i) => {
    const check = d.answer_checks.find((c) => c.sentence === sentence);
    return h("div", { class: `sentence${check && check.issue ? " flag" : ""}` },
      h("p", { text: sentence }), check && check.issue ? h("p", { class: "error", text: check.issue }) : null,
      h("label", { for: `s${i}` }, `${t("verdict")} `, h("select", { id: `s${i}`, "data-sentence": i },
        ["correct", "partly", "incorrect"].map((v) => h("option", { value: v, text: t(v) })))),
      " ", h("label", { for: `h${i}` }, h("input", { type: "checkbox", id: `h${i}`, "data-harmful": i }), t("harmful")));
  });
  const citations = d.citations.map((c) => {
    const passage = byChunk[c.chunk_id] || {};
    return h("div", { class: "card" },
      h("h3", { text: `[${c.n}] ${c.section}` }), h("p", {}, h("a", { href: c.url, text: c.url }), ` — ${passage.validity || c.validity}`),
      passage.changed ? h("p", { class: "error", text: t("changed") }) : null, passage.missing ? h("p", { class: "error", text: t("missing") }) : null,
      highlighted(passage.text || c.quote, c.quote),
      h("label", { for: `c${c.n}` }, h("select", { id: `c${c.n}`, "data-citation": c.n, "aria-label": `[${c.n}] ${t("right_source")} / ${t("wrong_source")}` },
        h("option", { value: "right", text: t("right_source") }), h("option", { value: "wrong", text: t("wrong_source") }))),
      " ", h("label", { for: `sc${c.n}` }, `${t("should_cite")} `, h("input", { id: `sc${c.n}`, "data-should": c.n, size: 30 })));
  });
  const passages = d.passages.map((p) => h("details", { class: "card" },
    h("summary", { text: `[${p.n}] ${p.section || p.chunk_id} — ${p.cited ? t("cited") : t("not_cited")}${p.changed ? ` — ${t("changed")}` : ""}` }),
    h("p", { class: "passage", text: p.text }), h("p", { text: `${p.chunk_id} — ${p.validity}` }),
    (p.to_verify || []).length ? h("p", { class: "to-verify", text: `${t("to_verify")} ${p.to_verify.join(" ; ")}` }) : null));

  const verdictForm = h("form", { class: "card", id: "verdict", "aria-labelledby": "verdict-title" },
    h("h2", { id: "verdict-title", text: t("verdict") }),
    h("fieldset", {}, h("legend", { text: t("status") }), ["validated", "corrected", "rejected"].map((s) =>
      h("label", { for: `st-${s}` }, h("input", { type: "radio", name: "status", id: `st-${s}`, value: s, required: true }), t(s), " "))),
    h("div", { class: "field" }, h("label", { for: "corrected", text: t("corrected_answer") }), h("textarea", { id: "corrected" })),
    h("div", { class: "field" }, h("label", { for: "note", text: t("note") }), h("textarea", { id: "note" })),
    h("p", { id: "confirm-row", hidden: true }, h("label", { for: "confirm" }, h("input", { type: "checkbox", id: "confirm" }), t("confirm_unsupported"))),
    h("button", { class: "primary", type: "submit", text: t("save") }));
  verdictForm.addEventListener("submit", async (event) => {
    event.preventDefault();
    const status = verdictForm.querySelector("input[name=status]:checked").value;
    const body = {
      base_version: d.version, status, note: $("#note").value || null, confirm_unsupported: $("#confirm").checked,
      corrected_answer: status === "corrected" ? $("#corrected").value : null,
      sentences: d.sentences.map((_, i) => ({ index: i, verdict: $(`#s${i}`).value, harmful: $(`#h${i}`).checked })),
      citations: d.citations.map((c) => ({ n: c.n, right_source: $(`#c${c.n}`).value === "right", should_cite: $(`#sc${c.n}`).value || null })),
    };
    const saved = await api("POST", `/api/review/${encodeURIComponent(answerId)}/verdicts`, body);
    if (!saved.ok) {
      if (saved.status === 409 && /confirm/.test(saved.error || "")) $("#confirm-row").hidden = false;
      return say(saved.error, true);
    }
    await renderReview(false);
    say(t("saved", { v: saved.data.version }));
  });

  const handoffs = d.handoffs.map((r) => {
    const form = h("form", { class: "card" },
      h("p", {}, `${t("message")} : `, r.message || "—"), h("p", {}, `${t("contact")} : `, r.contact_email || "—"),
      r.reply ? h("p", {}, `${t("reply")} : `, r.reply) :
        h("div", {}, h("label", { for: `r-${r.handoff_id}`, text: t("reply_label") }), h("textarea", { id: `r-${r.handoff_id}` }),
          h("button", { class: "primary", type: "submit", text: t("reply") })));
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      const sent = await api("POST", `/api/review/handoffs/${r.handoff_id}/reply`, { reply: $(`#r-${r.handoff_id}`).value });
      say(sent.ok ? t("replied") : sent.error, !sent.ok);
    });
    return form;
  });

  show(
    h("h1", { text: t("review_title") }), h("p", {}, badge(d.status), ` ${t("version")} ${d.version}`),
    d.stale_reason ? h("section", { class: "card" }, h("h2", { text: t("stale_reason") }), h("pre", { class: "diff", text: d.stale_reason })) : null,
    h("section", { class: "card" }, h("h2", { text: t("question") }), h("p", { text: d.question }), h("p", { class: "tagline", text: t("privacy") }),
      h("h3", { text: t("standalone") }), h("p", { text: d.standalone_query }),
      h("h3", { text: t("meta") }), h("p", { text: `${d.mode}${d.model ? ` — ${d.model}` : ""}${d.prompt ? ` — ${d.prompt.name} v${d.prompt.version}` : ""} — corpus ${d.corpus_version || "?"}` }),
      d.fallback_reason ? h("p", { class: "error", text: d.fallback_reason }) : null),
    h("section", { class: "card" }, h("h2", { text: t("answer") }), sentences),
    h("section", {}, h("h2", { text: t("citations") }), citations),
    h("section", {}, h("h2", { text: t("passages") }), passages),
    d.handoffs.length ? h("section", {}, h("h2", { text: t("handoff_requests") }), handoffs) : null,
    d.feedback.length ? h("section", { class: "card" }, h("h2", { text: t("feedback") }), h("ul", {}, d.feedback.map((f) => h("li", { text: `${f.rating} — ${f.comment || ""}` })))) : null,
    verdictForm,
    d.verdicts.length ? h("section", { class: "card" }, h("h2", { text: t("history") }), h("ol", {}, d.verdicts.map((v) =>
      h("li", { text: `v${v.version} — ${t(v.status)} — ${v.author} — ${fmtDate(v.created_at)}` })))) : null);
}

// Validated answers and audit log ---------------------------------------------------------------------------------

async function renderValidated() {
  const result = await api("GET", "/api/review/validated");
  if (!result.ok) return say(result.error, true);
  content().replaceChildren(h("h1", { text: t("validated_title") }), result.data.length ? h("table", { "data-testid": "validated" },
    h("thead", {}, h("tr", {}, ["date", "question", "status", "version", "author", "served"].map((k) => h("th", { scope: "col", text: t(k) })))),
    h("tbody", {}, result.data.map((v) => h("tr", {},
      h("td", { text: fmtDate(v.verified_at) }), h("td", {}, h("a", { href: `/conseillers/revue/${v.answer_id}`, text: v.question })),
      h("td", {}, badge(v.status)), h("td", { text: String(v.version) }), h("td", { text: v.author }), h("td", { text: String(v.served) })))))
    : h("p", { text: t("none") }));
}

async function renderAudit() {
  const result = await api("GET", "/api/admin/audit?limit=500");
  if (!result.ok) return say(result.error, true);
  content().replaceChildren(h("h1", { text: t("audit_title") }), h("table", { "data-testid": "audit" },
    h("thead", {}, h("tr", {}, ["date", "actor", "action", "target", "detail"].map((k) => h("th", { scope: "col", text: t(k) })))),
    h("tbody", {}, result.data.map((e) => h("tr", {},
      h("td", { text: fmtDate(e.at) }), h("td", { text: `${e.actor} (${e.role})` }), h("td", { text: e.action }),
      h("td", { text: e.target || "" }), h("td", { text: e.detail ? JSON.stringify(e.detail) : "" }))))));
}

// Start ----------------------------------------------------------------------------------------------------------

const PAGES = { login: renderLogin, queue: renderQueue, review: renderReview, validated: renderValidated, audit: renderAudit };

async function start() {
  applyLanguage();
  document.querySelectorAll(".lang button").forEach((button) => button.addEventListener("click", () => {
    state.lang = button.dataset.lang;
    localStorage.setItem("lang", state.lang);
    applyLanguage();
    PAGES[document.body.dataset.page](false);
  }));
  const page = document.body.dataset.page;
  if (page !== "login") {
    const me = await api("GET", "/api/auth/me");
    if (!me.ok) return;
    state.me = me.data;
    state.csrf = me.data.csrf_token;
    $("#nav").hidden = false;
    $("#nav-audit").hidden = me.data.role !== "admin";
    $("#logout").addEventListener("click", async () => { await api("POST", "/api/auth/logout"); location.href = "/conseillers/connexion"; });
  }
  await PAGES[page]();
}

start();
