// Navigateur e-santé — founders' chat. Plain JavaScript, no build step: it talks to /api/* only.
// Texts (FR/EN) and the hand-off links live in i18n.js, loaded first.
"use strict";

const STALL_MS = 60_000; // no event for this long: the request is abandoned and the founder can retry
const state = {
  lang: localStorage.getItem("lang") || "fr",
  conversationId: null,
  ready: null,
  busy: false,
  conversations: [],
};
const $ = (id) => document.getElementById(id);
const t = (key, ...args) => { const v = I18N[state.lang][key]; return typeof v === "function" ? v(...args) : v; };

function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (key === "class") node.className = value;
    else if (key === "text") node.textContent = value;
    else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
    else if (value !== undefined && value !== null && value !== false) node.setAttribute(key, value === true ? "" : value);
  }
  node.append(...children.filter((c) => c !== null && c !== undefined));
  return node;
}

// ---------- language, mode ----------

function applyLanguage() {
  document.documentElement.lang = state.lang;
  document.querySelectorAll("[data-i18n]").forEach((node) => { node.textContent = t(node.dataset.i18n); });
  document.querySelectorAll("[data-i18n-placeholder]").forEach((node) => { node.placeholder = t(node.dataset.i18nPlaceholder); });
  document.querySelectorAll(".lang button").forEach((b) => b.setAttribute("aria-pressed", String(b.dataset.lang === state.lang)));
  $("panel-close").setAttribute("aria-label", t("closeSource"));
  renderStarters();
  renderHistory();
  showMode();
  document.querySelectorAll(".turn").forEach((turn) => { if (turn.answerData) renderFinal(turn, turn.answerData); });
}

function showMode() {
  const mode = $("mode");
  mode.classList.toggle("warn", Boolean(state.ready && !state.ready.ready));
  if (!state.ready) { mode.textContent = ""; return; }
  if (!state.ready.ready) { mode.textContent = t("notReady"); return; }
  mode.textContent = state.ready.mode === "generative" ? t("generative", state.ready.model?.name || "Mistral") : t("extractive");
}

async function loadReadiness() {
  try {
    const response = await fetch("/readyz");
    state.ready = await response.json();
    if (typeof state.ready.ready !== "boolean") state.ready.ready = response.ok;
  } catch (err) {
    state.ready = { ready: false };
  }
  showMode();
}

function renderStarters() {
  const list = $("starters");
  if (!list) return;
  list.replaceChildren(...t("starters").map((q) => el("li", {}, el("button", {
    type: "button", class: "starter", text: q, onclick: () => { if (!state.busy) ask(q); },
  }))));
}

// ---------- sources ----------

function escapeHtml(text) {
  return text.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c]));
}

function formatDate(iso) {
  if (!iso) return "";
  const [y, m, d] = iso.slice(0, 10).split("-");
  return state.lang === "fr" ? `${d}/${m}/${y}` : `${y}-${m}-${d}`;
}

function todayIso() {
  const now = new Date();
  return new Date(now.getTime() - now.getTimezoneOffset() * 60_000).toISOString().slice(0, 10);
}

/** in force / applicable from a future date / expired, from the dates and status rather than from the words. */
function validityState(citation) {
  const today = todayIso();
  if (citation.in_force === false) return "expired";
  if (citation.valid_until && citation.valid_until < today) return "expired";
  if (citation.valid_from && citation.valid_from > today) return "future";
  return "current";
}

