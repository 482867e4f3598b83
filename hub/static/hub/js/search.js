// Header search box: type-ahead suggestions as an accessible combobox (WAI-ARIA 1.2 pattern).
// Without JavaScript the box is a plain search form; with it, the list below the box offers
// clips, topics and tags from /search/suggest/ and works by keyboard and pointer alike.
(function () {
  "use strict";
  var form = document.querySelector("form.search-box[data-suggest-url]");
  if (!form || !window.Hubbub) return;
  var Hubbub = window.Hubbub;
  var input = form.querySelector("[role=combobox]");
  var listbox = document.getElementById(input.getAttribute("aria-controls"));
  var status = document.getElementById("site-search-status");
  var url = form.getAttribute("data-suggest-url");
  var KIND = { clip: "Clip", topic: "Topic", tag: "Tag" };
  var options = [];
  var active = -1;
  var timer = null;
  var pending = null;
  var lastText = null;

  function setActive(index) {
    options.forEach(function (option, i) {
      option.setAttribute("aria-selected", i === index ? "true" : "false");
    });
    active = index;
    if (index >= 0) {
      input.setAttribute("aria-activedescendant", options[index].id);
      options[index].scrollIntoView({ block: "nearest" });
    } else {
      input.removeAttribute("aria-activedescendant");
    }
  }

  function close() {
    listbox.hidden = true;
    input.setAttribute("aria-expanded", "false");
    setActive(-1);
  }

  function open() {
    if (!options.length) return;
    listbox.hidden = false;
    input.setAttribute("aria-expanded", "true");
  }

  function go(option) {
    window.location.assign(option.getAttribute("data-url"));
  }

  function render(results) {
    listbox.textContent = "";
    options = results.map(function (result, i) {
      var li = document.createElement("li");
      li.id = "site-search-option-" + i;
      li.setAttribute("role", "option");
      li.setAttribute("aria-selected", "false");
      li.setAttribute("data-url", result.url);
      li.className = "suggestion suggestion-" + (result.kind || "clip");
      var title = document.createElement("span");
      title.className = "suggestion-title";
      title.textContent = result.title;
      var kind = document.createElement("span");
      kind.className = "suggestion-kind";
      kind.textContent = KIND[result.kind] || "";
      li.appendChild(title);
      li.appendChild(kind);
      li.addEventListener("mousedown", function (event) { event.preventDefault(); });
      li.addEventListener("click", function () { go(li); });
      listbox.appendChild(li);
      return li;
    });
    active = -1;
    input.removeAttribute("aria-activedescendant");
    status.textContent = options.length
      ? options.length + (options.length === 1 ? " suggestion" : " suggestions") + " available."
      : "No suggestions.";
    if (options.length) open(); else close();
  }

  function fetchSuggestions() {
    var text = input.value.trim();
    if (text === lastText) { open(); return; }
    lastText = text;
    if (text.length < 2) { options = []; listbox.textContent = ""; close(); return; }
    if (pending) pending.abort();
    pending = new AbortController();
    Hubbub.getJSON(url + "?q=" + encodeURIComponent(text), { signal: pending.signal })
      .catch(function (error) {
        if (error.status) return { results: [] }; // the server answered: no suggestions
        throw error; // aborted or offline: leave the list as it is
      })
      .then(function (data) {
        if (input.value.trim() === text) render(data.results || []);
      })
      .catch(function () {});
  }

  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(fetchSuggestions, 150);
  });

  input.addEventListener("keydown", function (event) {
    switch (event.key) {
      case "ArrowDown":
        event.preventDefault();
        if (listbox.hidden) { open(); if (!options.length) fetchSuggestions(); return; }
        if (options.length) setActive(active < options.length - 1 ? active + 1 : 0);
        break;
      case "ArrowUp":
        event.preventDefault();
        if (listbox.hidden) { open(); return; }
        if (options.length) setActive(active > 0 ? active - 1 : options.length - 1);
        break;
      case "Enter":
        if (!listbox.hidden && active >= 0) {
          event.preventDefault();
          go(options[active]);
        }
        break;
      case "Escape":
        if (!listbox.hidden) { event.preventDefault(); close(); }
        else if (input.value) { event.preventDefault(); input.value = ""; lastText = null; }
        break;
      case "Tab":
        close();
        break;
    }
  });

  input.addEventListener("blur", function () { setTimeout(close, 100); });
  input.addEventListener("focus", function () { if (options.length && input.value.trim() === lastText) open(); });
})();
