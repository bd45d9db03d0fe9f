// "Listen": reads a question, its help, its choices or a chat message aloud with the
// browser's own speech synthesis (Web Speech API): nothing leaves the device. A button is
// added only where the device has a voice for the text's language, or where the form names a
// recorded file for it (data-audio), which then plays instead. Without this file, or without
// speech, there is no button. The words are the ones the page shows (the catalogue's).
(function () {
  "use strict";

  var body = document.body;
  var synth = window.speechSynthesis;
  var canSpeak = !!(synth && window.SpeechSynthesisUtterance);
  var LABEL = body.getAttribute("data-listen") || "Lyssna";
  var LABEL_SWEDISH = body.getAttribute("data-listen-swedish") || "Lyssna på svenska";
  // Never read: the page's own Swedish beneath (it has its own button), what only screen
  // readers get ("Fel:"), the buttons themselves, and forms inside a chat message.
  var SKIP = ".source-text, .visually-hidden, .listen, form";

  function clean(text) { return text.replace(/\s+/g, " ").trim(); }

  // Sentences one after the other, with a pause between where the text has none.
  function joined(parts) {
    return parts.filter(Boolean).reduce(function (said, part) {
      return !said ? part : said + (/[.!?:؟]$/.test(said) ? " " : ". ") + part;
    }, "");
  }

  function textOf(node, only) {
    var copy = node.cloneNode(true);
    if (only) {
      var parts = Array.prototype.map.call(copy.querySelectorAll(only), function (part) {
        return clean(part.textContent);
      });
      return joined(parts);
    }
    copy.querySelectorAll(SKIP).forEach(function (part) { part.remove(); });
    return clean(copy.textContent);
  }

  // A question's own words with its hint; a list of choices one after the other.
  function words(node, only) {
    if (node.getAttribute("data-speak") === "choices") {
      var items = node.querySelectorAll("label, li");
      return joined(Array.prototype.map.call(items, function (item) {
        return textOf(item, only);
      }));
    }
    var said = textOf(node, only);
    var hint = document.getElementById(node.getAttribute("data-speak-hint") || "");
    var more = hint ? textOf(hint, only) : "";
    return joined([said, more]);
  }

  function languageOf(node, only) {
    var part = only ? node.querySelector(only) : null;
    var holder = (part || node).closest("[lang]");
    return holder ? holder.getAttribute("lang") : "sv";
  }

  function voiceFor(lang) {
    if (!canSpeak) { return null; }
    var wanted = lang.toLowerCase().split("-")[0];
    return synth.getVoices().filter(function (voice) {
      return (voice.lang || "").toLowerCase().replace("_", "-").split("-")[0] === wanted;
    })[0] || null;
  }

  function speak(text, lang) {
    var utterance = new window.SpeechSynthesisUtterance(text);
    utterance.lang = lang;
    var voice = voiceFor(lang);
    if (voice) { utterance.voice = voice; }
    synth.cancel();  // one thing at a time: a second press starts again
    synth.speak(utterance);
  }

  function button(label, about, action) {
    var made = document.createElement("button");
    made.type = "button";
    made.className = "listen";
    made.textContent = label;
    // The visible word first, then what it reads, so speech input finds it by its word.
    made.setAttribute("aria-label", label + ": " + about.slice(0, 80));
    made.addEventListener("click", action);
    return made;
  }

  // Inside a fieldset (after its choices) and a chat message; after anything else.
  function place(node, made) {
    if (node.tagName === "FIELDSET" || node.tagName === "LI") {
      node.appendChild(made);
    } else {
      node.insertAdjacentElement("afterend", made);
    }
  }

  // The page's language reads as "Listen"; Swedish beside another language as "Listen in
  // Swedish", and the applicant's language on the follower's screen as such.
  function labelFor(node, lang) {
    var page = (document.documentElement.getAttribute("lang") || "").split("-")[0];
    if (lang === "sv" && (page !== "sv" || node.hasAttribute("data-speak-also"))) {
      return LABEL_SWEDISH;
    }
    if (lang.split("-")[0] === page) { return LABEL; }
    var holder = node.closest("[data-listen-own]");
    return holder ? holder.getAttribute("data-listen-own") : LABEL;
  }

  // A button that reads the node's words (or only its `only` parts) in their language, or
  // plays the recording; none where the device has neither a voice nor a recording.
  function reader(node, only, audio) {
    var lang = languageOf(node, only);
    var text = words(node, only);
    if (!text || !(audio || voiceFor(lang))) { return null; }
    return button(labelFor(node, lang), text, function () {
      if (audio) {
        if (canSpeak) { synth.cancel(); }
        new window.Audio(audio).play();
      } else {
        speak(words(node, only), lang);
      }
    });
  }

  function equip(node) {
    if (node.hasAttribute("data-listen-ready")) { return; }
    var only = node.getAttribute("data-speak-in");
    var buttons = [reader(node, only, node.getAttribute("data-audio"))];
    // The interpreter view: the Swedish beneath, read in Swedish.
    if (!only && node.querySelector(".source-text") && languageOf(node) !== "sv") {
      buttons.push(reader(node, ".source-text"));
    }
    // The follower's screen: the applicant's language after the Swedish.
    if (node.hasAttribute("data-speak-also")) {
      buttons.push(reader(node, node.getAttribute("data-speak-also")));
    }
    buttons = buttons.filter(Boolean);
    if (!buttons.length) { return; }
    node.setAttribute("data-listen-ready", "");
    buttons.reverse().forEach(function (made) { place(node, made); });
  }

  function scan() { document.querySelectorAll("[data-speak]").forEach(equip); }

  scan();
  if (canSpeak && synth.addEventListener) {
    synth.addEventListener("voiceschanged", scan);  // voices often arrive a moment later
  }
  // New chat messages and a follower's new question arrive without a reload.
  if (window.MutationObserver) {
    new window.MutationObserver(scan).observe(body, { childList: true, subtree: true });
  }
})();
