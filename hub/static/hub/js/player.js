// The clip player: the browser's own controls, plus what learners expect from a video site.
// - transcript lines seek the video; the line being spoken is highlighted and kept in view
//   until the person scrolls the transcript themselves ("Follow the video again" resumes);
// - speed 0.75×–2×, a choice of caption tracks when a clip has several;
// - shortcuts: Space/k play or pause, j/l ten seconds back/forward, c captions, < > speed
//   (not while typing in a field, and Space is left to buttons and links that have focus);
// - "Copy link at this moment" copies the address with #t=SECONDS, which starts playback there.
// Without this script the native controls and the transcript's #t= links still work.
(function () {
  "use strict";
  var video = document.getElementById("clip-video");
  if (!video) return;
  var tools = document.querySelector("[data-player-tools]");
  var status = document.querySelector("[data-player-status]");
  var list = document.querySelector("[data-transcript]");
  var followButton = document.querySelector("[data-transcript-follow]");
  var SPEEDS = [0.75, 1, 1.25, 1.5, 1.75, 2];
  var STEP = 10;

  function say(text) {
    if (status) status.textContent = text;
  }

  function seek(seconds) {
    if (!isFinite(seconds) || seconds < 0) return;
    var go = function () {
      video.currentTime = Math.min(seconds, video.duration || seconds);
    };
    if (video.readyState >= 1) go();
    else video.addEventListener("loadedmetadata", go, { once: true });
  }

  var match = /[#&]t=([\d.]+)/.exec(window.location.hash);
  if (match) seek(parseFloat(match[1]));

  document.addEventListener("click", function (event) {
    var link = event.target.closest("[data-seek]");
    if (!link) return;
    event.preventDefault();
    seek(parseFloat(link.getAttribute("data-seek")));
    history.replaceState(null, "", "#t=" + link.getAttribute("data-seek"));
    following = true;
    if (followButton) followButton.hidden = true;
    video.focus();
    video.play().catch(function () {});
  });

  // Transcript: highlight and follow ------------------------------------------------------
  var lines = list ? Array.prototype.slice.call(list.querySelectorAll("[data-cue-start]")) : [];
  var current = null;
  var following = true;
  var scrolledByUs = false;

  function lineAt(time) {
    for (var i = lines.length - 1; i >= 0; i--) {
      var start = parseFloat(lines[i].getAttribute("data-cue-start"));
      var end = parseFloat(lines[i].getAttribute("data-cue-end"));
      if (time >= start && time < end) return lines[i];
    }
    return null;
  }

  function keepInView(line) {
    var top = line.offsetTop - list.offsetTop;
    if (top < list.scrollTop || top + line.offsetHeight > list.scrollTop + list.clientHeight) {
      scrolledByUs = true;
      list.scrollTop = top - list.clientHeight / 3;
    }
  }

  function highlight() {
    var line = lineAt(video.currentTime);
    if (line === current) return;
    if (current) {
      current.classList.remove("is-current");
      current.removeAttribute("aria-current");
    }
    current = line;
    if (!line) return;
    line.classList.add("is-current");
    line.setAttribute("aria-current", "true");
    if (following) keepInView(line);
  }

  if (lines.length) {
    video.addEventListener("timeupdate", highlight);
    video.addEventListener("seeked", highlight);
    list.addEventListener("scroll", function () {
      if (scrolledByUs) {
        scrolledByUs = false;
        return;
      }
      following = false; // the person is reading elsewhere: stop moving the list under them
      if (followButton) followButton.hidden = false;
    });
    if (followButton) {
      followButton.addEventListener("click", function () {
        following = true;
        followButton.hidden = true;
        if (current) keepInView(current);
      });
    }
  }

  if (!tools) return;
  tools.hidden = false;

  // Speed ---------------------------------------------------------------------------------
  var speed = tools.querySelector("[data-player-speed]");
  function setSpeed(rate) {
    video.playbackRate = rate;
    speed.value = String(rate);
    say("Speed " + rate + "×");
  }
  speed.addEventListener("change", function () {
    setSpeed(parseFloat(speed.value));
  });
  function stepSpeed(direction) {
    var index = SPEEDS.indexOf(video.playbackRate);
    if (index < 0) index = 1;
    setSpeed(SPEEDS[Math.max(0, Math.min(SPEEDS.length - 1, index + direction))]);
  }

  // Captions: one choice per track, "Off" too -------------------------------------------------
  var captions = tools.querySelector("[data-player-captions]");
  var captionsLabel = tools.querySelector("[data-player-captions-label]");
  var lastTrack = 0;
  function tracks() {
    return Array.prototype.filter.call(video.textTracks, function (track) {
      return track.kind === "captions" || track.kind === "subtitles";
    });
  }
  function showTrack(index) {
    tracks().forEach(function (track, i) {
      track.mode = i === index ? "showing" : "disabled";
    });
    if (index >= 0) lastTrack = index;
    captions.value = String(index);
  }
  function fillCaptions() {
    var all = tracks();
    if (!all.length) return;
    captions.textContent = "";
    var off = new Option("Off", "-1");
    captions.appendChild(off);
    all.forEach(function (track, i) {
      captions.appendChild(new Option(track.label || track.language || "Track " + (i + 1), String(i)));
    });
    var showing = all.findIndex(function (track) { return track.mode === "showing"; });
    captions.value = String(showing);
    if (showing >= 0) lastTrack = showing;
    captions.hidden = captionsLabel.hidden = false;
  }
  function toggleCaptions() {
    var showing = tracks().some(function (track) { return track.mode === "showing"; });
    showTrack(showing ? -1 : lastTrack);
    var track = tracks()[lastTrack];
    say(showing ? "Captions off" : "Captions on" + (track && track.label ? ": " + track.label : ""));
  }
  captions.addEventListener("change", function () {
    var index = parseInt(captions.value, 10);
    showTrack(index);
    say(index < 0 ? "Captions off" : "Captions: " + captions.options[captions.selectedIndex].text);
  });
  fillCaptions();
  video.textTracks.addEventListener("addtrack", fillCaptions);
  // The browser's own captions menu changes the modes too: keep the choice in step with it.
  video.textTracks.addEventListener("change", function () {
    var showing = tracks().findIndex(function (track) { return track.mode === "showing"; });
    if (showing >= 0) lastTrack = showing;
    captions.value = String(showing);
  });

  // Copy link at this moment -------------------------------------------------------------------
  tools.querySelector("[data-player-copy]").addEventListener("click", function () {
    var url = window.location.href.split("#")[0] + "#t=" + Math.floor(video.currentTime);
    history.replaceState(null, "", "#t=" + Math.floor(video.currentTime));
    var done = function () { say("Link copied: " + url); };
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(url).then(done, function () { say("Copy this link: " + url); });
    } else {
      say("Copy this link: " + url);
    }
  });

  // Keyboard shortcuts ---------------------------------------------------------------------
  function typing(target) {
    return target.closest("input, textarea, select, [contenteditable]") !== null;
  }
  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey || typing(event.target)) return;
    var key = event.key;
    if (key === " " || key === "k") {
      // Space belongs to a focused button or link; the video and the page get play/pause.
      if (key === " " && event.target.closest("button, a, summary")) return;
      if (key === " " && event.target === video) return; // the native control handles it
      event.preventDefault();
      if (video.paused) video.play().catch(function () {});
      else video.pause();
    } else if (key === "j" || key === "l") {
      event.preventDefault();
      var to = video.currentTime + (key === "l" ? STEP : -STEP);
      video.currentTime = Math.max(0, Math.min(video.duration || to, to));
      say((key === "l" ? "Forward" : "Back") + " 10 seconds");
    } else if (key === "c") {
      event.preventDefault();
      toggleCaptions();
    } else if (key === "<" || key === ">") {
      event.preventDefault();
      stepSpeed(key === ">" ? 1 : -1);
    }
  });
})();
