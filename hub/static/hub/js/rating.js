// The star rating control: a rating is saved on an explicit choice and the summary updates
// in place. A click or tap on a star is a choice; arrow keys only move between the stars
// (a keyboard user passing 1, 2, 3 on the way to 4 must not post three ratings): Enter or
// Space on a star, or the Save button, saves it. Without this script the same form posts
// and the server redirects back to the clip.
(function () {
  "use strict";
  var root = document.querySelector("[data-rating]");
  if (!root || !window.Hubbub) return;
  var Hubbub = window.Hubbub;
  var form = root.querySelector("[data-rating-form]");
  if (!form) return; // the clip's maker: no form to drive
  var removeForm = root.querySelector("[data-rating-remove]");
  var status = root.querySelector("[data-rating-status]");
  var ladder = root.querySelector("[data-ladder-step]");
  var summary = document.getElementById("rating-summary");
  var signedIn = false;
  var meKnown = false;

  function checkScore(score) {
    form.querySelectorAll("input[name=score]").forEach(function (input) {
      input.checked = String(score) === input.value;
    });
  }

  function showLadder(info) {
    if (!ladder || !info || !info.message) return;
    ladder.textContent = info.message;
    ladder.hidden = false;
  }

  // The rating that made someone a contributor: say so, and offer the next step.
  function showPromotion(promotion) {
    if (!promotion || root.querySelector("[data-promotion]")) return;
    var panel = document.createElement("div");
    panel.className = "promotion";
    panel.setAttribute("data-promotion", "");
    panel.setAttribute("role", "status");
    var text = document.createElement("p");
    text.textContent = promotion.message;
    var link = document.createElement("a");
    link.className = "button";
    link.href = promotion.url;
    link.textContent = promotion.label;
    panel.appendChild(text);
    panel.appendChild(link);
    root.insertBefore(panel, ladder || null);
  }

  function show(data) {
    if (summary && data.summary) summary.textContent = data.summary;
    checkScore(data.score);
    removeForm.hidden = !data.score;
    showLadder(data.ladder);
    showPromotion(data.promotion);
  }

  // Signed out: a star says "Sign in to rate" and carries the choice through sign-in.
  function askToSignIn(score) {
    var back = window.location.pathname + "?rate=" + encodeURIComponent(score);
    var link = document.createElement("a");
    link.href = root.getAttribute("data-login-url") + "?next=" + encodeURIComponent(back);
    link.textContent = "Sign in to rate";
    link.setAttribute("data-sign-in-to-rate", "");
    status.textContent = "";
    status.appendChild(link);
    status.appendChild(document.createTextNode(" this clip " + score + " out of 5."));
  }

  // Back from signing in with ?rate=N: the star is chosen; saving stays the person's act.
  function preselect() {
    var match = /[?&]rate=([1-5])(?:&|$)/.exec(window.location.search);
    if (!match) return;
    checkScore(match[1]);
    status.textContent = "You chose " + match[1] + " out of 5: press “Save rating” to keep it.";
  }

  function send(url, data, done) {
    status.textContent = "Saving…";
    root.setAttribute("aria-busy", "true");
    Hubbub.postJSON(url, data)
      .then(function (answer) {
        show(answer);
        status.textContent = done(answer);
      })
      .catch(function (error) {
        if (error.status === 401 && error.body && error.body.login_url) {
          window.location.href = error.body.login_url;
          return;
        }
        status.textContent = error.message;
      })
      .then(function () { root.removeAttribute("aria-busy"); });
  }

  function rate() {
    send(form.getAttribute("action"), new FormData(form), function (answer) {
      return "You rated this clip " + answer.score + " out of 5.";
    });
  }

  // Set by a pointer (mouse, pen, touch) pressing a star; a change without it came from keys.
  var pointerChoice = false;
  form.addEventListener("pointerdown", function () { pointerChoice = true; });

  form.addEventListener("change", function (event) {
    if (event.target.name !== "score") return;
    if (!signedIn) {
      if (meKnown) askToSignIn(event.target.value);
      return;
    }
    if (pointerChoice) {
      pointerChoice = false;
      rate();
      return;
    }
    status.textContent =
      event.target.value + " out of 5 chosen: press Enter or Save rating to save it.";
  });
  form.addEventListener("keydown", function (event) {
    var target = event.target;
    pointerChoice = false;
    if (!signedIn || target.name !== "score") return;
    if (event.key !== "Enter" && event.key !== " ") return;
    event.preventDefault();
    target.checked = true;
    rate();
  });
  form.addEventListener("submit", function (event) {
    if (!signedIn) return; // anonymous: the normal POST sends them to sign in and back
    event.preventDefault();
    if (form.querySelector("input[name=score]:checked")) rate();
  });
  removeForm.addEventListener("submit", function (event) {
    event.preventDefault();
    send(removeForm.getAttribute("action"), new FormData(removeForm), function () {
      return "Your rating is removed.";
    });
  });

  Hubbub.me().then(function (me) {
    meKnown = true;
    if (!me.authenticated) return;
    signedIn = true;
    root.classList.add("is-signed-in");
    root.querySelectorAll("[data-signed-out]").forEach(function (el) { el.hidden = true; });
    var mine = me.clip || {};
    if (mine.made_by_you) {
      // Makers do not rate their own clips (the server refuses it too).
      form.hidden = true;
      var own = root.querySelector("[data-rating-own]");
      if (own) own.hidden = false;
      return;
    }
    if (mine.score) {
      checkScore(mine.score);
      removeForm.hidden = false;
      status.textContent = "Your rating: " + mine.score + " out of 5.";
    } else {
      preselect();
    }
    showLadder(me.ladder);
  });
})();
