// How the chat client shows one history entry: a message, its buttons, or the hand-off card.
// Every text is set as text (textContent), never as markup.
(function () {
  "use strict";

  function make(tag, attrs, text) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attrs || {})) node.setAttribute(name, value);
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function message(chat, entry) {
    const item = make("li", { class: "msg msg--" + entry.who });
    const bubble = make("p");
    const who = entry.who === "user" ? "you" : "bot";
    bubble.append(make("span", { class: "speaker visually-hidden" }, chat.t(who) + ": "),
                  make("span", { class: "text" }, entry.text));
    item.append(bubble);
    if (entry.state === "failed") {
      item.classList.add("msg--failed");
      const note = make("p", { class: "tb-failed" });
      const again = make("button", { type: "button", class: "tb-button tb-retry" },
                         chat.t("resend"));
      again.disabled = !chat.ready;
      again.addEventListener("click", () => chat.retry(entry));
      note.append(make("span", {}, chat.t("failed") + " "), again);
      item.append(note);
    }
    if (entry.buttons && entry.buttons.length) item.append(choices(chat, entry));
    return item;
  }

  function choices(chat, entry) {
    const group = make("div", { class: "choices", role: "group", "aria-label": chat.t("choices") });
    for (const choice of entry.buttons) {
      const button = make("button", { type: "button" }, choice.title);
      button.disabled = Boolean(entry.used);
      button.addEventListener("click", () => {
        if (!chat.send(choice.payload, choice.title)) return;
        entry.used = true;
        chat.save();
        group.querySelectorAll("button").forEach((b) => { b.disabled = true; });
        chat.input.focus();
      });
      group.append(button);
    }
    return group;
  }

  function languageName(code, lang) {
    try {
      return new Intl.DisplayNames([lang], { type: "language" }).of(code) || code;
    } catch (e) {
      return code;
    }
  }

  // The deadline in the customer's local time, with the zone named.
  function deadline(handoff, lang) {
    if (!handoff.deadline) return null;
    const zone = handoff.timezone || "UTC";
    try {
      const shown = new Intl.DateTimeFormat(lang === "ja" ? "ja-JP" : "en-GB", {
        year: "numeric", month: "short", day: "numeric", weekday: "short", hour: "2-digit",
        minute: "2-digit", hourCycle: "h23", timeZone: zone, timeZoneName: "short",
      }).format(new Date(handoff.deadline));
      return shown + " (" + zone + ")";
    } catch (e) {
      return handoff.deadline + " (" + zone + ")";
    }
  }

  function cardRows(chat, handoff) {
    const lang = chat.lang;
    const text = (value) => (value && (value[lang] || value.en)) || "";
    const phones = (handoff.phone || []).join(", ");
    const hours = text(handoff.phone_hours);
    const due = deadline(handoff, lang);
    return [
      ["caseNumber", handoff.case_number],
      ["deadline", due ? due + (handoff.target ? " · " + text(handoff.target) : "")
        : chat.t("noDeadline")],
      ["phone", phones ? phones + (hours ? " (" + hours + ")" : "") : chat.t("noPhone")],
      ["supportLanguage", languageName(handoff.support_language || "en", lang)],
    ];
  }

  function copy(text, done) {
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(() => done(true), () => done(false));
      return;
    }
    const area = make("textarea", { readonly: "", class: "visually-hidden" });
    area.value = text;
    document.body.append(area);
    area.select();
    let ok = false;
    try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
    area.remove();
    done(ok);
  }

  function card(chat, entry) {
    const item = make("li", { class: "msg msg--card" });
    const section = make("section", { class: "tb-card", tabindex: "-1",
                                      "aria-labelledby": "card-" + entry.handoff.case_number });
    section.append(make("h2", { class: "tb-card-title", id: "card-" + entry.handoff.case_number },
                        chat.t("card")));
    const list = make("dl");
    const rows = cardRows(chat, entry.handoff);
    for (const [key, value] of rows) {
      list.append(make("dt", {}, chat.t(key)), make("dd", { "data-field": key }, value));
    }
    const feedback = make("span", { class: "tb-copied", role: "status" });
    const button = make("button", { type: "button", class: "tb-button tb-copy" }, chat.t("copy"));
    button.addEventListener("click", () => {
      const summary = rows.map(([key, value]) => chat.t(key) + ": " + value).join("\n");
      copy(summary, (ok) => { feedback.textContent = chat.t(ok ? "copied" : "copyFailed"); });
    });
    section.append(list, button, feedback);
    item.append(section);
    return item;
  }

  window.TriagebotRender = {
    entry: function (chat, entry) {
      return entry.who === "card" ? card(chat, entry) : message(chat, entry);
    },
  };
})();
