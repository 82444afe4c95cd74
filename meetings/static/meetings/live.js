// The live session screen. The server owns time and state: this draws them.
(function () {
  "use strict";
  const cfg = JSON.parse(document.getElementById("live-config").textContent);
  let state = JSON.parse(document.getElementById("live-state").textContent);
  let offset = state.server_now * 1000 - Date.now(); // server clock minus ours, in ms
  let socket = null;
  let retries = 0;
  let retryTimer = null;
  let lastPong = Date.now();
  let beeped = null;
  let boxKey = null;
  let boxPhase = ""; // the phase the box was drawn for: what its text was written for
  const $ = (id) => document.getElementById(id);
  const KIND_LABEL = {
    question: "Your question", request: "Your request to the consultants",
    advice: "Your advice, parallel or intuition", action: "An action you commit to",
    lesson: "What you learned", update: "Your update",
    feedback: "Your feedback: what you saw or heard, and one thing to try",
    note: "A note for the two of you",
  };
  const KIND_TITLE = {
    question: "Questions", request: "The request", advice: "Advice", action: "Action plan",
    lesson: "Lessons", update: "Updates", feedback: "Feedback", note: "Notes",
  };

  function el(tag, attrs, text) {
    const node = document.createElement(tag);
    Object.entries(attrs || {}).forEach(([k, v]) => node.setAttribute(k, v));
    if (text !== undefined) node.textContent = text;
    return node;
  }
  function person(id) { return state.participants.find((p) => p.id === id); }
  function me() { return person(cfg.me); }
  function isFacilitator() { return state.facilitator_id === cfg.me; }
  function currentPhase() { return state.current ? state.phases[state.current.phase_index] : null; }
  function typing() {
    const text = $("text");
    return document.activeElement === text && text.value.trim() !== "";
  }

  function connect() {
    clearTimeout(retryTimer);
    if (socket && socket.readyState <= WebSocket.OPEN) return;
    const scheme = location.protocol === "https:" ? "wss" : "ws";
    socket = new WebSocket(`${scheme}://${location.host}/ws/meetings/${cfg.id}/`);
    socket.onopen = () => { retries = 0; lastPong = Date.now(); connection(true); ping(); };
    socket.onmessage = (event) => {
      const message = JSON.parse(event.data);
      if (message.type === "state") apply(message.state);
      if (message.type === "pong" && message.version > state.version) {
        socket.send(JSON.stringify({ type: "sync" })); // a change never reached this screen
      }
      if (message.type === "pong" && message.t0) {
        const now = Date.now();
        lastPong = now;
        offset = message.server_ms + (now - message.t0) / 2 - now;
      }
    };
    socket.onclose = (event) => {
      if (event.code >= 4400 && event.code < 4500) { // signed out or no longer allowed in
        $("conn").textContent = event.code === 4401
          ? "signed out: sign in again to rejoin" : "closed: you are no longer in this session";
        return;
      }
      connection(false);
      retryTimer = setTimeout(connect, Math.min(10000, 500 * 2 ** retries++));
    };
  }
  function ping() {
    if (!socket || socket.readyState !== WebSocket.OPEN) return;
    if (Date.now() - lastPong > 25000) { socket.close(); return; } // a silent, dead connection
    socket.send(JSON.stringify({ type: "ping", t0: Date.now() }));
  }
  // A phone entering a tunnel: drop the socket now, and reconnect the moment the network is back
  // (the server then sends the whole state again).
  window.addEventListener("offline", () => { if (socket) socket.close(); });
  window.addEventListener("online", () => { retries = 0; lastPong = Date.now(); connect(); });
  function connection(up) {
    const conn = $("conn");
    conn.textContent = up ? (state && isOver() ? "ended" : "live") : "reconnecting…";
    conn.dataset.up = up ? "1" : "0";
  }

  function apply(next) {
    if (next.version < state.version) return; // an older state arriving late
    state = next;
    render();
    refreshPhaseData();
  }

  // A 1:1's phase data (drawn by the server) follows what the other person recorded, such as
  // a solution chart: the open panel is read again when a state arrives.
  let refreshing = false;
  async function refreshPhaseData() {
    const open = document.querySelector("[data-phase-data]:not([hidden])");
    // The coach's own panel holds a form being filled in: never redrawn under their fingers.
    if (!open || refreshing || open.querySelector("form")) return;
    refreshing = true;
    try {
      const response = await fetch(window.location.pathname, { headers: { Accept: "text/html" } });
      const page = new DOMParser().parseFromString(await response.text(), "text/html");
      const fresh = page.querySelector(`[data-phase-data="${open.dataset.phaseData}"]`);
      if (fresh) open.innerHTML = fresh.innerHTML;
    } catch (error) {
      // offline: the panel stays as it is until the next state
    } finally {
      refreshing = false;
    }
  }

  // Over: ended live, or recorded afterwards (a written 1:1).
  function isOver() {
    return state.status === "ended" || state.status === "written";
  }

  function render() {
    $("live").dataset.status = state.status;
    renderPhases(); renderHeader(); renderControls(); renderBox(); renderCreditAdvice();
    renderFeed(); renderPeople();
    $("ended").hidden = !isOver();
    // Over, or taken back from the end by the facilitator's Back: the label follows.
    if ($("conn").dataset.up === "1") $("conn").textContent = isOver() ? "ended" : "live";
    if (cfg.record) $("record-link").href = cfg.record;
    tick();
  }

  function renderPhases() {
    const list = $("phases");
    list.replaceChildren();
    state.phases.forEach((phase, index) => {
      const item = el("li", {}, phase.title);
      const current = state.current && state.current.phase_index === index;
      if (current) item.setAttribute("aria-current", "step");
      if ((state.current && index < state.current.phase_index) || isOver()) {
        item.className = "done";
      }
      list.appendChild(item);
    });
    // On a phone the strip scrolls sideways: keep the current phase in view (the strip only,
    // never the page the person is reading).
    const current = list.querySelector("[aria-current]");
    if (current && list.scrollWidth > list.clientWidth) {
      const box = list.getBoundingClientRect();
      const item = current.getBoundingClientRect();
      list.scrollLeft += item.left - box.left - Math.max(0, (box.width - item.width) / 2);
    }
  }

  function renderHeader() {
    const phase = currentPhase();
    $("phase-title").textContent = phase ? phase.title
      : isOver() ? "Session over"
        : isFacilitator() ? "Start the session when everyone is here" : "Waiting for the facilitator to start";
    $("guidance").textContent = phase ? phase.guidance : state.rules.join(" ");
    // A 1:1's phases bring their data (results, clips, commitments, the solution chart).
    document.querySelectorAll("[data-phase-data]").forEach((part) => {
      part.hidden = !(phase && part.dataset.phaseData === phase.key);
    });
    const prompts = $("prompts");
    if (prompts) {
      prompts.replaceChildren(...(phase && phase.prompts ? phase.prompts : []).map((q) => el("li", {}, q)));
      prompts.hidden = !(phase && phase.prompts && phase.prompts.length);
    }
    let turn = "";
    if (state.current && state.current.speaker_id) {
      const speaker = person(state.current.speaker_id);
      const name = speaker ? (speaker.id === cfg.me ? "You" : speaker.name) : "";
      if (phase && phase.about_turn) {
        const whose = speaker && speaker.id === cfg.me ? "your" : `${name}'s`;
        turn = `Feedback on ${whose} turn` +
          (state.current.turns ? ` (${state.current.turn} of ${state.current.turns})` : "");
      } else {
        const speaks = speaker && speaker.id === cfg.me ? "You speak" : `${name} speaks`;
        turn = state.current.turns
          ? `Turn ${state.current.turn} of ${state.current.turns}: ${speaks}` : speaks;
      }
    }
    if (state.waiting_for && state.waiting_for.length) {
      turn += `${turn ? ". " : ""}Not here yet: ${state.waiting_for.join(", ")}; ` +
        "their turn comes when they join.";
    }
    $("turn").textContent = turn;
  }

  function renderControls() {
    const controls = $("controls");
    controls.hidden = !isFacilitator();
    if (controls.hidden) return;
    const live = state.status === "running" || state.status === "paused";
    const show = {
      start: state.status === "waiting", back: state.can_go_back, advance: live,
      skip: live && state.current && state.current.turns, pause: state.status === "running",
      resume: state.status === "paused", extend: live,
    };
    controls.querySelectorAll("[data-move]").forEach((button) => {
      button.hidden = !show[button.dataset.move];
    });
    // Rebuilt only when the people change: a presence update must not close an open list.
    const handover = $("handover");
    const others = state.participants.filter((p) => p.id !== cfg.me);
    const key = others.map((p) => `${p.id}:${p.role}`).join(",");
    if (handover.dataset.key === key) return;
    handover.dataset.key = key;
    handover.replaceChildren(el("option", { value: "" }, "…"));
    others.forEach((p) => {
      handover.appendChild(el("option", { value: p.id }, `${p.name} (${p.role})`));
    });
  }

  function allowedKinds() {
    const phase = currentPhase();
    const mine = me();
    if (!phase || !mine || !(state.status === "running" || state.status === "paused")) return [];
    const roles = [mine.role].concat(isFacilitator() ? ["facilitator"] : []);
    if (!phase.contributors.some((role) => roles.includes(role))) return [];
    return phase.accepts;
  }

  function renderBox() {
    const kinds = allowedKinds();
    const key = `${state.current ? state.current.phase_index : "-"}:${kinds.join(",")}`;
    if (key === boxKey) return;
    if (typing()) {
      // Follow the facilitator, but never under someone's fingers: keep their text, and say
      // truly what sending it now does.
      const phase = currentPhase();
      const kind = (KIND_TITLE[$("kind").value] || "contribution").toLowerCase();
      $("moved-on").textContent = !phase
        ? "The session is over: copy your text to keep it."
        : kinds.includes($("kind").value)
          ? `The facilitator moved on to “${phase.title}”. Your text is kept: send it when ready.`
          : `The facilitator moved on to “${phase.title}”. Your text is kept: send it and it ` +
            `goes into the record as late ${kind}.`;
      $("moved-on").hidden = false;
      return;
    }
    boxKey = key;
    boxPhase = currentPhase() ? currentPhase().key : "";
    $("moved-on").hidden = true;
    $("box").hidden = kinds.length === 0;
    if (!kinds.length) return;
    const choice = $("kind-choice");
    choice.replaceChildren();
    choice.hidden = kinds.length < 2;
    kinds.forEach((k, index) => {
      const label = el("label", { class: "kind-choice__option" });
      const radio = el("input", { type: "radio", name: "kind-pick", value: k });
      if (index === 0) radio.checked = true;
      radio.addEventListener("change", () => chooseKind(k));
      label.append(radio, ` ${KIND_TITLE[k] || k}`);
      choice.appendChild(label);
    });
    chooseKind(kinds[0]);
    const owner = $("owner");
    owner.replaceChildren();
    state.participants.forEach((p) => {
      const option = el("option", { value: p.id }, p.id === cfg.me ? `${p.name} (me)` : p.name);
      if (p.id === cfg.me) option.selected = true;
      owner.appendChild(option);
    });
  }

  function chooseKind(kind) {
    $("kind").value = kind;
    $("text-label").textContent = KIND_LABEL[kind] || "Your contribution";
    $("action-fields").hidden = kind !== "action";
    if (kind === "action") renderCreditAdvice();
  }

  // The advice given in this session, by others, can be credited in an action item.
  let creditKey = null;
  function renderCreditAdvice() {
    const advice = state.contributions.filter((c) => c.kind === "advice" && c.author_id !== cfg.me);
    const key = advice.map((c) => c.id).join(",");
    if (key === creditKey || document.activeElement === $("credit")) return;
    creditKey = key;
    const group = $("credit-advice");
    const chosen = $("credit").value;
    group.replaceChildren();
    advice.forEach((c) => {
      const text = c.text.length > 60 ? `${c.text.slice(0, 59)}…` : c.text;
      group.appendChild(el("option", { value: `advice:${c.id}` }, `${c.author}: ${text}`));
    });
    group.hidden = !advice.length;
    $("credit").value = chosen;
    if ($("credit").value !== chosen) $("credit").value = "";
  }

  function renderFeed() {
    const feed = $("feed");
    feed.replaceChildren();
    const groups = {};
    // Actions are listed below with their owner and due date.
    state.contributions.filter((c) => c.kind !== "action")
      .forEach((c) => { (groups[c.kind] = groups[c.kind] || []).push(c); });
    const kinds = Object.keys(groups);
    if (!kinds.length && !state.actions.length) feed.appendChild(el("p", { class: "muted" }, "Nothing yet."));
    kinds.forEach((kind) => {
      feed.appendChild(el("h3", {}, `${KIND_TITLE[kind] || kind} (${groups[kind].length})`));
      if (kind === "question" && isFacilitator()) feed.appendChild(questionCounts(groups[kind]));
      const list = el("ul", { class: `feed__list feed__list--${kind}` });
      groups[kind].forEach((c) => {
        const item = el("li", { "data-kind": kind }, c.text);
        if (c.label) item.appendChild(el("span", { class: `qlabel qlabel--${c.label}`, "data-label": c.label }, LABEL[c.label] || c.label));
        if (c.late) item.appendChild(el("span", { class: "tag" }, "late"));
        item.appendChild(el("span", { class: "muted" }, ` — ${c.author}`));
        const phase = currentPhase();
        if (c.author_id === cfg.me && phase && c.phase === phase.key && isLive()) {
          item.appendChild(withdrawButton(c.id));
        }
        list.appendChild(item);
      });
      feed.appendChild(list);
    });
    if (state.actions.length) {
      feed.appendChild(el("h3", {}, `Action plan (${state.actions.length})`));
      const list = el("ul", { class: "feed__list" });
      state.actions.forEach((a) => {
        const day = a.due_on ? new Date(`${a.due_on}T12:00:00`) : null;
        const due = day ? `, by ${day.toLocaleDateString(undefined, {
          weekday: "short", day: "numeric", month: "short",
          year: day.getFullYear() === new Date().getFullYear() ? undefined : "numeric",
        })}` : "";
        const item = el("li", {}, `${a.what} — ${a.owner}${due}`);
        if (a.success) item.appendChild(el("span", { class: "muted" }, ` · success: ${a.success}`));
        if (a.credit) item.appendChild(el("span", { class: "credit" }, ` Thanks to ${a.credit}.`));
        if (a.writer_id === cfg.me && a.contribution_id && isLive()) {
          item.appendChild(withdrawButton(a.contribution_id, "Remove"));
        }
        list.appendChild(item);
      });
      feed.appendChild(list);
    }
  }

  function isLive() { return state.status === "running" || state.status === "paused"; }
  function withdrawButton(id, label) {
    const button = el("button", { type: "button", class: "button button--small button--quiet", "data-withdraw": id }, label || "Withdraw");
    button.setAttribute("aria-label", `${label || "Withdraw"} what you wrote`);
    return button;
  }
  $("feed").addEventListener("click", async (event) => {
    const button = event.target.closest("[data-withdraw]");
    if (!button) return;
    const data = new FormData();
    data.append("contribution", button.dataset.withdraw);
    const result = await post("withdraw", data);
    if (!result.ok) showError(result.error, true);
  });

  const LABEL = { open: "open", closed: "closed", advice: "advice?", abstract: "abstract", concrete: "concrete" };
  // The facilitator sees the mix of questions, to steer the group back to open ones.
  function questionCounts(questions) {
    const counts = { open: 0, closed: 0, advice: 0 };
    questions.forEach((q) => { if (q.label in counts) counts[q.label] += 1; });
    const box = el("p", { class: "qcounts", id: "qcounts" });
    Object.entries(counts).forEach(([label, n]) => {
      box.appendChild(el("span", { class: `qlabel qlabel--${label}`, "data-count": label }, `${n} ${label}`));
    });
    return box;
  }

  function showNudge(nudge, check) {
    const box = $("nudge");
    if (!nudge) { box.hidden = true; return; }
    $("nudge-anyway").hidden = !check;
    $("nudge-close").hidden = Boolean(check);
    $("nudge-use").textContent = (check && nudge.use) || "Use this wording";
    $("nudge-anyway").textContent = (check && nudge.anyway) || "Ask it anyway";
    $("nudge-title").textContent = nudge.title;
    $("nudge-lead").textContent = nudge.lead;
    $("nudge-reason").textContent = nudge.reason;
    $("nudge-rewrite").textContent = nudge.rewrite;
    box.hidden = false;
  }

  function renderPeople() {
    const list = $("people");
    list.replaceChildren();
    state.participants.forEach((p) => {
      const item = el("li", { "data-online": p.online ? "1" : "0" });
      item.appendChild(el("span", { class: "dot", "aria-hidden": "true" }));
      item.appendChild(el("span", {}, `${p.name}${p.id === cfg.me ? " (you)" : ""}`));
      const role = p.id === state.facilitator_id && p.role !== "facilitator"
        ? `${p.role}, facilitating` : p.role;
      item.appendChild(el("span", { class: "muted" }, ` ${role}${p.online ? "" : " · offline"}`));
      if (state.current && state.current.speaker_id === p.id) {
        item.appendChild(el("span", { class: "tag" }, "speaking"));
      }
      list.appendChild(item);
    });
  }

  function tick() {
    const clock = $("clock");
    const banner = $("banner");
    let left = null;
    if (state.status === "running") left = state.ends_at * 1000 - (Date.now() + offset);
    if (state.status === "paused") left = state.remaining * 1000;
    if (left === null) { clock.textContent = "--:--"; banner.hidden = true; return; }
    const over = left < 0;
    const seconds = Math.floor(Math.abs(left) / 1000);
    const text = `${String(Math.floor(seconds / 60)).padStart(2, "0")}:${String(seconds % 60).padStart(2, "0")}`;
    clock.textContent = over ? `+${text}` : text;
    clock.dataset.over = over ? "1" : "0";
    banner.hidden = !(over || state.status === "paused");
    banner.textContent = state.status === "paused" ? "Paused"
      : isFacilitator() ? "Time's up: move on when ready, or extend." : "Time's up";
    const stepKey = `${state.step_index}:${state.ends_at}`;
    if (over && state.status === "running" && beeped !== stepKey) { beeped = stepKey; beep(); }
  }

  function beep() {
    try {
      const audio = new (window.AudioContext || window.webkitAudioContext)();
      const tone = audio.createOscillator();
      const gain = audio.createGain();
      tone.frequency.value = 880;
      gain.gain.setValueAtTime(0.2, audio.currentTime);
      gain.gain.exponentialRampToValueAtTime(0.001, audio.currentTime + 0.6);
      tone.connect(gain).connect(audio.destination);
      tone.start(); tone.stop(audio.currentTime + 0.6);
      document.body.dataset.beeped = String(Number(document.body.dataset.beeped || 0) + 1);
    } catch (error) { /* no audio device: the banner still shows */ }
  }

  async function post(path, data) {
    const response = await fetch(`/meetings/${cfg.id}/${path}/`, {
      method: "POST", headers: { "X-CSRFToken": cfg.csrf }, body: data, credentials: "same-origin",
    }).catch(() => null);
    if (!response) return { ok: false, error: "No connection. Your text is kept: try again." };
    const body = await response.json().catch(() => ({ ok: false, error: "Try again." }));
    if (body.ok && (!socket || socket.readyState !== WebSocket.OPEN)) refetch();
    return body;
  }
  async function refetch() {
    const response = await fetch(`/meetings/${cfg.id}/state/`, { credentials: "same-origin" });
    if (response.ok) apply(await response.json());
  }

  $("controls").addEventListener("click", async (event) => {
    const button = event.target.closest("[data-move]");
    if (!button) return;
    const data = new FormData();
    data.append("move", button.dataset.move);
    if (button.dataset.seconds) data.append("seconds", button.dataset.seconds);
    const result = await post("move", data);
    if (!result.ok) showError(result.error, true);
  });
  $("handover").addEventListener("change", async (event) => {
    if (!event.target.value) return;
    const data = new FormData();
    data.append("to", event.target.value);
    const result = await post("handover", data);
    event.target.value = ""; // ready for the next handover, should the controls come back
    if (!result.ok) showError(result.error, true);
  });
  async function send(anyway) {
    const data = new FormData($("contribute"));
    data.append("written_for", boxPhase);
    if (anyway) data.append("ask_anyway", "1");
    const result = await post("contribute", data);
    if (result.ok) {
      $("text").value = ""; $("success").value = ""; $("due_on").value = ""; $("credit").value = "";
      $("box-error").hidden = true;
      $("filed").textContent = result.filed || "";
      $("filed").hidden = !result.filed;
      showNudge(result.nudge);
      boxKey = null; render();
    } else if (result.check) {
      $("box-error").hidden = true;
      showNudge(result.check, true); // not posted: rewrite it, or ask it anyway
    } else {
      showError(result.error);
    }
  }
  $("contribute").addEventListener("submit", (event) => { event.preventDefault(); send(false); });
  $("nudge-anyway").addEventListener("click", () => { $("nudge").hidden = true; send(true); });
  $("nudge-use").addEventListener("click", () => {
    $("text").value = $("nudge-rewrite").textContent;
    $("nudge").hidden = true;
    $("text").focus();
  });
  $("nudge-close").addEventListener("click", () => { $("nudge").hidden = true; });
  $("text").addEventListener("blur", () => { if (!$("moved-on").hidden) { boxKey = null; } });
  function showError(message, banner) {
    const target = banner ? $("banner") : $("box-error");
    target.textContent = message;
    target.hidden = false;
  }

  // A 1:1's solution chart (coaching's "explore" phase) is recorded in place: an unfinished
  // walk names the question still to answer, and nothing ticked is lost.
  document.querySelectorAll("form[data-solution]").forEach((form) => {
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      const problem = form.querySelector("[data-solution-problem]");
      form.querySelectorAll(".yesno--next").forEach((box) => box.classList.remove("yesno--next"));
      let answer;
      try {
        const response = await fetch(form.action, {
          method: "POST", body: new FormData(form), headers: { Accept: "application/json" },
        });
        answer = await response.json();
      } catch (error) {
        answer = { ok: false, error: "The chart did not reach the server: your answers are kept, try again." };
      }
      if (answer.ok) {
        window.location.hash = "solution-live";
        window.location.reload();
        return;
      }
      problem.textContent = answer.error;
      problem.hidden = false;
      const next = answer.field && form.querySelector(`[data-question="${answer.field}"]`);
      if (next) { next.classList.add("yesno--next"); next.querySelector("input").focus(); }
    });
  });

  render();
  connect();
  setInterval(tick, 250);
  setInterval(ping, 10000);
})();