/** The most precise official link: an article beats a code, a deep path beats a site's home page. */
function deepestReference(citation) {
  const refs = (citation.references || []).filter((r) => r.url);
  if (!refs.length) return { url: citation.url, label: citation.url };
  const score = (ref) => {
    let url;
    try { url = new URL(ref.url); } catch (err) { return -1; }
    const depth = url.pathname.split("/").filter(Boolean).length + (url.search ? 1 : 0) + (url.hash ? 2 : 0);
    const article = /LEGIARTI|\/article|[#?&](art|article)|art(icle)?[-_]?\d/i.test(ref.url) || /LEGIARTI/.test(ref.identifier || "") ? 5 : 0;
    return depth + article;
  };
  return refs.reduce((best, ref) => (score(ref) > score(best) ? ref : best), refs[0]);
}

function lastSection(section) {
  const parts = (section || "").split(" > ");
  return parts.length > 1 ? parts.slice(1).join(" › ") : parts[0];
}

function validityBadge(citation, text) {
  return el("span", { class: `validity ${validityState(citation)}`, "data-testid": "validity", text: text || citation.validity });
}

function originBadge(citation) {
  return el("span", {
    class: citation.editorial ? "origin editorial" : "origin official",
    "data-testid": "origin",
    title: citation.editorial ? t("editorialNote") : null,
    text: citation.editorial ? t("editorial") : t("official"),
  });
}

function citeButton(citation, extraClass = "") {
  const button = el("button", {
    type: "button",
    class: `cite ${extraClass} ${citation.supported === false ? "unsupported" : ""}`.trim(),
    "data-n": citation.n,
    "aria-label": t("openSource", citation.n, citation.title || citation.section),
    text: `[${citation.n}]`,
  });
  button.addEventListener("click", () => openCitation(citation, button));
  return button;
}

function sourceCard(citation) {
  const ref = deepestReference(citation);
  const link = el("a", { href: ref.url, target: "_blank", rel: "noopener", class: "official-link" }, `${ref.label || ref.url} ↗`);
  const meta = el("p", { class: "source-meta" }, originBadge(citation), " ", validityBadge(citation));
  if (citation.verified_on) meta.append(" ", el("span", { class: "verified", text: t("verified", formatDate(citation.verified_on)) }));
  return el("li", { class: "source-card", value: citation.n, "data-testid": "source-card" },
    citeButton(citation),
    el("div", { class: "source-body" },
      el("p", { class: "source-title", text: citation.title || citation.section }),
      el("p", { class: "source-section", text: lastSection(citation.section) }),
      meta,
      el("p", { class: "source-link" }, `${t("officialLink")} `, link)));
}

let lastCiteButton = null;

async function openCitation(citation, button) {
  lastCiteButton = button;
  const panel = $("panel");
  let chunk = { text: citation.quote, section: citation.section };
  try {
    const response = await fetch(`/api/chunks/${encodeURIComponent(citation.chunk_id)}`);
    if (response.ok) chunk = await response.json();
  } catch (err) { /* show the quote alone */ }
  $("panel-title").textContent = `[${citation.n}] ${citation.title || ""} — ${lastSection(chunk.section || citation.section)}`;
  $("panel-validity").replaceWith(Object.assign(validityBadge(citation, citation.validity || chunk.validity), { id: "panel-validity" }));
  $("panel-origin").replaceWith(Object.assign(originBadge(citation), { id: "panel-origin" }));
  $("panel-verified").textContent = citation.verified_on ? t("verified", formatDate(citation.verified_on)) : "";
  const ref = deepestReference(citation);
  const link = $("panel-link");
  link.href = ref.url;
  link.textContent = `${ref.label || ref.url} ↗`;
  const text = chunk.text || "";
  const at = citation.quote ? text.indexOf(citation.quote) : -1;
  const body = $("panel-text");
  body.lang = chunk.language || "fr";
  body.innerHTML = at < 0 ? escapeHtml(text)
    : escapeHtml(text.slice(0, at)) + `<mark data-testid="highlight">${escapeHtml(citation.quote)}</mark>` + escapeHtml(text.slice(at + citation.quote.length));
  panel.hidden = false;
  document.querySelector(".layout").classList.add("with-panel");
  $("panel-title").focus();
  const mark = panel.querySelector("mark");
  if (mark) mark.scrollIntoView({ block: "nearest" });
}

function closePanel() {
  if ($("panel").hidden) return;
  $("panel").hidden = true;
  document.querySelector(".layout").classList.remove("with-panel");
  if (lastCiteButton && lastCiteButton.isConnected) lastCiteButton.focus();
}

// ---------- answers ----------

function showAlert(message) {
  const alert = $("alert");
  alert.textContent = message || "";
  alert.hidden = !message;
}

function domainName(value) {
  if (!value) return t("filterAll");
  const option = [...$("domain").options].find((o) => o.value === value);
  return option ? option.textContent : value;
}

// Answer text with each [n] turned into a button that opens the cited passage.
function renderAnswerText(container, text, citations) {
  const byN = new Map((citations || []).map((c) => [c.n, c]));
  container.replaceChildren();
  const parts = text.split(/(\[\d{1,3}\])/);
  for (const part of parts) {
    const match = /^\[(\d{1,3})\]$/.exec(part);
    const citation = match && byN.get(Number(match[1]));
    container.append(citation ? citeButton(citation, "inline") : part);
  }
}

// Requests declined as such, not as questions the sources cannot answer: an attempt to change the assistant's rules
// (the rules stay, and what can be asked), help with an attack, a fraud or hiding what must be reported (the lawful
// question next to it).
const DECLINED = {
  injection: { text: "refusedInjection", desks: ["gnius"] },
  harm: { text: "refusedHarm", desks: ["gnius", "cnil"] },
};

// The desks a refused question is sent to (keys of LINKS, each named by its `<key>Link` text).
function deskLinks(...desks) {
  return el("ul", { class: "handoff-links" }, ...desks.map((desk) =>
    el("li", {}, el("a", { href: LINKS[desk], target: "_blank", rel: "noopener" }, t(`${desk}Link`)))));
}

function refusalCard(box, answer, turn) {
  const text = box.querySelector(".answer-text");
  const kept = { context: "refusedContext", acknowledgement: "refusedThanks", greeting: "refusedGreeting" };
  if (answer.refusal_reason in kept) {
    // the founder described their situation (noted for the next questions), thanked or greeted: nothing turned down
    box.classList.add("context");
    text.replaceChildren(el("p", { text: t(kept[answer.refusal_reason]) }));
    return;
  }
  const medical = answer.refusal_reason === "medical_advice";
  box.classList.add(medical ? "medical" : "out-of-scope");
  const declined = DECLINED[answer.refusal_reason];
  if (declined) {
    text.replaceChildren(el("p", { text: t(declined.text) }), el("p", { class: "handoff-title", text: t("whoToAsk") }),
      deskLinks(...declined.desks));
    return;
  }
  const to = !medical && answer.referral;
  if (to) {
    // a question of a neighbouring field (tax, trademarks, employment…): name it, and whom to ask instead
    text.replaceChildren(el("p", { text: t("refusedField", to.name) }));
    if (to.who) {
      text.append(el("p", { class: "handoff-title", text: t("whoToAsk") }), el("ul", { class: "handoff-links" },
        el("li", {}, to.url ? el("a", { href: to.url, target: "_blank", rel: "noopener" }, to.who) : to.who)));
    }
    if (to.ours) text.append(el("p", { text: to.ours }));
    return;
  }
  text.replaceChildren(el("p", { text: medical ? t("refusedMedical") : t("refusedScope") }));
  if (!medical) {
    const links = deskLinks("gnius", "ars", "cnil");
    if (turn.dataset.domain) {
      text.append(el("p", { text: t("refusedFilter", domainName(turn.dataset.domain)) }),
        el("button", { type: "button", class: "secondary widen", text: t("widen"), onclick: () => {
          $("domain").value = "";
          ask(turn.dataset.question);
        } }));
    }
    text.append(el("p", { class: "handoff-title", text: t("whoToAsk") }), links);
  }
}

function renderFinal(turn, answer) {
  const box = turn.querySelector(".answer");
  box.classList.toggle("refused", answer.refused);
  box.dataset.answerId = answer.answer_id || "";
  box.dataset.mode = answer.mode;
  box.querySelector(".progress")?.remove();
  turn.answerData = answer; // re-rendered when the language changes
  box.querySelector(".badge-mode").textContent = answer.refused
    ? ({ medical_advice: t("badgeMedical"), harm: t("badgeHarm"), injection: t("badgeHarm"), context: t("badgeContext"), acknowledgement: t("badgeThanks"), greeting: t("badgeGreeting") }[
      answer.refusal_reason] || t("badgeRefused"))
    : answer.mode === "generative" ? t("badgeGenerative", answer.model || "Mistral") : t("badgeExtractive");
  box.querySelector(".filter").textContent = turn.dataset.domain !== undefined ? t("filter", domainName(turn.dataset.domain)) : "";
  const text = box.querySelector(".answer-text");
  if (answer.refused) refusalCard(box, answer, turn);
  else {
    renderAnswerText(text, answer.answer, answer.citations);
    if (answer.mode === "extractive") text.lang = "fr"; // quotes are in the sources' language
  }

  box.querySelector(".verified-answer")?.remove();
  if (answer.verified) {
    // An adviser's validated answer, served first: say who checked it and when, above the text.
    box.querySelector(".badge").after(el("div", { class: "verified-answer", "data-testid": "verified-answer" },
      el("p", { class: "verified-label", text: `✔ ${answer.verified.label}` }),
      answer.verified.note ? el("p", { class: "verified-note", text: answer.verified.note }) : null));
  }
  const label = answer.verified ? `« ${answer.verified.label} ».` : null;
  const notices = box.querySelector(".notices");
  notices.replaceChildren(...(answer.notices || []).filter((n) => n !== label).map((n) => el("li", { text: n })));
  const checks = box.querySelector(".checks");
  checks.replaceChildren(...(answer.answer_checks || []).filter((c) => c.supported === false)
    .map((c) => el("p", { text: `⚠ ${t("unsupported")} : « ${c.sentence} »` })));

  const citations = answer.refused ? [] : answer.citations || [];
  const title = box.querySelector(".sources-title");
  title.textContent = t("sources");
  title.hidden = !citations.length;
  box.querySelector(".sources").replaceChildren(...citations.map(sourceCard));
  renderActions(box, turn, answer);
}

function copyText(turn, answer) {
  const lines = [
    `${t("asked")} : ${turn.dataset.question}`,
    `${formatDate(answer.created_at || todayIso())}${turn.dataset.domain ? ` · ${t("filter", domainName(turn.dataset.domain))}` : ""}`,
    "",
    `${t("answered")} :`,
    answer.answer,
  ];
  const citations = answer.citations || [];
  if (citations.length) {
    lines.push("", `${t("sources")} :`);
    for (const c of citations) {
      const ref = deepestReference(c);
      const origin = c.editorial ? t("editorial") : t("official");
      const verified = c.verified_on ? `, ${t("verified", formatDate(c.verified_on))}` : "";
      lines.push(`[${c.n}] ${c.title} — ${lastSection(c.section)} (${origin}, ${c.validity}${verified}) ${ref.url}`);
    }
  }
  return lines.join("\n");
}

function renderActions(box, turn, answer) {
  const actions = box.querySelector(".actions");
  const status = el("span", { class: "feedback-status", role: "status", "data-testid": "feedback-status" });
  const comment = box.querySelector(".comment");
  comment.querySelector(".comment-label").textContent = t("commentLabel");
  comment.querySelector("button").textContent = t("commentSend");
  const thumbs = ["up", "down"].map((rating) => el("button", {
    type: "button", class: "thumb", "data-rating": rating, "aria-pressed": "false", "data-testid": `thumb-${rating}`,
    "aria-label": t(`${rating}Name`), text: t(rating),
  }));
  thumbs.forEach((thumb) => thumb.addEventListener("click", () => {
    thumbs.forEach((b) => b.setAttribute("aria-pressed", String(b === thumb)));
    if (thumb.dataset.rating === "down") { comment.hidden = false; comment.querySelector("input").focus(); }
    else comment.hidden = true;
    sendFeedback(box, status, thumb.dataset.rating, null, "thanks");
  }));
  comment.onsubmit = async (event) => {
    event.preventDefault();
    const value = comment.querySelector("input").value || null;
    comment.hidden = true;
    thumbs[1].focus(); // back to the button that opened the box
    await sendFeedback(box, status, "down", value, "commentThanks");
  };
  const children = [];
  if (answer.answer_id) children.push(...thumbs);
  if (!answer.refused) {
    const copyStatus = el("span", { class: "copy-status", role: "status" });
    children.push(el("button", {
      type: "button", class: "copy secondary", "aria-label": t("copyName"), text: t("copy"), "data-testid": "copy",
      onclick: async () => {
        try { await navigator.clipboard.writeText(copyText(turn, answer)); } catch (err) { /* clipboard may be unavailable */ }
        copyStatus.textContent = t("copied");
      },
    }), copyStatus);
  }
  if (answer.answer_id && !box.dataset.handoff) children.push(el("button", {
    type: "button", class: "secondary handoff-open", "data-testid": "handoff", text: t("handoff"),
    "aria-expanded": "false", onclick: (event) => toggleHandoff(box, event.currentTarget),
  }));
  for (const offer of answer.checkers || []) {
    // the checker keeps its profile in this conversation: what the question said waits there to be confirmed
    const query = new URLSearchParams({ checker: offer.checker, prefill: JSON.stringify(offer.prefill || {}) });
    const conversation = answer.conversation_id || state.conversationId;
    if (conversation) query.set("conversation", conversation);
    children.push(el("a", {
      class: "checker-offer", "data-testid": "checker-offer", href: `/static/checkers.html?${query}`,
      text: `${t("checkerOffer")} ${offer.title}`,
    }));
  }
  children.push(status);
  actions.replaceChildren(...children);
  actions.hidden = false;
}

/** « Demander à un conseiller »: consent first, then the adviser's reply appears in this conversation. */
function toggleHandoff(box, opener) {
  const existing = box.querySelector(".handoff-form");
  if (existing) { existing.remove(); opener.setAttribute("aria-expanded", "false"); opener.focus(); return; }
  const consent = el("input", { type: "checkbox", name: "consent", required: true });
  const email = el("input", { type: "email", name: "email", maxlength: "254", autocomplete: "email" });
  const message = el("textarea", { name: "message", maxlength: "4000", rows: "2" });
  const error = el("p", { class: "error-text", role: "alert", hidden: true });
  const form = el("form", { class: "handoff-form", "data-testid": "handoff-form", novalidate: true },
    el("p", { text: t("handoffIntro") }),
    el("label", { class: "check" }, consent, ` ${t("handoffConsent")}`),
    el("label", {}, t("handoffEmail"), email),
    el("label", {}, t("handoffMessage"), message),
    error,
    el("div", { class: "row" },
      el("button", { type: "button", class: "secondary", text: t("cancel"), onclick: () => toggleHandoff(box, opener) }),
      el("button", { type: "submit", class: "primary", text: t("handoffSend") })));
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    error.hidden = true;
    if (!consent.checked) { error.textContent = t("handoffNeedConsent"); error.hidden = false; consent.focus(); return; }
    let response;
    try {
      response = await fetch("/api/handoffs", {
        method: "POST", headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ answer_id: box.dataset.answerId, consent: true, email: email.value.trim() || null, message: message.value.trim() || null }),
      });
    } catch (err) { error.textContent = t("errNetwork"); error.hidden = false; return; }
    if (!response.ok) {
      let detail = "";
      try { detail = (await response.json()).error.message; } catch (err) { /* not JSON */ }
      error.textContent = response.status === 400 && detail ? t("errBad", detail) : await errorMessage(response);
      error.hidden = false;
      return;
    }
    const handoff = await response.json();
    form.remove();
    opener.remove();
    showHandoff(box, handoff, true);
  });
  box.querySelector(".actions").after(form);
  opener.setAttribute("aria-expanded", "true");
  consent.focus();
}

