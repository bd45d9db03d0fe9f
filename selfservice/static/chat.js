// The chat without reloading the page. Progressive enhancement only: every turn is a normal
// form POST without this file. With it, the same POST goes by fetch and asks for JSON: the new
// messages and the reply area come back as HTML, are put in place, and the bot's words are
// read out through a polite live region. Nothing is kept in the browser's storage.
(function () {
  "use strict";

  var chat = document.querySelector("[data-chat]");
  if (!chat || !window.fetch || !window.FormData) { return; }
  var log = chat.querySelector("[data-chat-log]");
  var live = chat.querySelector("[data-chat-live]");
  var controls = chat.querySelector("[data-chat-controls]");
  var busy = false;
  var lastButton = null;

  // Browsers without SubmitEvent.submitter still tell us which button was pressed.
  chat.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("button");
    lastButton = button && button.form ? button : null;
  });

  function announce(nodes) {
    var words = [];
    nodes.forEach(function (node) {
      if (node.classList.contains("chat__message--bot")) {
        words.push(node.textContent.replace(/\s+/g, " ").trim());
      }
    });
    live.textContent = "";
    // A short pause makes screen readers notice the change even when the text repeats.
    window.setTimeout(function () { live.textContent = words.join(" "); }, 100);
  }

  function show(reply) {
    if (reply.restart) { log.innerHTML = ""; }
    var before = log.children.length;
    log.insertAdjacentHTML("beforeend", reply.messages);
    var added = Array.prototype.slice.call(log.children, before);
    controls.innerHTML = reply.controls;
    // Questions asked together may reveal one another (app.js listens for changes).
    controls.dispatchEvent(new Event("change", { bubbles: true }));
    // "Switch to the form" follows the conversation to the page of the question asked now.
    var toForm = chat.querySelector("[data-switch-to-form]");
    if (toForm && reply.form_url) { toForm.setAttribute("href", reply.form_url); }
    if (added.length) {
      added[0].scrollIntoView({ block: "start" });
      announce(added);
    }
    var input = controls.querySelector("[data-chat-input]") ||
      controls.querySelector(".chat__together input:not([type=hidden]), .chat__together textarea");
    if (input) { input.focus({ preventScroll: true }); }
  }

  // If fetch fails, the form goes the ordinary way, so nothing the person typed is lost.
  function sendPlainly(form, button) {
    if (button && button.name) {
      var carried = document.createElement("input");
      carried.type = "hidden";
      carried.name = button.name;
      carried.value = button.value;
      form.appendChild(carried);
    }
    HTMLFormElement.prototype.submit.call(form);
  }

  chat.addEventListener("submit", function (event) {
    var form = event.target.closest && event.target.closest("[data-chat-form]");
    if (!form) { return; }
    var button = event.submitter || lastButton;
    // The language switch loads the chat in the other language: an ordinary submit.
    if (button && button.name === "switch_language") { return; }
    event.preventDefault();
    if (busy) { return; }
    var data = new FormData(form);
    if (button && button.name) { data.append(button.name, button.value); }
    busy = true;
    chat.setAttribute("aria-busy", "true");
    fetch(form.action, {
      method: "POST", body: data, credentials: "same-origin",
      headers: { "Accept": "application/json" }
    }).then(function (response) {
      if (!response.ok) { throw new Error("HTTP " + response.status); }
      return response.json();
    }).then(function (reply) {
      busy = false;
      chat.removeAttribute("aria-busy");
      show(reply);
    }).catch(function () {
      busy = false;
      chat.removeAttribute("aria-busy");
      sendPlainly(form, button);
    });
  });
})();
