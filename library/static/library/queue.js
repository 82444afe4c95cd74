// Recordings kept on this device (IndexedDB) until they are shared: a draft waits for its
// author; a queued one ("Share" pressed with no signal) uploads by the resumable protocol and
// shares itself when the connection returns: on reconnect, on the next visit of any page, or
// from the service worker (Background Sync). One lock, shared by every tab and the worker,
// makes sure a recording is sent by one of them at a time; the upload id is kept with it, so
// a second attempt continues the same upload and a repeated "finish" answers with the same clip.
(function (scope) {
  "use strict";
  const SYNC_TAG = "roundtable-uploads";
  const db = {
    open() {
      return new Promise((resolve, reject) => {
        if (!scope.indexedDB) { reject(new Error("no IndexedDB")); return; }
        const request = scope.indexedDB.open("roundtable", 1);
        request.onupgradeneeded = () => request.result.createObjectStore("drafts", { keyPath: "id" });
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(request.error);
      });
    },
    async run(mode, work) {
      const opened = await this.open();
      return new Promise((resolve, reject) => {
        const tx = opened.transaction("drafts", mode);
        const result = work(tx.objectStore("drafts"));
        tx.oncomplete = () => { opened.close(); resolve(result && "result" in result ? result.result : undefined); };
        tx.onerror = () => { opened.close(); reject(tx.error); };
      });
    },
  };
  const put = (draft) => db.run("readwrite", (store) => store.put(draft)).catch(() => null);
  const remove = (id) => db.run("readwrite", (store) => store.delete(id)).catch(() => null);
  const all = () => db.run("readonly", (store) => store.getAll()).catch(() => []);
  async function get(id) { return (await all()).find((d) => d.id === id) || null; }

  const listeners = new Set();
  function tell(draft, state, extra) {
    listeners.forEach((listener) => listener(Object.assign({}, draft, { state }, extra || {})));
  }

  async function answer(response) {
    const body = await response.json().catch(() => ({}));
    return { ok: response.ok && body.ok !== false, status: response.status, body };
  }

  // One recording, from where the server has it to shared. Returns the clip's address, or
  // null when it must wait (no signal) or needs its author (the state says why).
  async function send(draft, csrf) {
    const headers = { "X-CSRFToken": csrf || draft.csrf || "" };
    const needsYou = async (message) => {
      draft.queued = false; draft.state = "needs-you"; draft.error = message;
      await put(draft); tell(draft, "needs-you", { error: message });
      return null;
    };
    try {
      if (draft.uploadId) {
        const status = await fetch(`/library/uploads/${draft.uploadId}/`, { credentials: "same-origin" });
        if (status.status === 404) { draft.uploadId = null; await put(draft); } // cleaned up: start again
        else if (!status.ok) return needsYou("Sign in again to upload this recording.");
      }
      if (!draft.uploadId) {
        const start = new FormData();
        start.append("filename", draft.filename);
        start.append("size", draft.blob.size);
        start.append("type", draft.blob.type);
        start.append("user", draft.user); // refused if someone else is signed in on this device
        const started = await answer(await fetch("/library/uploads/", { method: "POST", body: start, headers, credentials: "same-origin" }));
        if (started.body.someone_else) return null; // waits, queued, for its author
        if (!started.ok) return needsYou(started.body.error || "The server did not take the recording: open it to try again.");
        draft.uploadId = started.body.id;
        await put(draft); // kept at once: a second attempt continues this upload
      }
      const status = await answer(await fetch(`/library/uploads/${draft.uploadId}/`, { credentials: "same-origin" }));
      let received = status.body.received || 0;
      const chunk = Number(draft.chunk) || 1024 * 1024;
      while (received < draft.blob.size) {
        tell(draft, "uploading", { received });
        const piece = draft.blob.slice(received, received + chunk);
        const sent = await answer(await fetch(`/library/uploads/${draft.uploadId}/?offset=${received}`, {
          method: "PUT", body: piece, headers, credentials: "same-origin",
        }));
        if (sent.ok || sent.status === 409) received = sent.body.received;
        else return needsYou(sent.body.error || "The upload was refused.");
      }
      tell(draft, "sharing", { received });
      const details = new FormData();
      Object.entries(draft.details || {}).forEach(([key, value]) => details.append(key, value));
      const shared = await answer(await fetch(`/library/uploads/${draft.uploadId}/finish/`, {
        method: "POST", body: details, headers, credentials: "same-origin",
      }));
      if (shared.ok) {
        await remove(draft.id);
        tell(draft, "shared", { url: shared.body.url });
        return shared.body.url;
      }
      if (shared.body.field === "busy") return null; // another request is sharing it right now
      return needsYou(shared.body.error || "The details need a look before it can be shared.");
    } catch (error) {
      tell(draft, "waiting"); // the connection dropped: the next attempt continues from here
      return null;
    }
  }

  // Every queued recording of this person (of anyone, from the service worker: the server
  // refuses one made by someone other than who is signed in), one at a time, by one tab.
  async function sync({ csrf, user } = {}) {
    const run = async () => {
      const queued = (await all()).filter((d) => d.queued && (!user || d.user === user));
      for (const draft of queued) {
        const current = await get(draft.id); // shared or deleted meanwhile by another tab?
        if (current && current.queued) await send(current, csrf);
      }
    };
    if (scope.navigator && scope.navigator.locks) {
      return scope.navigator.locks.request("roundtable-uploads", { ifAvailable: true }, (lock) => (lock ? run() : null));
    }
    return run();
  }

  // Ask the browser to wake the service worker when the connection returns (Background Sync).
  async function wakeWhenOnline() {
    try {
      const registration = await scope.navigator.serviceWorker.ready;
      if (registration.sync) await registration.sync.register(SYNC_TAG);
    } catch (error) { /* no Background Sync: reconnect and the next visit still send it */ }
  }

  scope.RoundtableUploads = {
    SYNC_TAG, put, remove, all, get, sync, wakeWhenOnline,
    listen(listener) { listeners.add(listener); },
  };

  // In a page: register the service worker, send what is queued now and when the signal
  // returns, say so when one is shared, and show the unread count as the app's badge.
  if (typeof document === "undefined") return;
  const me = document.currentScript && document.currentScript.dataset;
  if ("serviceWorker" in navigator) navigator.serviceWorker.register("/sw.js").catch(() => null);
  if (!me || !me.user) {
    // Signed out: forget the pages kept for offline use (they hold the last person's details).
    if (scope.caches) scope.caches.delete("rt-pages").catch(() => null);
    return;
  }
  const bell = document.querySelector(".bell__count");
  if (navigator.setAppBadge) {
    const unread = bell ? Number(bell.textContent) || 0 : 0;
    (unread ? navigator.setAppBadge(unread) : navigator.clearAppBadge()).catch(() => null);
  }
  RoundtableUploads.listen((draft) => {
    if (draft.state !== "shared" || document.getElementById("capture")) return;
    const note = document.createElement("p");
    note.className = "message message--success toast";
    note.setAttribute("role", "status");
    note.append(`“${(draft.details && draft.details.title) || "Your recording"}” is uploaded and shared. `);
    const open = document.createElement("a");
    open.href = draft.url; open.textContent = "Open it";
    note.append(open);
    document.body.appendChild(note);
  });
  const go = () => sync({ csrf: me.csrf, user: me.user });
  window.addEventListener("online", go);
  go();
})(self);
