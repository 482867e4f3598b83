// The bell and its unread count, from the page's one /me/ answer (its "notifications" part):
// the cached page carries the bell hidden.
(function () {
  "use strict";
  var bell = document.querySelector("[data-bell]");
  if (!bell || !window.Hubbub || !window.Hubbub.me) return;
  window.Hubbub.me().then(function (me) {
    if (!me.authenticated || !me.notifications) return;
    var unread = me.notifications.unread;
    bell.hidden = false;
    var count = bell.querySelector("[data-unread]");
    var label = bell.querySelector("[data-bell-label]");
    count.textContent = unread > 99 ? "99+" : String(unread);
    count.hidden = !unread;
    label.textContent = "Notifications, " + unread + " unread";
  });
})();