function showHandoff(box, handoff, justSent = false) {
  const note = el("div", { class: `handoff-note ${handoff.status}`, "data-testid": "handoff-note", tabindex: "-1" });
  if (handoff.status === "answered" && handoff.reply) {
    note.append(el("p", { class: "handoff-title", text: t("handoffReply", formatDate(handoff.replied_at)) }),
      el("p", { class: "handoff-reply", text: handoff.reply }));
  } else {
    note.append(el("p", { text: justSent ? t("handoffSent") : t("handoffOpen", formatDate(handoff.created_at)) }));
  }
  box.append(note);
  box.dataset.handoff = handoff.status;
  box.querySelector(".handoff-open")?.remove();
  if (justSent) note.focus();
}

async function sendFeedback(box, status, rating, comment, thanksKey) {
  try {
    const response = await fetch("/api/feedback", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ answer_id: box.dataset.answerId, rating, comment }),
    });
    status.textContent = response.ok ? t(thanksKey) : await errorMessage(response);
  } catch (err) {
    status.textContent = t("errNetwork");
  }
}

async function errorMessage(response) {
  let message = "";
  try { message = (await response.json()).error.message; } catch (err) { /* not JSON */ }
  if (response.status === 429) return t("errRate");
  if (response.status === 503) return t("errNotReady");
  if (response.status === 404) return t("errGone");
  if (response.status === 400 || response.status === 413) return t("errBad", message || response.status);
  return t("errServer");
}

