"""Whole conversations through the widget on the example page, against the real bot.

Headless Chromium (Debian's) drives `/embed-example.html` as a customer would: the widget
greets, the customer describes a problem, answers every question (a button, typed text)
and ends with the hand-off card. A screenshot of each finished conversation is kept in
var/test-results/. The browser's locale and time zone are the metadata the dialogue uses
instead of asking the country.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from playwright.sync_api import BrowserContext, expect

from bench.sandbox import sandbox_settings
from bot.commands.train import ensure_model
from bot.services import start_bot
from bot.settings import load_settings
from bot.web import start_web
from tests import REPO
from tests.conftest import FAKE_NOW

from .chatpage import WidgetPage

pytestmark = pytest.mark.integration
NewContext = Callable[..., BrowserContext]
JAPANESE = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")
RESULTS = REPO / "var" / "test-results"
EXAMPLE = "embed-example.html"
REPLY_TIMEOUT = 60.0  # the first message after start-up also loads the model's graph

EN_TURNS = [
    ("Our backup copy job to the offsite repository failed last night, production is fine",
     "severity 3"),
    ("button:Yes, that's right", "role"),
    ("I'm the case administrator", "program"),
    ("Production", "full name"),  # the country comes from the browser: US
    ("John Smith", "company"),
    ("Acme Corp", "support ID"),
    ("01234567", "product"),
    ("Veeam Backup & Replication", "version"),
    ("12.1.2.172", "impact"),
    ("no offsite copy since monday, primary backups still run", "error message"),
    ("none", "reproduce"),
    ("none", "workaround"),
    ("none", "e-mail"),
    ("john.smith@example.com", "phone"),
    ("skip", "contacted"),
    ("button:E-mail", "best time"),
    ("mornings", "case number"),
]
JA_TURNS = [
    ("至急お願いします。本番のファイルサーバーがランサムウェアで暗号化され、今すぐリストアが必要です",
     "重大度は1"),
    ("button:はい、その通りです", "役割"),
    ("ケース管理者です", "サポートプログラム"),
    ("ベーシック", "お名前"),  # the country comes from the browser: JP
    ("山田太郎", "会社名"),
    ("株式会社サンプル", "サポートID"),
    ("なし", "製品"),
    ("VBRです", "バージョン"),
    ("１２．１", "影響"),
    ("ファイルサーバーが使えず全社の業務が止まっています", "エラーメッセージ"),
    ("「Failed to restore: access denied」と表示されます", "再現手順"),
    ("リストアウィザードで復元ポイントを選ぶと失敗します", "回避策"),
    ("なし", "メールアドレス"),
    ("taro.yamada@example.co.jp", "電話番号"),
    ("０３－１２３４－５６７８", "連絡方法"),
    ("button:電話", "時間帯"),
    ("平日の午前中", "ケース番号"),
]


def converse(widget: WidgetPage, turns: list[tuple[str, str]]) -> None:
    """Answer each question by typing or with its button; wait for the expected reply."""
    for answer, expected in turns:
        before = len(widget.messages("bot"))
        if answer.startswith("button:"):
            widget.page.locator(".choices button:enabled", has_text=answer[7:]).last.click()
        else:
            widget.send(answer)
        widget.wait_bot_text(expected, REPLY_TIMEOUT, after=before)


def finish(widget: WidgetPage, name: str) -> str:
    """The hand-off card's case number, after a screenshot of the whole conversation."""
    card = widget.page.locator(".tb-card")
    expect(card).to_be_visible(timeout=REPLY_TIMEOUT * 1000)
    number = card.locator('dd[data-field="caseNumber"]').inner_text()
    assert re.fullmatch(r"0\d{7}", number), number
    RESULTS.mkdir(parents=True, exist_ok=True)
    widget.page.screenshot(path=str(RESULTS / f"{name}.png"))  # as the customer sees it
    # ... and the whole conversation: the panel as tall as its history (CSSOM, not markup,
    # so the page's CSP allows it); the page goes back to its size afterwards.
    size = widget.page.viewport_size
    tall = widget.page.locator("#log").evaluate("log => log.scrollHeight") + 400
    widget.page.set_viewport_size({"width": 1280, "height": tall + 200})
    widget.page.locator("#panel").evaluate(f"p => {{ p.style.height = '{tall}px'; }}")
    widget.page.locator("#panel").screenshot(path=str(RESULTS / f"{name}-transcript.png"))
    widget.page.locator("#panel").evaluate("p => { p.style.height = ''; }")
    if size:
        widget.page.set_viewport_size(size)
    return number


