// The consultation form: without JavaScript the two empty question blocks are there; this adds
// more on demand. The management form's TOTAL_FORMS field is named on the button.
(function () {
  var button = document.getElementById("add-question");
  var template = document.getElementById("question-template");
  var total = button && document.getElementById(button.dataset.totalField);
  if (!button || !template || !total) { return; }
  button.hidden = false;
  button.addEventListener("click", function () {
    var index = parseInt(total.value, 10);
    var html = template.innerHTML.replace(/__prefix__/g, String(index));
    var holder = document.createElement("div");
    holder.innerHTML = html;
    var block = holder.firstElementChild;
    document.getElementById("questions").appendChild(block);
    total.value = String(index + 1);
    var first = block.querySelector("textarea");
    if (first) { first.focus(); }
  });
})();
