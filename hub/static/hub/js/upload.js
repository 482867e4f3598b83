/* Upload with a progress bar: enhances form[data-upload-form] on /contribute/.
 *
 * Without JavaScript the form posts normally and the server answers with the page. With
 * it, the form is sent with XMLHttpRequest so the upload's progress can be shown: a bar
 * (role="progressbar", aria-valuenow) with a visible percentage, and a polite live region
 * that tells screen-reader users every 10%. The server answers JSON: a redirect when the
 * clip was accepted, or the errors per field, shown in place so nothing typed is lost.
 * A file over the size limit is refused before a byte is sent. "Cancel upload" stops the
 * transfer (nothing is saved on the server), and a second submit while one is on its way is
 * ignored (the server also recognises the same file sent twice).
 */
(function () {
  "use strict";

  var form = document.querySelector("form[data-upload-form]");
  if (!form || !window.FormData || !window.XMLHttpRequest) {
    return;
  }
  var panel = form.querySelector("[data-upload-progress]");
  var bar = form.querySelector("[data-progress-bar]");
  var fill = form.querySelector("[data-progress-fill]");
  var text = form.querySelector("[data-progress-text]");
  var live = form.querySelector("[data-progress-live]");
  var summary = form.querySelector("[data-error-summary]");
  var button = form.querySelector("button[type=submit]");
  var cancel = form.querySelector("[data-upload-cancel]");
  var announced = -10;
  var sending = null;

  function setProgress(percent) {
    percent = Math.max(0, Math.min(100, percent));
    bar.setAttribute("aria-valuenow", String(percent));
    bar.setAttribute("aria-valuetext", percent + "% uploaded");
    fill.style.width = percent + "%";
    text.textContent = percent + "%";
    if (percent === 100) {
      live.textContent = "Upload complete. Checking your video…";
    } else if (percent - announced >= 10) {
      announced = percent - (percent % 10);
      live.textContent = "Uploaded " + announced + " percent";
    }
  }

  // Add or remove one id in a field's aria-describedby (it may also name its help text).
  function describe(input, id, on) {
    var ids = (input.getAttribute("aria-describedby") || "").split(/\s+/).filter(function (x) {
      return x && x !== id;
    });
    if (on && id) ids.push(id);
    if (ids.length) input.setAttribute("aria-describedby", ids.join(" "));
    else input.removeAttribute("aria-describedby");
  }

  function clearErrors() {
    form.querySelectorAll("[data-errors-for]").forEach(function (node) {
      node.textContent = "";
    });
    form.querySelectorAll(".field-error").forEach(function (node) {
      node.classList.remove("field-error");
    });
    form.querySelectorAll("[aria-invalid]").forEach(function (node) {
      node.removeAttribute("aria-invalid");
      describe(node, node.id + "_error", false);
    });
    summary.hidden = true;
    summary.textContent = "";
  }

  function labelFor(name) {
    var field = form.querySelector('[data-field="' + name + '"] label');
    return field ? field.firstChild.textContent.trim() : "";
  }

  function showErrors(errors) {
    clearErrors();
    var heading = document.createElement("h2");
    var list = document.createElement("ul");
    var count = 0;
    Object.keys(errors).forEach(function (name) {
      var messages = errors[name].join(" ");
      var slot = form.querySelector('[data-errors-for="' + name + '"]');
      if (slot) {
        slot.textContent = messages;
        slot.parentNode.classList.add("field-error");
        var input = slot.parentNode.querySelector("input, select, textarea");
        if (input) {
          input.setAttribute("aria-invalid", "true");
          describe(input, slot.id, true); // the message is read with the field, as Django's are
        }
      }
      errors[name].forEach(function (message) {
        var item = document.createElement("li");
        var label = slot ? labelFor(name) : "";
        item.textContent = label ? label + ": " + message : message;
        list.appendChild(item);
        count += 1;
      });
    });
    heading.textContent = "Please fix " + count + " problem" + (count === 1 ? "" : "s");
    summary.appendChild(heading);
    summary.appendChild(list);
    summary.hidden = false;
    summary.focus();
  }

  function finish() {
    sending = null;
    button.disabled = false;
    panel.hidden = true;
  }

  if (cancel) {
    cancel.addEventListener("click", function () {
      if (!sending) return;
      sending.abort();
    });
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    if (sending) return; // already on its way: a second click does nothing
    var video = form.querySelector("input[name=video]");
    var maxBytes = parseInt(form.getAttribute("data-max-bytes"), 10);
    if (video && video.files.length && maxBytes && video.files[0].size > maxBytes) {
      showErrors({
        video: ["The file is too large: the limit is " + form.getAttribute("data-max-mb") + " MB."],
      });
      return;
    }
    clearErrors();
    var xhr = new XMLHttpRequest();
    xhr.open("POST", form.getAttribute("action") || window.location.href);
    xhr.setRequestHeader("Accept", "application/json");
    xhr.upload.addEventListener("progress", function (progress) {
      if (progress.lengthComputable && progress.total > 0) {
        setProgress(Math.floor((progress.loaded / progress.total) * 100));
      }
    });
    xhr.upload.addEventListener("load", function () {
      setProgress(100);
    });
    xhr.addEventListener("load", function () {
      var data = null;
      try {
        data = JSON.parse(xhr.responseText);
      } catch (error) {
        data = null;
      }
      if (data && data.ok && data.redirect) {
        window.location.assign(data.redirect);
        return;
      }
      finish();
      if (data && data.errors) {
        showErrors(data.errors);
      } else {
        showErrors({ __all__: ["The upload failed (error " + xhr.status + "). Please try again."] });
      }
    });
    xhr.addEventListener("abort", function () {
      finish();
      live.textContent = "";
      var status = form.querySelector("[data-upload-status]");
      if (status) status.textContent = "Upload cancelled. Nothing was sent for review.";
      button.focus();
    });
    xhr.addEventListener("error", function () {
      finish();
      showErrors({ __all__: ["The upload was interrupted. Check your connection and try again."] });
    });
    announced = -10;
    panel.hidden = false;
    setProgress(0);
    button.disabled = true;
    var status = form.querySelector("[data-upload-status]");
    if (status) status.textContent = "";
    sending = xhr;
    xhr.send(new FormData(form));
    if (cancel) cancel.focus();
  });
})();
