// The transcript follows playback; clicking a word seeks to it. The transcript and the
// timeline of moments are one Tab stop each: arrow keys move within them (Home and End to
// the ends, Page Up and Down ten at a time) and Enter or Space plays from there.
(function () {
  "use strict";
  const player = document.getElementById("player");
  if (!player) return;
  document.querySelectorAll("[data-roving]").forEach((group) => {
    const items = Array.from(group.querySelectorAll("[data-start], [data-seek]"));
    if (!items.length) return;
    const focusOn = (index) => {
      const next = items[Math.max(0, Math.min(items.length - 1, index))];
      items.forEach((item) => { item.tabIndex = item === next ? 0 : -1; });
      next.focus();
    };
    group.addEventListener("keydown", (e) => {
      const at = items.indexOf(e.target.closest("[data-start], [data-seek]"));
      if (at < 0) return;
      const moves = {
        ArrowRight: at + 1, ArrowDown: at + 1, ArrowLeft: at - 1, ArrowUp: at - 1,
        Home: 0, End: items.length - 1, PageDown: at + 10, PageUp: at - 10,
      };
      if (e.key in moves) { e.preventDefault(); focusOn(moves[e.key]); return; }
      if (e.key === "Enter" || e.key === " ") {
        e.preventDefault();
        const item = items[at];
        player.currentTime = Number(item.dataset.start || item.dataset.seek);
        player.play().catch(() => {});
      }
    });
    // A click moves the group's Tab stop to what was clicked.
    group.addEventListener("click", (e) => {
      const item = e.target.closest("[data-start], [data-seek]");
      if (item) items.forEach((other) => { other.tabIndex = other === item ? 0 : -1; });
    });
  });
  // Feedback is pinned to the moment the player is at when it is posted.
  document.addEventListener("submit", (e) => {
    const at = e.target.querySelector && e.target.querySelector("[name=at_seconds]");
    if (at) at.value = player.currentTime ? player.currentTime.toFixed(1) : "";
  }, true);
  document.addEventListener("click", (e) => {
    const stamp = e.target.closest && e.target.closest("[data-seek]");
    if (stamp) { player.currentTime = Number(stamp.dataset.seek); player.play().catch(() => {}); }
  });
  const transcript = document.getElementById("transcript");
  if (!transcript) return;
  const words = Array.from(transcript.querySelectorAll("[data-start]"));
  const seek = (word) => { player.currentTime = Number(word.dataset.start); player.play().catch(() => {}); };
  transcript.addEventListener("click", (e) => {
    const word = e.target.closest("[data-start]");
    if (word && !e.target.closest("a")) seek(word);
  });
  player.addEventListener("timeupdate", () => {
    const t = player.currentTime;
    words.forEach((w) => {
      const on = t >= Number(w.dataset.start) && t < Number(w.dataset.end) + 0.05;
      w.classList.toggle("now", on);
    });
  });
  const at = new URLSearchParams(location.search).get("t");
  if (at) player.addEventListener("loadedmetadata", () => { player.currentTime = Number(at); }, { once: true });
})();
