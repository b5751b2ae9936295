/* One rendered form is one response. The form's token (and the instant it was shown) are kept
   with the history entry; coming Back to the entry, a re-fetched page sends those again, so the
   server recognises the response it already has and shows its receipt instead of a duplicate.
   A reload or a new visit keeps the fresh values the server rendered. */
(function () {
  "use strict";
  var form = document.querySelector("form[data-send-once]");
  if (!form || !window.history || !history.replaceState) {
    return;
  }
  var names = ["token", "started"];
  var state = history.state && typeof history.state === "object" ? history.state : {};
  var kept = state.sendOnce;
  var navigation = performance.getEntriesByType && performance.getEntriesByType("navigation")[0];
  var back = navigation && navigation.type === "back_forward";
  if (back && kept && kept.path === location.pathname) {
    names.forEach(function (name) {
      if (form.elements[name] && kept[name]) {
        form.elements[name].value = kept[name];
      }
    });
    return;
  }
  var entry = { path: location.pathname };
  names.forEach(function (name) {
    if (form.elements[name]) {
      entry[name] = form.elements[name].value;
    }
  });
  var next = {};
  Object.keys(state).forEach(function (key) {
    next[key] = state[key];
  });
  next.sendOnce = entry;
  history.replaceState(next, "");
})();
