// The home page's personal part ("Continue watching", new clips in followed topics) is
// fetched after load, so the home page itself is the same for everyone and can be cached.
(function () {
  "use strict";
  var box = document.getElementById("home-personal");
  if (!box || !window.Hubbub) return;
  window.Hubbub.me()
    .then(function (me) {
      if (!me.authenticated) return "";
      return window.Hubbub.getHTML(box.getAttribute("data-src"));
    })
    .then(function (html) {
      // Our own server-rendered, escaped template fragment.
      if (html.trim()) box.innerHTML = html;
    })
    .catch(function () {});
})();
