// What the player reports: one view beacon when playback starts (for everyone, so cached
// pages still count views), and for signed-in viewers their place in the clip: saved every
// few seconds while playing, on pause and when leaving the page; resumed on the next visit.
(function () {
  "use strict";
  var video = document.getElementById("clip-video");
  var root = document.querySelector("[data-rating]");
  if (!video || !root || !window.Hubbub) return;
  var Hubbub = window.Hubbub;
  var viewUrl = root.getAttribute("data-view-url");
  var progressUrl = root.getAttribute("data-progress-url");
  var SAVE_EVERY_MS = 5000;
  var viewSent = false;
  var signedIn = false;
  var timer = null;
  var lastSaved = -1;

  video.addEventListener("play", function () {
    if (viewSent) return;
    viewSent = true;
    Hubbub.postJSON(viewUrl, Hubbub.formData(), { keepalive: true }).catch(function () {});
  });

  function fields() {
    var duration = isFinite(video.duration) ? video.duration : 0;
    return { position: video.currentTime.toFixed(2), duration: duration.toFixed(2) };
  }

  // On leaving, sendBeacon survives the page going away; otherwise a normal request.
  function save(leaving) {
    if (!signedIn) return;
    var now = fields();
    if (Math.abs(parseFloat(now.position) - lastSaved) < 0.25) return;
    lastSaved = parseFloat(now.position);
    var data = Hubbub.formData(now);
    if (leaving && navigator.sendBeacon) {
      navigator.sendBeacon(progressUrl, data);
      return;
    }
    Hubbub.postJSON(progressUrl, data, { keepalive: true }).catch(function () {
      lastSaved = -1; // try again next time
    });
  }

  function resume(position) {
    if (/[#&]t=/.test(window.location.hash) || !(position > 1)) return;
    var go = function () {
      if (isFinite(video.duration) && position >= video.duration - 1) return;
      video.currentTime = position;
      var status = root.querySelector("[data-rating-status]");
      if (status && !status.textContent) {
        status.textContent = "Resuming where you stopped, at " + Hubbub.formatTime(position) + ".";
      }
    };
    if (video.readyState >= 1) go(); else video.addEventListener("loadedmetadata", go, { once: true });
  }

  Hubbub.me().then(function (me) {
    if (!me.authenticated) return;
    var mine = me.clip || {};
    signedIn = true;
    lastSaved = mine.position || 0;
    if (!mine.completed) resume(mine.position);
    if (!video.paused) start();
  });

  function start() {
    if (timer) return;
    timer = window.setInterval(function () { save(false); }, SAVE_EVERY_MS);
  }

  function stop() {
    if (timer) window.clearInterval(timer);
    timer = null;
  }

  video.addEventListener("playing", start);
  video.addEventListener("pause", function () { stop(); save(false); });
  video.addEventListener("ended", function () { stop(); save(false); });
  video.addEventListener("seeked", function () { if (video.paused) save(false); });
  window.addEventListener("pagehide", function () { stop(); save(true); });
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "hidden") save(true);
  });
})();