// Server-Sent Events over a POST: read the body stream and split it into events.
async function* readEvents(response) {
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let buffer = "";
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    buffer += decoder.decode(value, { stream: true }).replace(/\r\n/g, "\n");
    let cut;
    while ((cut = buffer.indexOf("\n\n")) >= 0) {
      const block = buffer.slice(0, cut);
      buffer = buffer.slice(cut + 2);
      let name = "message";
      const data = [];
      for (const line of block.split("\n")) {
        if (line.startsWith("event:")) name = line.slice(6).trim();
        else if (line.startsWith("data:")) data.push(line.slice(5).trim());
      }
      if (data.length) yield { name, data: JSON.parse(data.join("\n")) };
    }
  }
}

function newTurn(question, domain) {
  const turn = $("turn-template").content.firstElementChild.cloneNode(true);
  turn.dataset.question = question;
  if (domain !== undefined) turn.dataset.domain = domain;
  turn.querySelector(".user-question").textContent = question;
  $("empty").hidden = true;
  $("conversation").appendChild(turn);
  return turn;
}

function failTurn(turn, message, question) {
  const box = turn.querySelector(".answer");
  box.classList.add("failed");
  box.querySelector(".progress")?.remove();
  const text = box.querySelector(".answer-text");
  text.removeAttribute("aria-live");
  text.removeAttribute("aria-busy");
  const retry = el("button", { type: "button", class: "retry", "data-testid": "retry", text: t("retry") });
  retry.addEventListener("click", () => {
    turn.remove();
    $("question").value = "";
    ask(question);
  });
  text.replaceChildren(el("p", { class: "error-text", role: "alert", text: message }), retry);
  const box2 = $("question");
  if (!box2.value.trim()) box2.value = question; // keep the founder's work
}

