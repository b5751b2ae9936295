/* Pickers. A text input marked data-picker="<search URL>" becomes a combobox (WAI-ARIA 1.2,
   list autocomplete) that asks the server for the records the reader may see, by name in the
   reader's language; choosing one writes its name, which the server resolves. With
   data-picker-multiple the input holds a comma-separated list and the choice replaces the part
   being typed. A <select data-filter="<label>"> gets a box above it that narrows its options as
   one types. Without this script the input is plain text and the select a plain list. */
(function () {
  "use strict";
  var counter = 0;

  function fold(text) {
    return (text || "").normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase().replace(/\u2019/g, "'");
  }

  function pickerFor(input) {
    var multiple = input.hasAttribute("data-picker-multiple");
    var url = input.getAttribute("data-picker");
    var id = "picker-" + ++counter;
    var wrapper = document.createElement("div");
    wrapper.className = "picker";
    input.parentNode.insertBefore(wrapper, input);
    wrapper.appendChild(input);
    var list = document.createElement("ul");
    list.id = id + "-list";
    list.className = "picker__list";
    list.setAttribute("role", "listbox");
    if (input.labels && input.labels[0]) {
      if (!input.labels[0].id) {
        input.labels[0].id = id + "-label";
      }
      list.setAttribute("aria-labelledby", input.labels[0].id);
    }
    list.hidden = true;
    wrapper.appendChild(list);
    var status = document.createElement("p");
    status.className = "visually-hidden";
    status.setAttribute("role", "status");
    wrapper.appendChild(status);
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", list.id);
    var options = [];
    var active = -1;
    var timer = null;
    var asked = 0;

    function typed() {
      if (!multiple) {
        return input.value.trim();
      }
      var parts = input.value.split(",");
      return parts[parts.length - 1].trim();
    }

    function close() {
      list.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      active = -1;
    }

    function highlight(index) {
      options.forEach(function (option, i) {
        option.element.setAttribute("aria-selected", i === index ? "true" : "false");
      });
      active = index;
      if (index >= 0) {
        input.setAttribute("aria-activedescendant", options[index].element.id);
        options[index].element.scrollIntoView({ block: "nearest" });
      } else {
        input.removeAttribute("aria-activedescendant");
      }
    }

    function choose(index) {
      var label = options[index].label;
      if (multiple) {
        var parts = input.value.split(",").map(function (part) { return part.trim(); });
        parts[parts.length - 1] = label;
        input.value = parts.filter(Boolean).join(", ") + ", ";
      } else {
        input.value = label;
      }
      close();
      input.focus();
    }

    function show(results) {
      list.textContent = "";
      options = results.map(function (result, i) {
        var element = document.createElement("li");
        element.id = id + "-option-" + i;
        element.className = "picker__option";
        element.setAttribute("role", "option");
        element.setAttribute("aria-selected", "false");
        var name = document.createElement("span");
        name.textContent = result.label;
        if (result.lang) {
          name.lang = result.lang;
        }
        element.appendChild(name);
        if (result.hint) {
          var hint = document.createElement("span");
          hint.className = "picker__hint";
          hint.textContent = result.hint;
          if (result.hint_lang) {
            hint.lang = result.hint_lang;
          }
          element.appendChild(hint);
        }
        element.addEventListener("mousedown", function (event) {
          event.preventDefault();
          choose(i);
        });
        list.appendChild(element);
        return { label: result.label, element: element };
      });
      var count = results.length;
      status.textContent = count
        ? (input.getAttribute("data-picker-found") || "%n").replace("%n", count)
        : input.getAttribute("data-picker-none") || "";
      if (count) {
        list.hidden = false;
        input.setAttribute("aria-expanded", "true");
        highlight(-1);
      } else {
        close();
      }
    }

    function search() {
      var query = typed();
      var ticket = ++asked;
      var address = url + "?q=" + encodeURIComponent(query);
      fetch(address, { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (response) { return response.ok ? response.json() : { results: [] }; })
        .then(function (data) {
          if (ticket === asked && document.activeElement === input) {
            show(data.results || []);
          }
        })
        .catch(function () { close(); });
    }

    input.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(search, 150);
    });
    input.addEventListener("keydown", function (event) {
      if (event.key === "ArrowDown") {
        event.preventDefault();
        if (list.hidden) {
          search();
        } else if (options.length) {
          highlight((active + 1) % options.length);
        }
      } else if (event.key === "ArrowUp" && !list.hidden && options.length) {
        event.preventDefault();
        highlight(active <= 0 ? options.length - 1 : active - 1);
      } else if (event.key === "Enter" && !list.hidden && active >= 0) {
        event.preventDefault();
        choose(active);
      } else if (event.key === "Escape" && !list.hidden) {
        event.preventDefault();
        close();
      }
    });
    input.addEventListener("blur", function () {
      window.setTimeout(close, 150);
    });
  }

  function filterFor(select) {
    var box = document.createElement("input");
    box.type = "search";
    box.id = (select.id || "list") + "-filter";
    box.className = "picker__filter";
    box.setAttribute("autocomplete", "off");
    box.setAttribute("aria-controls", select.id);
    var label = document.createElement("label");
    label.htmlFor = box.id;
    label.className = "picker__filter-label";
    label.textContent = select.getAttribute("data-filter");
    select.parentNode.insertBefore(label, select);
    select.parentNode.insertBefore(box, select);
    var keys = Array.prototype.map.call(select.options, function (option) {
      return fold(option.textContent + " " + option.value);
    });
    box.addEventListener("input", function () {
      var words = fold(box.value).split(/\s+/).filter(Boolean);
      Array.prototype.forEach.call(select.options, function (option, i) {
        var keep = option.selected || words.every(function (word) { return keys[i].indexOf(word) !== -1; });
        option.hidden = !keep;
      });
    });
  }

  document.querySelectorAll("input[data-picker]").forEach(pickerFor);
  document.querySelectorAll("select[data-filter]").forEach(filterFor);
})();
