// The customer chat page: mounts the shared chat client (chat-core.js) on the whole page;
// settings come from /config.js.
(function () {
  "use strict";

  const LANG_KEY = "triagebot.lang";
  const lang = localStorage.getItem(LANG_KEY) ||
    ((navigator.language || "").toLowerCase().startsWith("ja") ? "ja" : "en");
  window.TriagebotIo = window.io;
  document.getElementById("app").replaceChildren();

  function showLanguage(chosen) {
    document.documentElement.lang = chosen;
    document.title = window.TriagebotStrings[chosen].title;
  }

  showLanguage(lang);
  window.TriagebotChat.mount(document.getElementById("app"), {
    config: window.TRIAGEBOT_CONFIG, storage: "triagebot.", lang: lang, heading: "h1",
    onLanguage: (chosen) => {
      localStorage.setItem(LANG_KEY, chosen);
      showLanguage(chosen);
    },
  });
  document.getElementById("message").focus();
})();