async function ask(question) {
  if (state.busy) return;
  state.busy = true;
  $("send").disabled = true;
  showAlert("");
  closePanel();
  document.querySelectorAll(".answer-text[aria-live]").forEach((node) => node.removeAttribute("aria-live"));
  const domain = $("domain").value;
  const turn = newTurn(question, domain);
  const box = turn.querySelector(".answer");
  const progress = box.querySelector(".progress-text");
  progress.textContent = t("searching");
  const text = box.querySelector(".answer-text");
  text.setAttribute("aria-live", "polite"); // the streamed answer alone is announced
  text.setAttribute("aria-busy", "true");
  turn.scrollIntoView({ block: "start", behavior: "smooth" });

  const controller = new AbortController();
  let stalled = false;
  let timer = setTimeout(() => { stalled = true; controller.abort(); }, STALL_MS);
  const alive = () => { clearTimeout(timer); timer = setTimeout(() => { stalled = true; controller.abort(); }, STALL_MS); };
  let finished = false;
  try {
    const response = await fetch("/api/chat", {
      method: "POST",
      headers: { "Content-Type": "application/json", Accept: "text/event-stream" },
      body: JSON.stringify({ question, conversation_id: state.conversationId, domains: domain ? [domain] : [] }),
      signal: controller.signal,
    });
    if (!response.ok) {
      if (response.status === 404 && state.conversationId) setConversation(null);
      failTurn(turn, await errorMessage(response), question);
      return;
    }
    let streamed = "";
    for await (const event of readEvents(response)) {
      alive();
      if (event.name === "token") {
        streamed += event.data.text;
        text.textContent = streamed;
        progress.textContent = t("writing", streamed.trim().split(/\s+/).length);
      } else if (event.name === "final") {
        finished = true;
        rememberDomain(event.data.answer_id, domain);
        setConversation(event.data.conversation_id);
        renderFinal(turn, event.data);
        text.setAttribute("aria-busy", "false");
        turn.scrollIntoView({ block: "start" });
        loadHistory();
      } else if (event.name === "error") {
        finished = true;
        failTurn(turn, t("errServer"), question);
      }
    }
    if (!finished) failTurn(turn, t("errTimeout"), question);
  } catch (err) {
    if (!finished) failTurn(turn, stalled ? t("errTimeout") : t("errNetwork"), question);
  } finally {
    clearTimeout(timer);
    state.busy = false;
    $("send").disabled = false;
  }
}

