/* "Print" button of the printable programme; without JavaScript the browser's own print
   command does the same, so the button stays hidden then. */
(function () {
  "use strict";
  var button = document.querySelector("[data-print]");
  if (!button || !window.print) {
    return;
  }
  button.hidden = false;
  button.addEventListener("click", function () {
    window.print();
  });
})();
