"""The chat at 360 px wide and its colours: readable on a phone, WCAG AA contrast (4.5:1)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from playwright.sync_api import BrowserContext, Page, expect

from .chatpage import ChatPage, WidgetPage
from .fake_rasa import HANDOFF

NewContext = Callable[..., BrowserContext]
PHONE = {"width": 360, "height": 740}
# WCAG 2.1 relative luminance and contrast, computed in the page from computed styles; the
# background is the first opaque one up the tree (through the widget's shadow root).
CONTRAST_JS = """(selector) => {
  const lum = (rgb) => {
    const [r, g, b] = rgb.map((v) => { v /= 255;
      return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const parse = (c) => (c.match(/[\\d.]+/g) || []).map(Number);
  const find = (root, sel) => root.querySelector(sel) ||
    [...root.querySelectorAll("*")].filter((e) => e.shadowRoot)
      .map((e) => find(e.shadowRoot, sel)).find(Boolean) || null;
  const el = find(document, selector);
  if (!el) return null;
  let node = el, bg = [255, 255, 255];
  while (node) {
    if (node.nodeType === 1) {
      const c = parse(getComputedStyle(node).backgroundColor);
      if (c.length === 3 || (c.length === 4 && c[3] === 1)) { bg = c.slice(0, 3); break; }
    }
    node = node.parentNode || node.host;
  }
  const fg = parse(getComputedStyle(el).color).slice(0, 3);
  const [a, b] = [lum(fg), lum(bg)].sort((x, y) => y - x);
  return (a + 0.05) / (b + 0.05);
}"""
TEXTS = ["#status", ".msg--bot .text", ".msg--user .text", "#send", "#lang-switch",
         ".choices button", ".tb-card dd", ".tb-card dt", "#case-link", ".tb-title"]


def no_horizontal_scroll(page: Page) -> None:
    width = page.evaluate("document.scrollingElement.scrollWidth")
    assert width <= PHONE["width"], f"page is {width} px wide at {PHONE['width']} px"


@pytest.mark.parametrize("where", ["page", "widget"])
def test_readable_at_360_px(new_context: NewContext, fake_chat_url: str, where: str) -> None:
    context = new_context()
    if where == "page":
        chat: ChatPage = ChatPage(context, fake_chat_url)
    else:
        chat = WidgetPage(context, fake_chat_url + "embed-example.html")
    chat.page.set_viewport_size(PHONE)
    chat.send("a long message " * 20)
    chat.wait_bot_messages(1)
    no_horizontal_scroll(chat.page)
    for selector in ("#message", "#send", ".msg--bot .text"):
        box = chat.page.locator(selector).last.bounding_box()
        assert box and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], selector
    expect(chat.page.locator("#send")).to_be_in_viewport()
    font = chat.page.locator(".msg--bot .text").last.evaluate(
        "e => parseFloat(getComputedStyle(e).fontSize)")
    assert font >= 14


@pytest.mark.parametrize("where", ["page", "widget"])
def test_text_contrast_is_at_least_wcag_aa(new_context: NewContext, fake_chat_url: str,
                                           where: str) -> None:
    context = new_context()
    if where == "page":
        chat: ChatPage = ChatPage(context, fake_chat_url)
    else:
        chat = WidgetPage(context, fake_chat_url + "embed-example.html")
    chat.send("my backup failed")  # a bot bubble with buttons
    chat.wait_bot_messages(1)
    chat.send(HANDOFF)  # the hand-off card
    expect(chat.page.locator(".tb-card")).to_be_visible()
    selectors = TEXTS + (["#launcher"] if where == "widget" else [])
    ratios = {s: chat.page.evaluate(CONTRAST_JS, s) for s in selectors}
    low = {s: round(r, 2) for s, r in ratios.items() if r is None or r < 4.5}
    assert low == {}, f"below 4.5:1 (or missing): {low}"