// ---------- conversations ----------

function rememberDomain(answerId, domain) {
  if (!answerId) return;
  const map = JSON.parse(localStorage.getItem("answerDomains") || "{}");
  map[answerId] = domain;
  localStorage.setItem("answerDomains", JSON.stringify(map));
}

function setConversation(id) {
  state.conversationId = id;
  if (id) localStorage.setItem("conversation", id);
  else localStorage.removeItem("conversation");
  renderHistory();
}

function clearScreen() {
  closePanel();
  $("conversation").querySelectorAll(".turn").forEach((turn) => turn.remove());
  $("empty").hidden = false;
  $("conversation-title").hidden = true;
  showAlert("");
}

// Only the latest request's list is shown: the one asked for at page load can arrive after the one asked for when
// the first answer came (a slow network, a busy server), and would empty the list.
let historyRequests = 0;

async function loadHistory() {
  const request = ++historyRequests;
  let conversations;
  try {
    const response = await fetch("/api/conversations");
    conversations = response.ok ? await response.json() : [];
  } catch (err) {
    conversations = [];
  }
  if (request !== historyRequests) return;
  state.conversations = conversations;
  renderHistory();
}

function conversationTitle(c) { return c.title || t("untitled"); }

function renderHistory() {
  const list = $("history-list");
  if (!list) return;
  const items = state.conversations.map((c) => {
    const title = conversationTitle(c);
    const current = c.conversation_id === state.conversationId;
    const openButton = el("button", {
      type: "button", class: "history-open", "aria-current": current ? "true" : null,
      onclick: () => openConversation(c.conversation_id),
    }, el("span", { class: "history-title", text: title }),
    el("span", { class: "history-meta", text: `${formatDate(c.updated_at)} · ${t("turns", c.turns)}` }));
    const li = el("li", { class: "history-item", "data-testid": "history-item", "data-id": c.conversation_id }, openButton,
      el("div", { class: "history-tools" },
        el("button", { type: "button", class: "icon-text", "aria-label": t("renameName", title), text: "✎", title: t("rename"),
          onclick: () => startRename(li, c) }),
        el("button", { type: "button", class: "icon-text", "aria-label": t("deleteName", title), text: "✕", title: t("delete"),
          onclick: () => deleteConversation(c) })));
    return li;
  });
  list.replaceChildren(...items);
  $("history-empty").hidden = items.length > 0;
  $("history-count").textContent = items.length ? `(${items.length})` : "";
  const currentRow = state.conversations.find((c) => c.conversation_id === state.conversationId);
  const heading = $("conversation-title");
  heading.hidden = !currentRow;
  if (currentRow) heading.textContent = conversationTitle(currentRow);
}

