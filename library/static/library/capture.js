// Record with the camera or pick a file; upload in resumable chunks while the details are typed.
(function () {
  "use strict";
  const root = document.getElementById("capture");
  const MAX_SECONDS = Number(root.dataset.maxSeconds);
  const csrf = root.dataset.csrf;
  const $ = (id) => document.getElementById(id);
  let stream = null;
  let recorder = null;
  let upload = null; // {id, size, received, done, promise, draft}
  let sharing = false;

  // A recording not shared yet is kept in this browser (IndexedDB, library/queue.js) the moment
  // recording stops, with the details typed: leaving the page warns, and it can be shared later
  // from here. "Share" with no signal queues it: it uploads and shares itself when the
  // connection returns, even with this page closed.
  const drafts = window.RoundtableUploads;
  const userKey = root.dataset.user;
  let draftId = null; // the recording on screen, kept as a draft until it is shared

  function details() {
    const values = {};
    new FormData($("clip-form")).forEach((value, key) => {
      if (key !== "csrfmiddlewaretoken" && typeof value === "string") values[key] = value;
    });
    return values;
  }
  function restore(values) {
    Object.entries(values || {}).forEach(([key, value]) => {
      const field = $("clip-form").elements.namedItem(key);
      if (field && !field.value) field.value = value;
    });
  }
  async function keep(blob, filename) {
    const draft = {
      id: `${userKey}:${Date.now()}`, user: userKey, blob, filename, created: Date.now(),
      details: details(), chunk: root.dataset.chunk, csrf,
    };
    await drafts.put(draft);
    return draft;
  }
  const STATES = {
    waiting: "Waiting for a connection: it uploads and shares itself",
    uploading: "Uploading",
    sharing: "Sharing…",
    "needs-you": "Needs you",
  };
  const live = {}; // progress of the queued ones, as the uploads report it

  async function listDrafts() {
    const mine = (await drafts.all()).filter((d) => d.user === userKey && d.id !== draftId);
    const list = $("drafts-list");
    list.replaceChildren();
    mine.sort((a, b) => b.created - a.created).forEach((d) => {
      const item = document.createElement("li");
      item.className = "list__row";
      const label = document.createElement("span");
      const when = new Date(d.created).toLocaleString([], { dateStyle: "medium", timeStyle: "short" });
      label.textContent = `${(d.details && d.details.title) || "Untitled recording"} · ${when} · ${Math.round(d.blob.size / 1024)} KB`;
      if (d.queued || d.state === "needs-you") {
        const now = live[d.id] || { state: d.state || "waiting" };
        const state = document.createElement("span");
        state.className = `upload-state upload-state--${now.state}`;
        let text = STATES[now.state] || STATES.waiting;
        if (now.state === "uploading" && now.received !== undefined) text += ` ${Math.round((100 * now.received) / d.blob.size)}%`;
        if (now.state === "needs-you") text += `: ${now.error || d.error || "open it to share it"}`;
        state.textContent = text;
        label.append(document.createElement("br"), state);
      }
      const actions = document.createElement("span");
      actions.className = "row-actions";
      if (!d.queued) {
        const go = document.createElement("button");
        go.type = "button"; go.className = "button button--small"; go.textContent = d.state === "needs-you" ? "Open" : "Continue";
        go.addEventListener("click", () => resumeDraft(d));
        actions.append(go);
      }
      const drop = document.createElement("button");
      drop.type = "button"; drop.className = "button button--small"; drop.textContent = "Delete";
      drop.setAttribute("aria-label", `Delete ${(d.details && d.details.title) || "this recording"}`);
      drop.addEventListener("click", async () => {
        // It exists only on this phone: once deleted, it is gone.
        if (!window.confirm(`Delete “${(d.details && d.details.title) || "this recording"}”? It is only on this device and cannot be brought back.`)) return;
        await drafts.remove(d.id); delete live[d.id]; listDrafts();
      });
      actions.append(drop);
      item.append(label, actions);
      list.appendChild(item);
    });
    show("drafts", mine.length > 0);
  }
  drafts.listen((d) => {
    if (d.user !== userKey) return;
    if (d.state === "shared") {
      delete live[d.id];
      const done = $("drafts-shared");
      done.replaceChildren(`“${(d.details && d.details.title) || "Your recording"}” is uploaded and shared. `);
      const open = document.createElement("a");
      open.href = d.url; open.textContent = "Open it";
      done.append(open);
      show("drafts-shared", true);
    } else live[d.id] = d;
    listDrafts();
  });
  function resumeDraft(d) {
    const preview = $("preview");
    preview.srcObject = null; preview.src = URL.createObjectURL(d.blob);
    preview.muted = false; preview.controls = true;
    restore(d.details);
    begin(d.blob, d.filename, d.id, d.uploadId);
    listDrafts();
  }

  function show(id, on) { $(id).hidden = !on; }
  function error(id, message) { $(id).textContent = message || ""; show(id, Boolean(message)); }

  async function camera() {
    error("media-error", "");
    if (stream) stream.getTracks().forEach((t) => t.stop());
    try {
      stream = await navigator.mediaDevices.getUserMedia({
        video: { facingMode: $("facing").value, height: { ideal: 720 } }, audio: true,
      });
    } catch (e) {
      error("media-error", "The camera could not start. Allow camera and microphone access, or upload a file instead.");
      return;
    }
    const preview = $("preview");
    preview.srcObject = stream; preview.muted = true; preview.controls = false;
    show("record", true); show("retake", false);
  }

  function mimeType() {
    const types = ["video/mp4;codecs=avc1,mp4a", "video/webm;codecs=vp8,opus", "video/webm"];
    return types.find((t) => window.MediaRecorder && MediaRecorder.isTypeSupported(t)) || "";
  }

  async function record() {
    show("record", false);
    for (const n of [3, 2, 1]) {
      $("countdown").textContent = n; show("countdown", true);
      await new Promise((r) => setTimeout(r, 700));
    }
    show("countdown", false);
    const chunks = [];
    const type = mimeType();
    recorder = new MediaRecorder(stream, type ? { mimeType: type } : undefined);
    recorder.ondataavailable = (e) => { if (e.data.size) chunks.push(e.data); };
    const started = Date.now();
    const timer = setInterval(() => {
      const s = Math.floor((Date.now() - started) / 1000);
      $("rec-time").textContent = `● ${s} s / ${MAX_SECONDS} s`;
      if (s >= MAX_SECONDS) stop();
    }, 250);
    recorder.onstop = () => {
      clearInterval(timer); show("rec-time", false); show("stop", false); show("retake", true);
      const blob = new Blob(chunks, { type: recorder.mimeType || "video/webm" });
      const preview = $("preview");
      preview.srcObject = null; preview.src = URL.createObjectURL(blob);
      preview.muted = false; preview.controls = true;
      const ext = blob.type.includes("mp4") ? "mp4" : "webm";
      keep(blob, `recording.${ext}`).then((draft) => begin(blob, `recording.${ext}`, draft ? draft.id : null));
    };
    recorder.start(1000);
    show("rec-time", true); show("stop", true);
  }
  function stop() { if (recorder && recorder.state !== "inactive") recorder.stop(); }

  async function post(url, data) {
    const response = await fetch(url, { method: "POST", body: data, headers: { "X-CSRFToken": csrf } });
    return { status: response.status, body: await response.json().catch(() => ({})) };
  }

  function begin(blob, filename, draft, uploadId) {
    error("form-error", "");
    upload = { blob, filename, id: uploadId || null, received: 0, done: false, draft: draft || null };
    draftId = draft || null;
    upload.promise = send(upload);
  }

  function progress(u, note) {
    show("upload-box", true);
    $("progress").value = Math.round((100 * u.received) / u.blob.size);
    $("upload-status").textContent = note || `${Math.round((100 * u.received) / u.blob.size)}% uploaded`;
  }

  // A picked file can resume after the page was closed: the same file picked again continues
  // the upload the server already has (a recording lives only in this page).
  function resumeKey(u) {
    return u.blob.lastModified ? `rt-upload:${u.filename}:${u.blob.size}:${u.blob.lastModified}` : null;
  }

  async function resumable(u) {
    if (u.id) { // a kept recording whose upload the server may already have
      try {
        const status = await fetch(`/library/uploads/${u.id}/`).then((r) => (r.ok ? r.json() : null));
        if (status && status.ok) { u.received = status.received; return true; }
      } catch (e) { /* offline: the loop below waits for the connection */ return true; }
      u.id = null;
    }
    const key = resumeKey(u);
    const known = key && sessionStorage.getItem(key);
    if (!known) return false;
    try {
      const status = await fetch(`/library/uploads/${known}/`).then((r) => (r.ok ? r.json() : null));
      if (status && status.ok && status.size === u.blob.size) {
        u.id = Number(known); u.received = status.received;
        progress(u, `Resuming from ${Math.round((100 * u.received) / u.blob.size)}%…`);
        return true;
      }
    } catch (e) { /* offline: start afresh below when possible */ }
    sessionStorage.removeItem(key);
    return false;
  }

  async function send(u) {
    if (!(await resumable(u))) {
      const start = new FormData();
      start.append("filename", u.filename); start.append("size", u.blob.size); start.append("type", u.blob.type);
      let answer;
      try { answer = await post("/library/uploads/", start); } catch (e) { answer = null; }
      if (!answer || !answer.body.ok) {
        if (!answer && u.draft) {
          error("form-error", "No connection: the recording is kept on this phone. Add the details and press Share: it uploads and shares itself when you are back online.");
          upload = null; listDrafts(); return false;
        }
        error("form-error", answer ? answer.body.error : "No connection. Check your network and choose the file again.");
        upload = null; return false;
      }
      u.id = answer.body.id;
      if (resumeKey(u)) sessionStorage.setItem(resumeKey(u), String(u.id));
      if (u.draft) remember(u.draft, { uploadId: u.id }); // the queue continues this upload
    }
    let failures = 0;
    while (u.received < u.blob.size && upload === u) {
      const piece = u.blob.slice(u.received, u.received + Number(root.dataset.chunk));
      try {
        const response = await fetch(`/library/uploads/${u.id}/?offset=${u.received}`, {
          method: "PUT", body: piece, headers: { "X-CSRFToken": csrf },
        });
        const body = await response.json();
        if (response.ok || response.status === 409) { u.received = body.received; failures = 0; }
        else {
          // Checked as soon as the last byte arrived: not a video. The details typed stay.
          error("media-error", body.error);
          if (body.discarded) {
            if (resumeKey(u)) sessionStorage.removeItem(resumeKey(u));
            upload = null; show("upload-box", false);
          }
          return false;
        }
        progress(u);
      } catch (e) {
        // Connection dropped: wait, ask the server how much it has, continue from there.
        failures += 1;
        progress(u, `Connection lost: resuming from ${Math.round((100 * u.received) / u.blob.size)}%…`);
        await new Promise((r) => setTimeout(r, Math.min(8000, 500 * 2 ** failures)));
        try {
          const status = await fetch(`/library/uploads/${u.id}/`).then((r) => r.json());
          if (status.ok) u.received = status.received;
        } catch (ignored) { /* still offline: try again */ }
      }
    }
    u.done = u.received === u.blob.size;
    if (u.done) progress(u, "Uploaded. Add the details and share.");
    return u.done;
  }

  async function remember(id, changes) {
    const draft = await drafts.get(id);
    if (draft) { Object.assign(draft, changes); await drafts.put(draft); }
    return draft;
  }

  async function share(event) {
    event.preventDefault();
    if (sharing) return;
    error("form-error", "");
    const title = $("clip-form").elements.namedItem("title");
    if (title && !title.value.trim()) { error("form-error", "Give the clip a title."); title.focus(); return; }
    if (draftId && (!upload || (!upload.done && !navigator.onLine))) {
      // No signal: queued. It uploads and shares itself when the connection returns.
      const id = draftId;
      await remember(id, { queued: true, state: "waiting", details: details(), csrf });
      drafts.wakeWhenOnline();
      draftId = null; upload = null; // kept and queued: leaving the page loses nothing
      error("form-error", "");
      $("clip-form").reset(); // ready for the next recording; the queued one keeps its details
      const preview = $("preview");
      preview.removeAttribute("src"); preview.load(); show("retake", false);
      $("queued-note").textContent = "No connection: it is queued on this device and uploads and shares itself when you are back online, even if you close this page.";
      show("queued-note", true);
      await listDrafts();
      $("drafts").scrollIntoView({ block: "start" });
      return;
    }
    if (!upload) { error("form-error", "Record a clip or choose a video file first."); return; }
    if (upload.draft) await remember(upload.draft, { details: details(), csrf });
    sharing = true; $("share").disabled = true; $("share").textContent = "Sharing…";
    const ok = await upload.promise;
    if (ok) {
      const answer = await post(`/library/uploads/${upload.id}/finish/`, new FormData($("clip-form")))
        .catch(() => null);
      if (answer && answer.body.ok) {
        if (resumeKey(upload)) sessionStorage.removeItem(resumeKey(upload));
        if (upload.draft) await drafts.remove(upload.draft);
        upload = null; draftId = null; // shared: leaving the page now loses nothing
        location.href = answer.body.url; return;
      }
      const message = !answer ? "No connection: your recording and details are kept, try again."
        : answer.body.error || `Something went wrong on our side (error ${answer.status}). Your recording and details are kept: press Share again.`;
      error("form-error", message);
      if (answer && answer.body.discarded) {
        upload = null; show("upload-box", false);
        error("media-error", "Record again or choose another file; your details above are kept.");
      }
    }
    sharing = false; $("share").disabled = false; $("share").textContent = "Share clip";
  }

  $("camera").addEventListener("click", camera);
  $("facing").addEventListener("change", () => { if (stream) camera(); });
  $("record").addEventListener("click", record);
  $("stop").addEventListener("click", stop);
  $("retake").addEventListener("click", async () => {
    if (draftId) await drafts.remove(draftId); // retaken: not kept
    upload = null; draftId = null; show("upload-box", false); camera();
  });
  $("file").addEventListener("change", (e) => {
    const file = e.target.files[0];
    if (!file) return;
    if (!file.type.startsWith("video/") && file.type) {
      error("media-error", "That is not a video file. Choose an MP4, MOV or WebM video."); return;
    }
    error("media-error", "");
    const preview = $("preview");
    preview.srcObject = null; preview.src = URL.createObjectURL(file); preview.controls = true; preview.muted = false;
    begin(file, file.name);
  });
  $("clip-form").addEventListener("submit", share);
  $("clip-form").addEventListener("input", () => {
    error("form-error", "");
    if (draftId) {
      const id = draftId;
      drafts.all().then((all) => {
        const draft = all.find((d) => d.id === id);
        if (draft) { draft.details = details(); drafts.put(draft); }
      });
    }
  });
  // Leaving with a recording not shared: the browser asks first; the recording stays a draft.
  window.addEventListener("beforeunload", (event) => {
    if (draftId) { event.preventDefault(); event.returnValue = ""; }
  });
  listDrafts();
})();
