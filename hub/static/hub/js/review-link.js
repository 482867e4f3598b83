// The header's "Review (N)" link for people who may review. Public pages are the same for
// everyone, so the count comes from the page's one /me/ answer (its "reviews" part); without
// script, reviewers find the same link on /contribute/.
(function () {
  "use strict";
  var item = document.querySelector("[data-review-link]");
  if (!item || !window.Hubbub || !window.Hubbub.me) return;
  window.Hubbub.me().then(function (me) {
    var data = me.reviews;
    if (!data || !data.may_review) return;
    var link = item.querySelector("a");
    link.textContent = "Review (" + data.count + ")";
    link.setAttribute(
      "aria-label",
      "Review: " + data.count + " submission" + (data.count === 1 ? "" : "s") + " waiting for you"
    );
    item.hidden = false;
  });
})();