function startRename(li, conversation) {
  const input = el("input", { type: "text", maxlength: "200", value: conversationTitle(conversation), "aria-label": t("titleLabel") });
  const form = el("form", { class: "rename" }, input,
    el("button", { type: "submit", text: t("save") }),
    el("button", { type: "button", class: "secondary", text: t("cancel"), onclick: () => {
      renderHistory();
      focusHistoryItem(conversation.conversation_id, ".icon-text");
    } }));
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const title = input.value.trim();
    if (!title) return;
    const response = await fetch(`/api/conversations/${encodeURIComponent(conversation.conversation_id)}`, {
      method: "PATCH", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ title }),
    });
    if (!response.ok) showAlert(await errorMessage(response));
    await loadHistory();
    focusHistoryItem(conversation.conversation_id, ".history-open");
  });
  li.replaceChildren(form);
  input.focus();
  input.select();
}

function focusHistoryItem(id, selector) {
  const row = [...document.querySelectorAll(".history-item")].find((li) => li.dataset.id === id);
  row?.querySelector(selector)?.focus();
}

async function deleteConversation(conversation) {
  if (!(await confirmDialog(t("confirmDelete", conversationTitle(conversation))))) return;
  const response = await fetch(`/api/conversations/${encodeURIComponent(conversation.conversation_id)}`, { method: "DELETE" });
  if (!response.ok && response.status !== 404) { showAlert(await errorMessage(response)); return; }
  if (conversation.conversation_id === state.conversationId) { setConversation(null); clearScreen(); }
  await loadHistory();
  $("new").focus();
}

