// salonbox: progressive enhancements only; every page works without this file.
(function () {
  "use strict";
  // Keep a double click from submitting a form twice.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (form.dataset.submitted) { event.preventDefault(); return; }
    form.dataset.submitted = "1";
  });

  // The bell's unread count follows new notifications without a reload (the number is right without JS too).
  var bell = document.querySelector("[data-count-url]");
  if (bell && window.fetch) {
    var badge = bell.querySelector("[data-bell-count]");
    setInterval(function () {
      fetch(bell.getAttribute("data-count-url"), { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (r) { return r.ok ? r.json() : null; })
        .then(function (data) {
          if (!data || typeof data.unread !== "number") return;
          badge.textContent = String(data.unread);
          badge.classList.toggle("is-zero", data.unread === 0);
        })
        .catch(function () {});
    }, 20000);
  }
})();
