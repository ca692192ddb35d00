"""Page helpers that drive the Taiga web client the way a user does: clicks, typing and mouse drags."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any
from urllib.parse import urlparse

from playwright.sync_api import Locator, Page, Request, Response
from playwright.sync_api import TimeoutError as PlaywrightTimeout


def settle(page: Page, ms: int = 500) -> None:
    """Wait until the client's calls are answered and Angular has redrawn."""
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(ms)


def visit(page: Page, url: str) -> None:
    page.goto(url)
    settle(page, 800)


def reload(page: Page) -> None:
    page.reload()
    settle(page, 800)


def _is_call(request: Request, method: str, path: str) -> bool:
    return request.method == method and urlparse(request.url).path.rstrip("/") == "/api/v1" + path


def _check(response: Response, method: str, path: str) -> None:
    assert response.status < 400, f"{method} {path} answered {response.status}: {response.text()[:500]}"


@contextmanager
def expect_call(page: Page, method: str, path: str) -> Iterator[Any]:
    """Wait for the API call `method /api/v1<path>` (query string ignored) the block makes the client send."""
    with page.expect_response(lambda r: _is_call(r.request, method, path), timeout=15000) as info:
        yield info
    _check(info.value, method, path)


def submit(page: Page, button: Locator, method: str, path: str, fields: dict[str, str] | None = None) -> Any:
    """Click a lightbox's submit button until the client sends `method path`, and return the JSON body
    of the answer. The client sometimes ignores the first click while the lightbox is still being
    drawn, or resets the lightbox's form after the text was typed (the sprint name, then "This value
    is required."): before each click, every input of `fields` ({selector: text}) that lost its text
    is typed again, and a click that sent nothing is repeated. A click that sent the call is never
    repeated, so nothing is created twice."""
    for attempt in range(1, 4):
        for selector, text in (fields or {}).items():
            field = page.locator(selector).first
            if field.input_value() != text:
                print(f"  {selector} lost its text: typing it again")
                field.fill("")
                field.type(text, delay=10)
                page.wait_for_timeout(300)  # the form's inputs debounce before the model sees them
        try:
            with page.expect_request(lambda r: _is_call(r, method, path), timeout=5000) as sent:
                button.click()
            break
        except PlaywrightTimeout:
            if attempt == 3:
                raise
            print(f"  the click sent no {method} {path}: clicking again")
            settle(page, 300)
    response = sent.value.response()
    assert response is not None, f"{method} {path} got no answer"
    _check(response, method, path)
    return response.json()


def fill_lightbox(page: Page, subject: str, description: str | None = None) -> Locator:
    """Type the subject (and description) into the open create/edit lightbox; returns the lightbox."""
    box = page.locator(".lightbox.open").first
    box.locator("input[name=subject]").wait_for()
    box.locator("input[name=subject]").type(subject, delay=10)
    if description:
        box.locator("textarea[name=description]").type(description, delay=5)
    page.wait_for_timeout(300)  # the form's inputs debounce by 200 ms before the model sees them
    return box


def create_in_lightbox(page: Page, path: str, subject: str, description: str | None = None) -> Any:
    """Fill the open create lightbox, submit it, and return the created object the POST to `path` answered."""
    box = fill_lightbox(page, subject, description)
    created = submit(page, box.locator("#submitButton"), "POST", path, {".lightbox.open input[name=subject]": subject})
    settle(page)
    return created


def drag(page: Page, source: Locator, target: Locator, dy: float = 0) -> None:
    """Press on `source`, move in small steps onto `target` (`dy` pixels off its centre), release.
    dragula listens to plain mouse events, so this is exactly what a user's drag sends."""
    source.scroll_into_view_if_needed()
    start, end = source.bounding_box(), target.bounding_box()
    assert start and end, "drag source or target is not on screen"
    sx, sy = start["x"] + start["width"] / 2, start["y"] + start["height"] / 2
    tx, ty = end["x"] + end["width"] / 2, end["y"] + end["height"] / 2 + dy
    page.mouse.move(sx, sy)
    page.mouse.down()
    page.mouse.move(sx + 5, sy + 5, steps=5)
    page.mouse.move(tx, ty, steps=25)
    page.wait_for_timeout(200)
    page.mouse.move(tx + 2, ty + 2, steps=3)
    page.mouse.up()


def edit_subject(page: Page, subject: str, path: str) -> None:
    """Click the detail page's title, retype it and save (a PATCH of `subject`)."""
    page.locator("span.detail-subject").click()
    page.locator("input.edit-title-input").fill(subject)
    with expect_call(page, "PATCH", path):
        page.locator("button.save-title-button").click()
    settle(page)


def edit_description(page: Page, text: str, path: str) -> None:
    """Open the description's editor, replace its text and save (a PATCH of `description`)."""
    wysiwyg = page.locator("tg-wysiwyg[content='item.description']").first
    wysiwyg.locator(".editor").first.click()
    editor = wysiwyg.locator(".editor.edit-mode .ck-editor__editable").first
    editor.click()
    page.keyboard.press("Control+A")
    page.keyboard.type(text, delay=10)
    page.wait_for_timeout(300)
    with expect_call(page, "PATCH", path):
        wysiwyg.locator(".tools.visible a[ng-click^='save']").click()
    settle(page)


def add_tag(page: Page, tag: str, path: str) -> None:
    """'Add tag', type a new tag, Enter (a PATCH of `tags`)."""
    line = page.locator("tg-tag-line-common").first
    line.locator("button[title='Add tag']").click()
    line.locator("input.tag-input").type(tag, delay=20)
    page.wait_for_timeout(400)  # the tag input debounces too
    with expect_call(page, "PATCH", path):
        page.keyboard.press("Enter")
    settle(page)


def pick(page: Page, opener: str, option: str, path: str) -> None:
    """Open a detail page's popover (status, type, priority ...) and choose an entry (one PATCH)."""
    page.locator(opener).first.click()
    page.wait_for_timeout(200)
    with expect_call(page, "PATCH", path):
        page.locator(option).first.click()
    settle(page)


def comment(page: Page, text: str) -> None:
    """Type a comment in the CKEditor box under the item and save it (a PATCH with `comment`). The box
    shows its Save button only while it is being edited, and enables it only once the text reached the
    client's model. The client may redraw the box while the page loads, leaving typed text behind in a
    box that is no longer edited: then the text is typed again, and if the box still does not take it,
    the page is loaded again (nothing was sent yet) and the comment typed once more."""
    save = page.locator(".tools.visible a", has_text="Save").last
    for _ in range(2):
        if _type_comment(page, save, text):
            break
        print("  the comment box did not take the text: loading the page again")
        reload(page)
    with page.expect_response(lambda r: r.request.method == "PATCH" and "/api/v1/" in r.url, timeout=10000):
        save.click()
    settle(page)


def _type_comment(page: Page, save: Locator, text: str) -> bool:
    """Type `text` in the comment box (up to three times); whether its Save button came up enabled."""
    settle(page)
    editor = page.locator(".ck-editor__editable:visible").last
    for _ in range(3):
        editor.click()
        page.keyboard.press("Control+A")
        page.keyboard.type(text, delay=20)
        for _ in range(10):
            settle(page, 300)
            if save.is_visible() and "disabled" not in (save.get_attribute("class") or ""):
                return True
    return False
