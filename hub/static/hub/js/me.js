// Shared helpers for the personal parts of public pages: the CSRF token, JSON requests,
// and one cached fetch per "me" URL so several scripts can ask without extra requests.
(function () {
  "use strict";
  if (window.Hubbub && window.Hubbub.me) return;
  var Hubbub = (window.Hubbub = window.Hubbub || {});
  var cache = {};

  Hubbub.csrfToken = function () {
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

  Hubbub.getJSON = function (url) {
    return fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) {
        if (!response.ok) throw new Error("Request failed (" + response.status + ")");
        return response.json();
      });
  };

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

  // What the server knows about you for this page; anonymous if anything goes wrong.
  Hubbub.me = function (url) {
    if (!cache[url]) {
      cache[url] = Hubbub.getJSON(url).catch(function () { return { authenticated: false }; });
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
