// The follow button on topic pages: shows whether you follow the topic and toggles it.
(function () {
  "use strict";
  var form = document.querySelector("[data-follow]");
  if (!form || !window.Hubbub) return;
  var Hubbub = window.Hubbub;
  var action = form.querySelector("[data-follow-action]");
  var button = form.querySelector("[data-follow-button]");
  var status = form.querySelector("[data-follow-status]");
  // Set once the person clicks: /me/ was asked at load, so its answer may predate the click.
  var acted = false;

  function show(following) {
    action.value = following ? "unfollow" : "follow";
    button.textContent = following ? "Following ✓ (unfollow)" : "Follow this topic";
    button.setAttribute("aria-pressed", following ? "true" : "false");
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    acted = true;
    button.disabled = true;
    // getAttribute, not form.action: the hidden input named "action" shadows that property.
    Hubbub.postJSON(form.getAttribute("action"), new FormData(form))
      .then(function (answer) {
        show(answer.following);
        status.textContent = answer.message;
      })
      .catch(function (error) {
        if (error.status === 401 && error.body && error.body.login_url) {
          window.location.href = error.body.login_url;
          return;
        }
        status.textContent = error.message;
      })
      .then(function () { button.disabled = false; });
  });

  Hubbub.me().then(function (me) {
    if (!me.authenticated) return;
    document.querySelectorAll("[data-follow-signed-out]").forEach(function (el) { el.hidden = true; });
    if (!acted) show(!!(me.topic && me.topic.following));
  });
})();
