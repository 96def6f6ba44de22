// The chat client shared by the chat page (chat.js) and the embeddable widget (widget.js):
// Rasa's socket.io protocol, history in sessionStorage, connection states, resend, and the
// hand-off card. It builds its own DOM inside the element it is mounted on.
(function () {
  "use strict";

  const MAX_HISTORY = 200;
  const REPLY_TIMEOUT_MS = 30000; // no answer by then: the message counts as not delivered
  const S = window.TriagebotStrings;

  function make(tag, attrs, text) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attrs || {})) node.setAttribute(name, value);
    if (text !== undefined) node.textContent = text;
    return node;
  }

  // What the dialogue would otherwise have to ask: where the customer is, which language.
  function customerMetadata(lang, extra) {
    const locale = navigator.language || "";
    const data = { timezone: Intl.DateTimeFormat().resolvedOptions().timeZone, locale: locale,
                   language: lang };
    try {
      const region = new Intl.Locale(locale).region;
      if (region) data.country = region;
    } catch (e) { /* no or malformed locale: the dialogue asks instead */ }
    return Object.assign(data, extra || {});
  }

  function Chat(root, options) {
    this.root = root;
    this.options = options;
    this.config = options.config;
    this.keys = { session: options.storage + "session_id", history: options.storage + "history",
                  opened: options.storage + "opened" };
    this.lang = options.lang;
    this.ready = false;
    this.history = this.loadHistory();
    this.build();
    this.applyLanguage(); // also shows the history
    this.connect();
  }

  Chat.prototype.t = function (key) { return S[this.lang][key]; };

  Chat.prototype.loadHistory = function () {
    try {
      const stored = JSON.parse(sessionStorage.getItem(this.keys.history) || "[]");
      // A message still on its way when the page went away was never confirmed.
      return Array.isArray(stored) ? stored.map((e) => (e.state === "pending"
        ? Object.assign(e, { state: "failed" }) : e)) : [];
    } catch (e) {
      return [];
    }
  };

  Chat.prototype.save = function () {
    this.history = this.history.slice(-MAX_HISTORY);
    sessionStorage.setItem(this.keys.history, JSON.stringify(this.history));
  };

  Chat.prototype.build = function () {
    const box = make("div", { class: "tb-chat" });
    const bar = make("header", { class: "tb-bar" });
    this.title = make(this.options.heading || "h1", { class: "tb-title", id: "title",
                                                      "data-i18n": "title" });
    this.langSwitch = make("button", { type: "button", id: "lang-switch", class: "tb-button" });
    const actions = make("div", { class: "tb-actions" });
    actions.append(this.langSwitch, ...(this.options.barButtons || []));
    bar.append(this.title, actions);
    this.status = make("p", { id: "status", class: "status", role: "status",
                              "data-state": "connecting" });
    this.caseBar = make("button", { type: "button", class: "tb-case-link", id: "case-link" });
    this.caseBar.hidden = true;
    this.log = make("ol", { id: "log", class: "log", role: "log", "aria-live": "polite",
                            tabindex: "0" });
    this.unsent = make("div", { class: "tb-unsent", id: "unsent", role: "alert" });
    this.unsentText = make("span", { class: "tb-unsent-text" });
    this.resend = make("button", { type: "button", id: "resend", class: "tb-button" });
    this.unsent.append(this.unsentText, this.resend);
    this.unsent.hidden = true;
    this.form = make("form", { id: "composer", class: "composer", novalidate: "" });
    this.label = make("label", { for: "message", class: "visually-hidden",
                                 "data-i18n": "messageLabel" });
    this.input = make("textarea", { id: "message", name: "message", rows: "2",
                                    maxlength: "2000", autocomplete: "off" });
    this.sendButton = make("button", { type: "submit", id: "send", "data-i18n": "send" });
    this.sendButton.disabled = true;
    this.form.append(this.label, this.input, this.sendButton);
    box.append(bar, this.status, this.caseBar, this.log, this.unsent, this.form);
    this.root.append(box);
    this.box = box;

    this.form.addEventListener("submit", (event) => {
      event.preventDefault();
      this.submit();
    });
    this.input.addEventListener("keydown", (event) => {
      // Enter sends, Shift+Enter breaks the line; Enter that confirms an IME conversion
      // (Japanese input) must not send. Safari reports that Enter as keyCode 229 instead.
      const composing = event.isComposing || event.keyCode === 229;
      if (event.key === "Enter" && !event.shiftKey && !composing) {
        event.preventDefault();
        this.submit();
      }
    });
    this.resend.addEventListener("click", () => this.submit());
    this.langSwitch.addEventListener("click", () => {
      this.setLanguage(this.lang === "ja" ? "en" : "ja");
    });
    this.caseBar.addEventListener("click", () => {
      const cards = this.log.querySelectorAll(".tb-card");
      const card = cards[cards.length - 1];
      if (card) { card.scrollIntoView({ block: "nearest" }); card.focus(); }
    });
  };

  Chat.prototype.setLanguage = function (lang) {
    this.lang = lang;
    if (this.options.onLanguage) this.options.onLanguage(lang);
    this.applyLanguage();
  };

  Chat.prototype.applyLanguage = function () {
    this.box.lang = this.lang;
    this.box.querySelectorAll("[data-i18n]").forEach((node) => {
      node.textContent = this.t(node.dataset.i18n);
    });
    this.status.textContent = this.t(this.status.dataset.state);
    this.input.placeholder = this.t("placeholder");
    this.log.setAttribute("aria-label", this.t("conversation"));
    this.langSwitch.textContent = this.t("switchTo");
    this.langSwitch.lang = this.t("switchLang");
    this.langSwitch.setAttribute("aria-label", this.t("switchLabel"));
    this.resend.textContent = this.t("resend");
    if (!this.unsent.hidden) this.unsentText.textContent = this.t("unsent");
    // Rendered history follows the language: re-render it rather than patch each label.
    this.log.replaceChildren();
    this.history.forEach((entry) => this.render(entry));
  };

  Chat.prototype.setStatus = function (state) {
    this.status.dataset.state = state;
    this.status.textContent = this.t(state);
    this.sendButton.disabled = !this.ready;
    this.resend.disabled = !this.ready;
  };

  Chat.prototype.render = function (entry) {
    const item = window.TriagebotRender.entry(this, entry);
    this.log.append(item);
    this.log.scrollTop = this.log.scrollHeight;
    if (entry.who === "card") {
      this.caseBar.hidden = false;
      this.caseBar.textContent = this.t("caseLink").replace("{n}", entry.handoff.case_number);
    }
  };

  Chat.prototype.add = function (entry) {
    this.history.push(entry);
    this.save();
    this.render(entry);
  };

  Chat.prototype.refresh = function () {
    this.save();
    this.log.replaceChildren();
    this.history.forEach((entry) => this.render(entry));
  };

  // The text box's text: sent when connected, else kept there with a resend button.
  Chat.prototype.submit = function () {
    const text = this.input.value;
    if (!text.trim()) return;
    if (!this.ready) {
      this.unsent.hidden = false;
      this.unsentText.textContent = this.t("unsent");
      this.input.focus();
      return;
    }
    this.unsent.hidden = true;
    this.send(text);
    this.input.value = "";
    this.input.focus();
  };

  Chat.prototype.emit = function (message) {
    const data = { message: message, session_id: sessionStorage.getItem(this.keys.session) };
    data[this.options.metadataKey || this.config.metadataKey] =
      customerMetadata(this.lang, this.options.metadata);
    this.socket.emit(this.config.userMessageEvent, data);
  };

  // Sends `message`; the bubble shows `shown` (a button's title instead of its payload).
  Chat.prototype.send = function (message, shown) {
    if (!this.ready || !message.trim()) return false;
    const entry = { who: "user", text: shown || message, message: message, state: "pending" };
    // Any answer closes the questions before it: their buttons no longer apply.
    this.history.forEach((e) => { if (e.buttons && e.buttons.length) e.used = true; });
    this.log.querySelectorAll(".choices button").forEach((b) => { b.disabled = true; });
    this.emit(message);
    this.add(entry);
    this.watch(entry);
    return true;
  };

  Chat.prototype.watch = function (entry) {
    window.setTimeout(() => {
      if (entry.state === "pending") this.fail(entry, "error");
    }, REPLY_TIMEOUT_MS);
  };

  Chat.prototype.fail = function (entry, state) {
    entry.state = "failed";
    this.refresh();
    this.setStatus(state);
  };

  Chat.prototype.retry = function (entry) {
    if (!this.ready) return;
    entry.state = "pending";
    this.emit(entry.message || entry.text);
    this.refresh();
    this.watch(entry);
  };

  Chat.prototype.pending = function () {
    return this.history.filter((e) => e.who === "user" && e.state === "pending");
  };

  Chat.prototype.onBotMessage = function (message) {
    if (this.skipText !== undefined && message.text === this.skipText) {
      this.skipText = undefined; // the refusal's text, already shown as the error state
      return;
    }
    const handoff = message.handoff || (message.custom && message.custom.handoff);
    const choices = message.quick_replies || message.buttons || [];
    if (!handoff && !message.text && !choices.length) return;
    this.pending().forEach((e) => { e.state = "sent"; });
    if (this.status.dataset.state === "error") this.setStatus("connected");
    if (handoff) {
      this.add({ who: "card", handoff: handoff });
      return;
    }
    this.add({
      who: "bot", text: message.text || "",
      buttons: choices.map((c) => ({ title: c.title, payload: c.payload })),
    });
  };

  Chat.prototype.connect = function () {
    const socket = window.TriagebotIo(this.config.socketUrl, { path: this.config.socketPath });
    this.socket = socket;
    // Rasa (session_persistence) sends replies to a room named by the session id; every
    // (re)connection must join it again before anything is sent.
    socket.on("connect", () => {
      socket.emit("session_request", { session_id: sessionStorage.getItem(this.keys.session) });
    });
    socket.on("session_confirm", (sessionId) => {
      sessionStorage.setItem(this.keys.session, sessionId);
      this.ready = true;
      this.setStatus("connected");
      // A new conversation opens with the greeting, in the customer's language.
      if (!this.history.length && !sessionStorage.getItem(this.keys.opened) &&
          this.config.openingPayload) {
        sessionStorage.setItem(this.keys.opened, "1");
        this.emit(this.config.openingPayload);
      }
    });
    const lost = () => {
      this.ready = false;
      const waiting = this.pending();
      waiting.forEach((e) => { e.state = "failed"; });
      if (waiting.length) this.refresh();
      this.setStatus("offline");
    };
    socket.on("disconnect", lost);
    socket.on("connect_error", lost);
    socket.on("triagebot_error", (error) => {
      const last = this.pending().pop();
      if (last) last.state = "failed";
      this.skipText = error && error.message;
      this.refresh();
      this.setStatus("error");
    });
    socket.on(this.config.botMessageEvent, (message) => this.onBotMessage(message || {}));
  };

  window.TriagebotChat = {
    mount: function (root, options) { return new Chat(root, options); },
  };
})();
