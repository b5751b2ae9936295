// A "tick every box" button: <button data-tick-all="NAME" hidden> ticks the form's boxes named NAME.
// Hidden until this script runs, so a page without scripts never shows a button that does nothing.
(function () {
  "use strict";
  document.querySelectorAll("button[data-tick-all]").forEach(function (button) {
    var name = button.getAttribute("data-tick-all");
    button.hidden = false;
    button.addEventListener("click", function () {
      button.form.querySelectorAll('input[type="checkbox"]').forEach(function (box) {
        if (box.name === name) {
          box.checked = true;
        }
      });
    });
  });
})();
