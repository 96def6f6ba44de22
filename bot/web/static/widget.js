// The embeddable support chat: one <script src="https://SERVER/widget.js"> on any page.
// Configuration (all optional), either `window.triagebotWidget = {...}` set before this
// script, or a JSON block <script type="application/json" id="triagebot-widget">{...}</script>
// (which needs no 'unsafe-inline' in the page's CSP):
//   serverUrl    where the web app runs (default: where this script came from)
//   language     "en" or "ja" for the first greeting and the labels (default: the browser's)
//   metadataKey  the key metadata is sent under (default: the server's, e.g. "metadata")
//   position     "bottom-right" (default) or "bottom-left"
//   metadata     extra metadata for every message, e.g. {"country": "JP"}
//   open         true to open the chat at once
// The chat lives in a shadow root: the page's styles and ids do not reach it, nor its styles the page.
(function () {
  "use strict";

  if (window.TriagebotWidget) return; // the tag twice on one page: one chat
  const script = document.currentScript;
  const STORAGE = "triagebot.widget.";

  function settings() {
    const block = document.getElementById("triagebot-widget");
    let fromBlock = {};
    if (block && block.type === "application/json") {
      try { fromBlock = JSON.parse(block.textContent || "{}"); } catch (e) { fromBlock = {}; }
    }
    return Object.assign({}, fromBlock, window.triagebotWidget || {});
  }

  const options = settings();
  const server = (options.serverUrl || new URL(script.src).origin).replace(/\/+$/, "");

  // Load the shared client in order; the page's own `io` (if any) is left as it was.
  function load(sources, done) {
    const theirs = window.io;
    const next = (i) => {
      if (i === sources.length) {
        window.TriagebotIo = window.io;
        if (theirs !== undefined) window.io = theirs;
        done();
        return;
      }
      const tag = document.createElement("script");
      tag.src = server + sources[i];
      tag.async = false;
      tag.onload = () => next(i + 1);
      tag.onerror = () => console.error("triagebot widget: could not load " + tag.src);
      document.head.append(tag);
    };
    next(0);
  }

  function browserLanguage() {
    return (navigator.language || "").toLowerCase().startsWith("ja") ? "ja" : "en";
  }

  function build() {
    const S = window.TriagebotStrings;
    let lang = options.language === "ja" || options.language === "en"
      ? options.language : (sessionStorage.getItem(STORAGE + "lang") || browserLanguage());
    const host = document.createElement("div");
    host.id = "triagebot-widget-host";
    document.body.append(host);
    const shadow = host.attachShadow({ mode: "open" });
    for (const sheet of ["/static/chat.css", "/static/widget.css"]) {
      const link = document.createElement("link");
      link.rel = "stylesheet";
      link.href = server + sheet;
      shadow.append(link);
    }
    const frame = document.createElement("div");
    frame.className = "tb-widget tb-widget--" +
      (options.position === "bottom-left" ? "left" : "right");
    const launcher = document.createElement("button");
    launcher.type = "button";
    launcher.className = "tb-launcher";
    launcher.id = "launcher";
    launcher.setAttribute("aria-expanded", "false");
    launcher.setAttribute("aria-controls", "panel");
    const panel = document.createElement("div");
    panel.className = "tb-panel";
    panel.id = "panel";
    panel.setAttribute("role", "dialog");
    panel.hidden = true;
    const close = document.createElement("button");
    close.type = "button";
    close.className = "tb-button tb-close";
    close.id = "close";
    close.textContent = "×";
    frame.append(panel, launcher);
    shadow.append(frame);

    function label() {
      launcher.textContent = S[lang].title;
      launcher.setAttribute("aria-label", S[lang].open);
      close.setAttribute("aria-label", S[lang].close);
      panel.setAttribute("aria-label", S[lang].title);
    }
    let chat = null;
    function open() {
      panel.hidden = false;
      launcher.setAttribute("aria-expanded", "true");
      sessionStorage.setItem(STORAGE + "open", "1");
      if (!chat) {
        chat = window.TriagebotChat.mount(panel, {
          config: window.TRIAGEBOT_CONFIG, storage: STORAGE, lang: lang, heading: "h2",
          metadataKey: options.metadataKey, metadata: options.metadata, barButtons: [close],
          onLanguage: (chosen) => {
            lang = chosen;
            sessionStorage.setItem(STORAGE + "lang", chosen);
            label();
          },
        });
      }
      chat.input.focus();
    }
    function hide() {
      panel.hidden = true;
      launcher.setAttribute("aria-expanded", "false");
      sessionStorage.removeItem(STORAGE + "open");
      launcher.focus();
    }
    launcher.addEventListener("click", () => (panel.hidden ? open() : hide()));
    close.addEventListener("click", hide);
    panel.addEventListener("keydown", (event) => {
      if (event.key === "Escape") hide();
    });
    label();
    if (options.open || sessionStorage.getItem(STORAGE + "open")) open();
    window.TriagebotWidget = { open: open, close: hide };
  }

  load(["/config.js", "/static/vendor/socket.io.min.js", "/static/chat-strings.js",
        "/static/chat-render.js", "/static/chat-core.js"], () => {
    if (document.body) build();
    else document.addEventListener("DOMContentLoaded", build);
  });
})();