async function openConversation(id, quiet = false) {
  let conversation;
  try {
    const response = await fetch(`/api/conversations/${encodeURIComponent(id)}`);
    if (!response.ok) {
      if (response.status === 404 && id === state.conversationId) setConversation(null);
      if (!quiet) showAlert(t("errLoad"));
      return;
    }
    conversation = await response.json();
  } catch (err) {
    if (!quiet) showAlert(t("errLoad"));
    return;
  }
  clearScreen();
  setConversation(conversation.conversation_id);
  const domains = JSON.parse(localStorage.getItem("answerDomains") || "{}");
  for (const detail of conversation.turns_detail || []) {
    const turn = newTurn(detail.question, domains[detail.answer_id]);
    renderFinal(turn, { ...detail, conversation_id: conversation.conversation_id });
    const box = turn.querySelector(".answer");
    (conversation.handoffs || []).filter((h) => h.answer_id === detail.answer_id).forEach((h) => showHandoff(box, h));
  }
  renderHistory();
  if (!quiet) {
    const last = $("conversation").querySelector(".turn:last-of-type");
    last?.scrollIntoView({ block: "start" });
    $("question").focus();
  }
}

function confirmDialog(message) {
  const dialog = $("confirm");
  $("confirm-text").textContent = message;
  $("confirm-ok").textContent = t("ok");
  $("confirm-cancel").textContent = t("cancel");
  const opener = document.activeElement;
  return new Promise((resolve) => {
    dialog.addEventListener("close", () => {
      if (opener && opener.isConnected) opener.focus();
      resolve(dialog.returnValue === "ok");
    }, { once: true });
    dialog.returnValue = "";
    dialog.showModal();
    $("confirm-cancel").focus();
  });
}

async function newConversation() {
  const draft = $("question").value.trim();
  const hasTurns = $("conversation").querySelector(".turn") !== null;
  if ((hasTurns || draft) && !(await confirmDialog(draft ? t("confirmNewDraft") : t("confirmNew")))) return;
  setConversation(null);
  clearScreen();
  $("question").value = "";
  $("question").focus();
}

document.addEventListener("DOMContentLoaded", () => {
  if (window.matchMedia("(min-width: 761px)").matches) $("history-box").open = true;
  applyLanguage();
  loadReadiness();
  loadHistory();
  const saved = localStorage.getItem("conversation");
  if (saved) openConversation(saved, true);
  document.querySelectorAll(".lang button").forEach((b) => b.addEventListener("click", () => {
    state.lang = b.dataset.lang;
    localStorage.setItem("lang", state.lang);
    applyLanguage();
  }));
  $("ask").addEventListener("submit", (event) => {
    event.preventDefault();
    const question = $("question").value.trim();
    if (!question || state.busy) return;
    $("question").value = "";
    ask(question);
  });
  $("question").addEventListener("keydown", (event) => {
    if (event.key === "Enter" && !event.shiftKey && !event.isComposing) { event.preventDefault(); $("ask").requestSubmit(); }
  });
  $("new").addEventListener("click", newConversation);
  $("panel-close").addEventListener("click", closePanel);
  document.addEventListener("keydown", (event) => { if (event.key === "Escape" && !$("panel").hidden && !$("confirm").open) closePanel(); });
});
