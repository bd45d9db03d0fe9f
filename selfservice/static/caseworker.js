// Warns before the idle timeout and lets the caseworker stay signed in (WCAG 2.2.1).
(function () {
  "use strict";
  var body = document.body;
  var statusUrl = body.getAttribute("data-session-url");
  var warning = document.querySelector("[data-timeout-warning]");
  if (!statusUrl || !warning) { return; }
  var warnSeconds = Number(body.getAttribute("data-warn-seconds")) || 120;
  function check() {
    fetch(statusUrl, {credentials: "same-origin", headers: {"Accept": "application/json"}})
      .then(function (response) { return response.ok ? response.json() : {seconds_left: 0}; })
      .then(function (data) {
        if (data.seconds_left <= 0) { window.location.reload(); return; }
        var showing = data.seconds_left <= warnSeconds;
        var appearing = showing && warning.hidden;
        warning.hidden = !showing;
        // Announce and focus once when the warning appears (a hidden button cannot take the
        // focus, so after showing it); never take the focus again while it stays: the
        // caseworker may be typing a justification.
        if (appearing) { warning.querySelector("button").focus(); }
        window.setTimeout(check, Math.max(5, Math.min(data.seconds_left - warnSeconds, 60)) * 1000);
      });
  }
  var form = warning.querySelector("[data-extend-form]");
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    fetch(form.action, {method: "POST", credentials: "same-origin", body: new FormData(form)})
      .then(function () { warning.hidden = true; check(); });
  });
  window.setTimeout(check, 30000);
})();

// A date typed only in part (month and day, no year) reaches the server as nothing, and the
// old date would be lost without a word: stop the form and say what is missing.
(function () {
  "use strict";
  document.addEventListener("submit", function (event) {
    var fields = event.target.querySelectorAll("input[type=date][data-incomplete]");
    for (var i = 0; i < fields.length; i += 1) {
      var field = fields[i];
      if (field.validity && field.validity.badInput) {
        event.preventDefault();
        var id = field.id + "-incomplete";
        var message = document.getElementById(id);
        if (!message) {
          message = document.createElement("p");
          message.className = "error-message";
          message.id = id;
          message.textContent = field.getAttribute("data-incomplete");
          field.parentNode.insertBefore(message, field);
          var described = field.getAttribute("aria-describedby");
          field.setAttribute("aria-describedby", described ? described + " " + id : id);
        }
        field.setAttribute("aria-invalid", "true");
        field.focus();
        return;
      }
    }
  });
})();

// A form that came back with problems: the summary of them takes the focus, so a keyboard or
// screen-reader user starts from the list of what to fix (as on the applicant's pages).
(function () {
  "use strict";
  var summary = document.querySelector("[data-error-summary]");
  if (summary) { summary.focus(); }
})();
