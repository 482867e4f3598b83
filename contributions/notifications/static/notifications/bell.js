// The bell and its unread count, from /me/notifications/: the cached page carries it hidden.
(function () {
  "use strict";
  var bell = document.querySelector("[data-bell]");
  if (!bell) return;
  fetch(bell.getAttribute("data-me-url"), { credentials: "same-origin", headers: { Accept: "application/json" } })
    .then(function (response) { return response.ok ? response.json() : {}; })
    .then(function (me) {
      if (!me.authenticated) return;
      bell.hidden = false;
      var count = bell.querySelector("[data-unread]");
      var label = bell.querySelector("[data-bell-label]");
      count.textContent = me.unread > 99 ? "99+" : String(me.unread);
      count.hidden = !me.unread;
      label.textContent = "Notifications, " + me.unread + " unread";
    })
    .catch(function () {});
})();
