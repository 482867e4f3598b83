// The discussion on a clip page: the HTML is the same for everyone; this adds what is yours
// (edit and delete your comments, accept answers to your questions, hide for editors) from
// the page's one /me/?clip=<id> answer (its "discussion" part), and fills the moment field from the player. Without it, every comment's
// link leads to its thread page, where the same actions are plain forms.
(function () {
  "use strict";
  var root = document.querySelector("[data-discussion]");
  var video = document.getElementById("clip-video");
  var Hubbub = window.Hubbub;

  var useNow = document.querySelector("[data-use-current-time]");
  if (useNow && video && Hubbub) {
    useNow.hidden = false;
    useNow.addEventListener("click", function () {
      var field = document.getElementById("comment-moment");
      field.value = Hubbub.formatTime(video.currentTime);
      field.focus();
    });
  }
  if (!root || !Hubbub) return;

  function actionForm(url, label, fields) {
    var form = document.createElement("form");
    form.method = "post";
    form.action = url;
    form.className = "inline-form";
    var data = Object.assign({ csrfmiddlewaretoken: Hubbub.csrfToken() }, fields || {});
    Object.keys(data).forEach(function (name) {
      var input = document.createElement("input");
      input.type = "hidden";
      input.name = name;
      input.value = data[name];
      form.appendChild(input);
    });
    var button = document.createElement("button");
    button.type = "submit";
    button.className = "link-button";
    button.textContent = label;
    form.appendChild(button);
    return form;
  }

  function link(url, label) {
    var a = document.createElement("a");
    a.href = url;
    a.textContent = label;
    return a;
  }

  Hubbub.me().then(function (answer) {
    var me = answer.discussion;
    if (!answer.authenticated || !me) return;
    var now = Date.now() / 1000;
    var me_id = String(me.user_id);
    root.querySelectorAll("[data-comment]").forEach(function (comment) {
      var actions = comment.querySelector("[data-comment-actions]");
      var gone = !!comment.querySelector(".comment-gone");
      if (!actions || gone) return;
      var base = comment.getAttribute("data-comment-url"); // ends with "/"
      var own = comment.getAttribute("data-author-id") === me_id;
      if (own && now - Number(comment.getAttribute("data-created")) < me.edit_seconds) {
        actions.appendChild(link(base + "edit/", "Edit"));
      }
      if (own) actions.appendChild(actionForm(base + "delete/", "Delete"));
      if (me.editor) actions.appendChild(actionForm(base + "hide/", "Hide"));
      var asker = comment.getAttribute("data-asker-id");
      if (asker === me_id && !comment.classList.contains("is-accepted")) {
        actions.appendChild(actionForm(base + "accept/", "Accept this answer"));
      }
    });
  });
})();
