// The header's "Review (N)" link for people who may review. Public pages are the same for
// everyone, so the count comes from /me/reviews/ after the page loads; without script,
// reviewers find the same link on /contribute/.
(function () {
  "use strict";
  var item = document.querySelector("[data-review-link]");
  if (!item || !window.fetch) return;
  fetch(item.getAttribute("data-me-url"), {
    credentials: "same-origin",
    headers: { Accept: "application/json" },
  })
    .then(function (response) { return response.ok ? response.json() : null; })
    .then(function (data) {
      if (!data || !data.may_review) return;
      var link = item.querySelector("a");
      link.textContent = "Review (" + data.count + ")";
      link.setAttribute(
        "aria-label",
        "Review: " + data.count + " submission" + (data.count === 1 ? "" : "s") + " waiting for you"
      );
      item.hidden = false;
    })
    .catch(function () {});
})();
