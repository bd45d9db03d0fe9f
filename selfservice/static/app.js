// Progressive enhancement only: every page works without this file.
(function () {
  "use strict";

  // Leave quickly: hide the page at once, then go through the link (which ends the session
  // on the server) in this page's place in the history, so Back does not return to it.
  function leave(link) {
    document.title = "";
    document.body.innerHTML = "";
    window.location.replace(link.href);
  }
  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("[data-quick-exit]");
    if (!link) { return; }
    event.preventDefault();
    leave(link);
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && event.shiftKey) {
      var link = document.querySelector("[data-quick-exit]");
      if (link) { event.preventDefault(); leave(link); }
    }
  });

  // Show a question only when the answer it depends on (on the same page) is given.
  function valuesOf(name) {
    var inputs = document.querySelectorAll("[name='" + name + "']");
    var values = [];
    inputs.forEach(function (input) {
      if ((input.type === "radio" || input.type === "checkbox")) {
        if (input.checked) { values.push(input.value); }
      } else if (input.value.trim() !== "") {
        values.push(input.value.trim());
      }
    });
    return values;
  }
  function holds(condition) {
    if (condition.all) { return condition.all.every(holds); }
    if (condition.any) { return condition.any.some(holds); }
    if (condition.not) { return !holds(condition.not); }
    if (condition.question.indexOf(".") !== -1) { return true; }  // decided by the server
    var values = valuesOf(condition.question);
    if ("answered" in condition) { return (values.length > 0) === condition.answered; }
    if ("equals" in condition) { return values.indexOf(String(condition.equals)) !== -1; }
    if ("includes" in condition) { return values.indexOf(condition.includes) !== -1; }
    if ("in" in condition) { return values.some(function (v) { return condition.in.map(String).indexOf(v) !== -1; }); }
    if ("not_in" in condition) { return values.every(function (v) { return condition.not_in.map(String).indexOf(v) === -1; }); }
    if ("greater_than" in condition) { return values.some(function (v) { return Number(v.replace(/\s/g, "")) > condition.greater_than; }); }
    return values.length > 0;
  }
  // Looked up on every change: the chat puts new questions in place without a reload.
  function refresh() {
    document.querySelectorAll("[data-reveal]").forEach(function (block) {
      block.hidden = !holds(JSON.parse(block.getAttribute("data-reveal")));
    });
  }
  document.addEventListener("change", refresh);
  document.addEventListener("input", refresh);
  refresh();

  // Move focus to the error summary so screen reader users hear what went wrong.
  var summary = document.querySelector("[data-error-summary]");
  if (summary) { summary.focus(); }

  // A second tap on "Skicka" while the first is on its way does nothing.
  document.querySelectorAll("[data-prevent-double-click]").forEach(function (button) {
    button.form.addEventListener("submit", function (event) {
      if (button.getAttribute("aria-disabled") === "true") { event.preventDefault(); }
      button.setAttribute("aria-disabled", "true");
    });
  });
})();
