/* Schedule editor: shows only the parts of the sentence that fit the chosen frequency,
   and updates the preview of the next dates while typing. Without JavaScript every part
   is shown and the preview comes with the "Show the next dates" button. */
(function () {
  "use strict";
  var form = document.querySelector(".schedule-editor");
  if (!form || !window.fetch || !window.FormData) {
    return;
  }
  var preview = document.getElementById("schedule-preview");

  function frequency() {
    var checked = form.querySelector('input[name="frequency"]:checked');
    return checked ? checked.value : "";
  }

  function showParts() {
    var current = frequency();
    form.querySelectorAll("[data-for]").forEach(function (part) {
      part.hidden = current !== "" && part.dataset.for.split(" ").indexOf(current) === -1;
    });
  }

  var timer = null;
  function refreshPreview() {
    window.clearTimeout(timer);
    timer = window.setTimeout(function () {
      var data = new FormData(form);
      data.set("preview", "1");
      fetch(form.dataset.previewUrl, {
        method: "POST",
        body: data,
        credentials: "same-origin",
        headers: { "X-Requested-With": "fetch" },
      })
        .then(function (response) {
          return response.ok ? response.text() : null;
        })
        .then(function (html) {
          if (html !== null) {
            preview.innerHTML = html;
          }
        })
        .catch(function () {
          /* The button still shows the preview. */
        });
    }, 400);
  }

  form.addEventListener("change", function () {
    showParts();
    refreshPreview();
  });
  form.addEventListener("input", refreshPreview);
  showParts();
})();
