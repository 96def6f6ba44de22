// Review console: show new messages of a case's conversation without a reload.
// The page works without it (reload to see them); text is only ever set as textContent.
"use strict";

(function () {
  const list = document.getElementById("thread");
  if (!list) return;
  const POLL_MS = 2000;

  function render(messages) {
    const items = messages.map((m) => {
      const li = document.createElement("li");
      li.className = "by-" + m.author;
      const author = document.createElement("span");
      author.className = "author";
      author.textContent = m.author;
      const time = document.createElement("time");
      time.dateTime = m.at;
      time.textContent = new Date(m.at).toLocaleString();
      const text = document.createElement("span");
      text.className = "text";
      text.textContent = m.text;
      li.append(author, " ", time, " ", text);
      return li;
    });
    list.replaceChildren(...items);
  }

  async function poll() {
    try {
      const response = await fetch(list.dataset.url, { credentials: "same-origin" });
      if (response.ok) {
        const body = await response.json();
        if (body.messages.length !== list.children.length) render(body.messages);
      }
    } catch (err) {
      // offline for a moment: try again on the next tick
    }
    setTimeout(poll, POLL_MS);
  }

  setTimeout(poll, POLL_MS);
})();
