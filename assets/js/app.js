// salonbox: progressive enhancements only; every page works without this file.
(function () {
  "use strict";
  // Keep a double click from submitting a form twice.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (form.dataset.submitted) { event.preventDefault(); return; }
    form.dataset.submitted = "1";
  });
})();
