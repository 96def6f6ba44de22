// Customer chat page: talks to Rasa's socket.io channel (settings come from /config.js).
(function () {
  "use strict";

  const CONFIG = window.TRIAGEBOT_CONFIG;
  const KEYS = { session: "triagebot.session_id", history: "triagebot.history",
                 lang: "triagebot.lang" };
  const MAX_HISTORY = 200;
  const STRINGS = {
    en: {
      title: "Support chat", conversation: "Conversation", messageLabel: "Your message",
      placeholder: "Describe the problem…", send: "Send", you: "You",
      bot: "Support assistant", choices: "Choose an answer", connecting: "Connecting…",
      connected: "Connected", offline: "Connection lost. Reconnecting…",
      switchTo: "日本語", switchLabel: "日本語で表示", switchLang: "ja",
    },
    ja: {
      title: "サポートチャット", conversation: "会話", messageLabel: "メッセージ",
      placeholder: "お困りの内容をご入力ください…", send: "送信", you: "あなた",
      bot: "サポートアシスタント", choices: "回答を選んでください", connecting: "接続中…",
      connected: "接続しました", offline: "接続が切れました。再接続しています…",
      switchTo: "English", switchLabel: "Show in English", switchLang: "en",
    },
  };

  const $ = (id) => document.getElementById(id);
  const log = $("log");
  const input = $("message");
  const sendButton = $("send");
  const status = $("status");
  let lang = localStorage.getItem(KEYS.lang) ||
    ((navigator.language || "").toLowerCase().startsWith("ja") ? "ja" : "en");
  let history = loadHistory();
  let ready = false;

  function t(key) { return STRINGS[lang][key]; }

  function loadHistory() {
    try {
      const stored = JSON.parse(sessionStorage.getItem(KEYS.history) || "[]");
      return Array.isArray(stored) ? stored : [];
    } catch (e) {
      return [];
    }
  }

  function saveHistory() {
    history = history.slice(-MAX_HISTORY);
    sessionStorage.setItem(KEYS.history, JSON.stringify(history));
  }

  // What the dialogue would otherwise have to ask: where the customer is.
  function customData() {
    const locale = navigator.language || "";
    const data = { timezone: Intl.DateTimeFormat().resolvedOptions().timeZone, locale: locale };
    try {
      const region = new Intl.Locale(locale).region;
      if (region) data.country = region;
    } catch (e) { /* no or malformed locale: the dialogue asks instead */ }
    return data;
  }

  function applyLanguage() {
    document.documentElement.lang = lang;
    document.title = t("title");
    document.querySelectorAll("[data-i18n]").forEach((el) => {
      el.textContent = t(el.dataset.i18n);
    });
    status.textContent = t(status.dataset.state);
    input.placeholder = t("placeholder");
    const other = $("lang-switch");
    other.textContent = t("switchTo");
    other.lang = t("switchLang");
    other.setAttribute("aria-label", t("switchLabel"));
    log.querySelectorAll(".speaker").forEach((el) => { el.textContent = t(el.dataset.who) + ": "; });
    log.querySelectorAll(".choices").forEach((el) => el.setAttribute("aria-label", t("choices")));
  }

  function setStatus(state) {
    status.dataset.state = state;
    status.textContent = t(state);
    sendButton.disabled = !ready;
  }

  function render(entry) {
    const item = document.createElement("li");
    item.className = "msg msg--" + entry.who;
    const bubble = document.createElement("p");
    const speaker = document.createElement("span");
    speaker.className = "speaker visually-hidden";
    speaker.dataset.who = entry.who === "user" ? "you" : "bot";
    speaker.textContent = t(speaker.dataset.who) + ": ";
    const text = document.createElement("span");
    text.className = "text";
    text.textContent = entry.text;
    bubble.append(speaker, text);
    item.append(bubble);
    if (entry.buttons && entry.buttons.length) item.append(renderChoices(entry));
    log.append(item);
    log.scrollTop = log.scrollHeight;
  }

  function renderChoices(entry) {
    const group = document.createElement("div");
    group.className = "choices";
    group.setAttribute("role", "group");
    group.setAttribute("aria-label", t("choices"));
    for (const choice of entry.buttons) {
      const button = document.createElement("button");
      button.type = "button";
      button.textContent = choice.title;
      button.disabled = Boolean(entry.used);
      button.addEventListener("click", () => {
        if (!send(choice.payload, choice.title)) return;
        entry.used = true;
        saveHistory();
        group.querySelectorAll("button").forEach((b) => { b.disabled = true; });
        input.focus();
      });
      group.append(button);
    }
    return group;
  }

  function add(entry) {
    history.push(entry);
    saveHistory();
    render(entry);
  }

  // Sends `message` to Rasa and shows `shown` (a button's title instead of its payload).
  function send(message, shown) {
    if (!ready || !message.trim()) return false;
    const data = { message: message, session_id: sessionStorage.getItem(KEYS.session) };
    data[CONFIG.metadataKey] = customData();
    socket.emit(CONFIG.userMessageEvent, data);
    add({ who: "user", text: shown || message });
    return true;
  }

  function onBotMessage(message) {
    const choices = message.quick_replies || message.buttons || [];
    if (!message.text && !choices.length) return;
    add({
      who: "bot",
      text: message.text || "",
      buttons: choices.map((c) => ({ title: c.title, payload: c.payload })),
    });
  }

  const socket = io(CONFIG.socketUrl, { path: CONFIG.socketPath });
  // Rasa (session_persistence) sends replies to a room named by the session id; every
  // (re)connection must join it again before anything is sent.
  socket.on("connect", () => {
    socket.emit("session_request", { session_id: sessionStorage.getItem(KEYS.session) });
  });
  socket.on("session_confirm", (sessionId) => {
    sessionStorage.setItem(KEYS.session, sessionId);
    ready = true;
    setStatus("connected");
  });
  socket.on("disconnect", () => { ready = false; setStatus("offline"); });
  socket.on("connect_error", () => { ready = false; setStatus("offline"); });
  socket.on(CONFIG.botMessageEvent, onBotMessage);

  $("composer").addEventListener("submit", (event) => {
    event.preventDefault();
    if (send(input.value)) input.value = "";
    input.focus();
  });
  input.addEventListener("keydown", (event) => {
    // Enter sends, Shift+Enter breaks the line; Enter that confirms an IME conversion
    // (Japanese input) must not send. Safari reports that Enter as keyCode 229 instead.
    const composing = event.isComposing || event.keyCode === 229;
    if (event.key === "Enter" && !event.shiftKey && !composing) {
      event.preventDefault();
      $("composer").requestSubmit();
    }
  });
  $("lang-switch").addEventListener("click", () => {
    lang = lang === "ja" ? "en" : "ja";
    localStorage.setItem(KEYS.lang, lang);
    applyLanguage();
  });

  applyLanguage();
  history.forEach(render);
})();
