// Pages that follow a pairing (the interpreter's view, the applicant's pairing page): ask the
// server every moment whether anything changed and put the new part in place, announced
// through a polite live region. Without this file the interpreter's page refreshes itself.
(function () {
  "use strict";

  var region = document.querySelector("[data-poll]");
  if (!region || !window.fetch || !window.JSON) { return; }
  var live = document.querySelector("[data-poll-live]");
  // How often to ask: the page says (a follower sees the applicant move within 3 seconds).
  var EVERY = Number(region.getAttribute("data-every")) || 1500;

  function announce(words) {
    if (!live || !words) { return; }
    live.textContent = "";
    // A short pause makes screen readers notice the change even when the text repeats.
    window.setTimeout(function () { live.textContent = words; }, 100);
  }

  function show(reply) {
    if (reply.html === undefined || String(reply.version) === region.getAttribute("data-version")) {
      return;
    }
    // Focus inside the old part would fall to the page's start: keep it on the new part.
    var hadFocus = region.contains(document.activeElement);
    region.innerHTML = reply.html;
    if (hadFocus) { region.focus(); }
    region.setAttribute("data-version", reply.version);
    if (reply.ended) {
      document.querySelectorAll("[data-live-only]").forEach(function (part) { part.hidden = true; });
    }
    announce(reply.announce);
  }

  function look() {
    var url = region.getAttribute("data-poll");
    url += (url.indexOf("?") === -1 ? "?" : "&") + "since=" + region.getAttribute("data-version");
    fetch(url, { credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (response) {
        if (!response.ok) { throw new Error("HTTP " + response.status); }
        return response.json();
      })
      .then(function (reply) {
        show(reply);
        if (!reply.ended) { window.setTimeout(look, EVERY); }
      })
      .catch(function () { window.setTimeout(look, EVERY * 4); });
  }
  window.setTimeout(look, EVERY);
})();
