// The "Print this receipt" button: shown only where scripts run, since it needs one.
document.querySelectorAll("[data-print-page]").forEach(function (button) {
  button.hidden = false;
  button.addEventListener("click", function () { window.print(); });
});
