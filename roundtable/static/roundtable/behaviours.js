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
