// Small behaviours declared in the markup (the Content-Security-Policy allows no inline handlers):
// data-select-on-click selects a read-only field's text, data-print prints the page,
// data-autosubmit submits its form when the value changes.
document.addEventListener("click", (event) => {
  const target = event.target;
  if (target.matches("[data-select-on-click]")) target.select();
  if (target.closest("[data-print]")) window.print();
});
document.addEventListener("change", (event) => {
  const target = event.target;
  if (target.matches("[data-autosubmit]") && target.form) target.form.requestSubmit();
});

// Pickers (roundtable/pickers.py): a choice ticked among search results joins the listed
// choices, so the next search does not take it away; results already listed are not repeated.
document.addEventListener("change", (event) => {
  const input = event.target;
  const found = input.closest(".picker__found");
  if (!found || !input.checked) return;
  const options = found.closest(".picker").querySelector(".picker__options > div");
  if (input.type === "radio") {
    options.querySelectorAll(`input[name="${input.name}"]`).forEach((other) => { other.checked = false; });
  }
  const row = document.createElement("div");
  row.appendChild(input.closest("label"));
  options.appendChild(row);
});
document.addEventListener("htmx:afterSwap", (event) => {
  const found = event.target;
  if (!found.classList || !found.classList.contains("picker__found")) return;
  const listed = new Set(
    [...found.closest(".picker").querySelectorAll(".picker__options input")].map((i) => i.value),
  );
  found.querySelectorAll("input").forEach((input) => {
    if (listed.has(input.value)) input.closest("label").remove();
  });
});

// Menus (details[data-menu], e.g. "More"): a tap outside or Escape closes them, and opening
// one closes the others.
document.addEventListener("click", (event) => {
  document.querySelectorAll("details[data-menu][open]").forEach((menu) => {
    if (!menu.contains(event.target)) menu.open = false;
  });
});
document.addEventListener("keydown", (event) => {
  if (event.key !== "Escape") return;
  document.querySelectorAll("details[data-menu][open]").forEach((menu) => {
    menu.open = false;
    menu.querySelector("summary").focus();
  });
});
