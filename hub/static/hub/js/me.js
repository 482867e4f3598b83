// Shared helpers for the personal parts of public pages: the CSRF token, every request the
// site's scripts make (getJSON, getHTML, postJSON: scripts do not call fetch themselves),
// and one fetch of /me/ per page (the URL on <body data-me-url>) that every script shares.
// Public pages are cached for everyone and carry no CSRF token: once /me/ answers, its token
// goes into every POST form on the page, so plain form submits work as they always did.
(function () {
  "use strict";
  if (window.Hubbub && window.Hubbub.me) return;
  var Hubbub = (window.Hubbub = window.Hubbub || {});
  var cache = {};
  var meToken = "";

  Hubbub.csrfToken = function () {
    if (meToken) return meToken;
    var input = document.querySelector("input[name=csrfmiddlewaretoken]");
    if (input) return input.value;
    var match = /(?:^|;\s*)csrftoken=([^;]+)/.exec(document.cookie);
    return match ? decodeURIComponent(match[1]) : "";
  };

  // The form fields plus the CSRF token, ready for fetch or navigator.sendBeacon.
  Hubbub.formData = function (fields) {
    var data = new FormData();
    data.append("csrfmiddlewaretoken", Hubbub.csrfToken());
    Object.keys(fields || {}).forEach(function (name) { data.append(name, fields[name]); });
    return data;
  };

  // GET with the session's cookies; resolve with the body, reject (error.status) unless 2xx.
  // options.signal: an AbortController's signal, to drop an answer no longer wanted.
  function get(url, accept, options) {
    return fetch(url, {
      credentials: "same-origin",
      headers: { Accept: accept },
      signal: options && options.signal,
    }).then(function (response) {
      if (!response.ok) {
        var error = new Error("Request failed (" + response.status + ")");
        error.status = response.status;
        throw error;
      }
      return accept === "application/json" ? response.json() : response.text();
    });
  }

  Hubbub.getJSON = function (url, options) { return get(url, "application/json", options); };

  // Our own server-rendered (autoescaped) fragments, as text.
  Hubbub.getHTML = function (url, options) { return get(url, "text/html", options); };

  // POST a FormData and resolve with the JSON answer; reject with the server's message.
  Hubbub.postJSON = function (url, data, options) {
    return fetch(url, {
      method: "POST",
      credentials: "same-origin",
      keepalive: !!(options && options.keepalive),
      headers: { Accept: "application/json", "X-CSRFToken": Hubbub.csrfToken() },
      body: data,
    }).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (body) {
        if (!response.ok) {
          var error = new Error(body.error || "Something went wrong. Please try again.");
          error.status = response.status;
          error.body = body;
          throw error;
        }
        return body;
      });
    });
  };

  function addTokens(token) {
    if (!token) return;
    meToken = token;
    document.querySelectorAll("form[method=post]").forEach(function (form) {
      var input = form.querySelector("input[name=csrfmiddlewaretoken]");
      if (!input) {
        input = document.createElement("input");
        input.type = "hidden";
        input.name = "csrfmiddlewaretoken";
        form.appendChild(input);
      }
      input.value = token;
    });
  }

  // What the server knows about you for this page; anonymous if anything goes wrong.
  Hubbub.me = function (url) {
    url = url || document.body.getAttribute("data-me-url") || "/me/";
    if (!cache[url]) {
      cache[url] = Hubbub.getJSON(url)
        .then(function (me) {
          addTokens(me.csrf_token);
          return me;
        })
        .catch(function () { return { authenticated: false }; });
    }
    return cache[url];
  };

  Hubbub.formatTime = function (seconds) {
    var total = Math.max(0, Math.round(seconds || 0));
    var minutes = Math.floor(total / 60);
    var secs = total % 60;
    return minutes + ":" + (secs < 10 ? "0" : "") + secs;
  };
})();
