// Clip page player: transcript links seek the video; #t=SECONDS in the URL starts there.
(function () {
  "use strict";
  var video = document.getElementById("clip-video");
  if (!video) return;

  function seek(seconds) {
    if (!isFinite(seconds) || seconds < 0) return;
    var go = function () { video.currentTime = seconds; };
    if (video.readyState >= 1) go(); else video.addEventListener("loadedmetadata", go, { once: true });
  }

  var match = /[#&]t=([\d.]+)/.exec(window.location.hash);
  if (match) seek(parseFloat(match[1]));

  document.addEventListener("click", function (event) {
    var link = event.target.closest("[data-seek]");
    if (!link) return;
    event.preventDefault();
    seek(parseFloat(link.getAttribute("data-seek")));
    history.replaceState(null, "", "#t=" + link.getAttribute("data-seek"));
    video.focus();
    video.play().catch(function () {});
  });
})();