def test_whole_english_conversation_ends_in_the_handoff_card(
        new_context: NewContext, chat_url: str) -> None:
    widget = WidgetPage(new_context("en-US", "America/New_York"), chat_url + EXAMPLE)
    widget.wait_bot_text("support assistant", REPLY_TIMEOUT)  # greeted on opening
    converse(widget, EN_TURNS)
    number = finish(widget, "widget-en")
    card = widget.page.locator(".tb-card")
    expect(card.locator('dd[data-field="deadline"]')).to_contain_text("(America/New_York)")
    expect(card.locator('dd[data-field="phone"]')).to_contain_text("1 800 774 5124")
    expect(card.locator('dd[data-field="supportLanguage"]')).to_have_text("English")
    transcript = " ".join(widget.messages("bot"))
    assert number in transcript and not JAPANESE.search(transcript)
    assert "open a case in the customer portal first" not in transcript
    before = widget.messages("bot")
    widget.reload()  # the history, card included, survives a reload
    assert widget.messages("bot") == before
    expect(widget.page.locator("#case-link")).to_contain_text(number)
    assert widget.errors == []


def test_whole_japanese_conversation_ends_in_the_handoff_card(
        new_context: NewContext, chat_url: str) -> None:
    widget = WidgetPage(new_context("ja-JP", "Asia/Tokyo"), chat_url + EXAMPLE)
    widget.wait_bot_text("サポート窓口", REPLY_TIMEOUT)  # greeted in Japanese on opening
    converse(widget, JA_TURNS)
    number = finish(widget, "widget-ja")
    card = widget.page.locator(".tb-card")
    expect(card.locator("dt").first).to_have_text("ケース番号")
    expect(card.locator('dd[data-field="deadline"]')).to_contain_text("(Asia/Tokyo)")
    expect(card.locator('dd[data-field="phone"]')).to_contain_text("0120 922 345")
    transcript = " ".join(widget.messages("bot"))
    assert number in transcript and "深刻度" not in transcript
    assert widget.errors == []


@pytest.fixture()
def own_bot(tmp_path: Path) -> Iterator[tuple[str, Callable[[], None]]]:
    """A Rasa and action server of this test's own (it stops Rasa), with their web app:
    the example page's URL and a function that stops the Rasa server."""
    settings = sandbox_settings(load_settings(), tmp_path, project_dir=REPO,
                                fake_now=FAKE_NOW, allow_fake_clock=True)
    services = start_bot(settings, ensure_model(settings))
    web = start_web(replace(settings))
    try:
        rasa = services.procs["rasa"]
        yield web.url + EXAMPLE, lambda: (rasa.terminate(), rasa.wait(30))
    finally:
        web.stop()
        services.stop()


def test_html_is_text_and_stopping_rasa_shows_the_error_state_and_keeps_the_text(
        new_context: NewContext, own_bot: tuple[str, Callable[[], None]]) -> None:
    url, stop_rasa = own_bot
    widget = WidgetPage(new_context(), url)
    widget.wait_bot_text("support assistant", REPLY_TIMEOUT)
    dialogs: list[str] = []
    widget.page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    typed = '<img src=x onerror="alert(1)"> our <b>backup</b> fails'
    widget.send(typed)  # what the customer types is shown as text, never as markup
    widget.wait_bot_messages(2, REPLY_TIMEOUT)
    assert widget.messages("user") == [typed]
    assert widget.page.locator("#log img, #log b").count() == 0 and dialogs == []
    stop_rasa()
    status = widget.page.locator("#status")
    expect(status).to_have_attribute("data-state", "offline", timeout=30_000)
    expect(status).to_contain_text("Connection lost")
    box = widget.page.locator("#message")
    box.fill("our backup job fails since this morning")
    box.press("Enter")
    expect(box).to_have_value("our backup job fails since this morning")
    expect(widget.page.locator("#unsent")).to_be_visible()
    RESULTS.mkdir(parents=True, exist_ok=True)
    widget.page.locator("#panel").screenshot(path=str(RESULTS / "widget-offline.png"))
