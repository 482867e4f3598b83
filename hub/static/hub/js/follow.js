// The follow button on topic pages: shows whether you follow the topic and toggles it.
(function () {
  "use strict";
  var form = document.querySelector("[data-follow]");
  if (!form || !window.Hubbub) return;
  var Hubbub = window.Hubbub;
  var action = form.querySelector("[data-follow-action]");
  var button = form.querySelector("[data-follow-button]");
  var status = form.querySelector("[data-follow-status]");

  function show(following) {
    action.value = following ? "unfollow" : "follow";
    button.textContent = following ? "Following ✓ (unfollow)" : "Follow this topic";
    button.setAttribute("aria-pressed", following ? "true" : "false");
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    button.disabled = true;
    // getAttribute, not form.action: the hidden input named "action" shadows that property.
    Hubbub.postJSON(form.getAttribute("action"), new FormData(form))
      .then(function (answer) {
        show(answer.following);
        status.textContent = answer.message;
      })
      .catch(function (error) { status.textContent = error.message; })
      .then(function () { button.disabled = false; });
  });

  Hubbub.me(form.getAttribute("data-me-url")).then(function (me) {
    if (me.authenticated) show(me.following);
  });
})();
