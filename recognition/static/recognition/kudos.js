// Give kudos: show only the link that fits what the kudos are for (all stay in the form).
(function () {
  "use strict";
  const kind = document.getElementById("id_for_kind");
  if (!kind) return;
  const links = { clip: "id_clip", story: "id_story", advice: "id_contribution", kpi: "id_kpi_value" };
  function show() {
    Object.entries(links).forEach(([value, id]) => {
      const input = document.getElementById(id);
      const box = input && input.closest(".field");
      if (box) box.hidden = kind.value !== value;
    });
  }
  kind.addEventListener("change", show);
  show();
})();
