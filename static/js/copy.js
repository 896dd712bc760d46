/* "Copy address" buttons: copy the text of the field named in data-copy and say so.
   Without JavaScript (or clipboard access) the button stays hidden; the field remains
   selectable by hand. */
(function () {
  "use strict";
  if (!navigator.clipboard) {
    return;
  }
  var status = document.querySelector("[data-copy-status]");
  document.querySelectorAll("[data-copy]").forEach(function (button) {
    var field = document.querySelector(button.getAttribute("data-copy"));
    if (!field) {
      return;
    }
    button.hidden = false;
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(field.value).then(function () {
        if (status) {
          status.textContent = button.getAttribute("data-copied");
        }
      });
    });
  });
})();
