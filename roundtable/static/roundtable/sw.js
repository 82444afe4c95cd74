// Roundtable's service worker (served at /sw.js with SETTINGS above this line, see
// roundtable/pwa.py). It keeps the app's files and the record page for when there is no signal,
// shows the offline page for a page it cannot reach, and, where the browser has Background
// Sync, uploads the recordings queued on this device when the connection returns.
/* global SETTINGS, RoundtableUploads */
"use strict";
importScripts(SETTINGS.queue);

const APP = `rt-app-${SETTINGS.version}`;
const PAGES = "rt-pages"; // the last copy of the pages opened offline; emptied at sign-out

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches.open(APP)
      .then((cache) => cache.addAll(SETTINGS.appFiles.map((url) => new Request(url, { credentials: "omit" }))))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches.keys()
      .then((keys) => Promise.all(keys.filter((k) => k.startsWith("rt-app-") && k !== APP).map((k) => caches.delete(k))))
      .then(() => self.clients.claim()),
  );
});

self.addEventListener("message", (event) => {
  if (event.data === "signed-out") event.waitUntil(caches.delete(PAGES));
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== self.location.origin) return;
  if (url.pathname.startsWith(SETTINGS.staticPrefix)) {
    // The app's own files: from the cache of this release, else the network.
    event.respondWith(caches.match(request, { cacheName: APP }).then((hit) => hit || fetch(request)));
    return;
  }
  if (request.mode !== "navigate") return; // partials, media, uploads: the network only
  const keep = SETTINGS.offlinePages.includes(url.pathname) && !url.search;
  event.respondWith(
    fetch(request)
      .then((response) => {
        if (keep && response.ok && !response.redirected) {
          const copy = response.clone();
          caches.open(PAGES).then((cache) => cache.put(request, copy));
        }
        return response;
      })
      .catch(async () => {
        const kept = keep ? await caches.match(request, { cacheName: PAGES }) : null;
        return kept || (await caches.match(SETTINGS.offline, { cacheName: APP })) || Response.error();
      }),
  );
});

// Background Sync: the browser wakes this worker when the connection returns, even with no
// page open. Each recording is sent once: the uploads hold a lock that every page shares.
self.addEventListener("sync", (event) => {
  if (event.tag === RoundtableUploads.SYNC_TAG) event.waitUntil(RoundtableUploads.sync({}));
});
