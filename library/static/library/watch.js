// The transcript follows playback; clicking a word seeks to it.
(function () {
  "use strict";
  const player = document.getElementById("player");
  if (!player) return;
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
  transcript.addEventListener("click", (e) => { if (e.target.dataset.start) seek(e.target); });
  transcript.addEventListener("keydown", (e) => {
    if (e.key === "Enter" && e.target.dataset.start) seek(e.target);
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
