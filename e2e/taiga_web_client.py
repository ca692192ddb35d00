"""Drive the real Taiga web client against a running Planyard in headless Chromium.

Not part of the test suite (the client is not in the repository). Usage:
    planyard serve --port 8300 --web-client /path/to/taiga-front-dist/dist &
    python e2e/taiga_web_client.py --base http://localhost:8300 --out /tmp/shots
Needs `pip install playwright` (no browser download: it uses Debian's /usr/bin/chromium).
Logs in as the demo user, seeds a sprint, stories, tasks and an issue through the API, visits the
project list, backlog, taskboard, kanban, issues and the story/task/issue pages, comments and edits,
then prints every API call that failed (status >= 400 or no answer) and exits 1 if there was one.
"""

from __future__ import annotations

import argparse
import json
import sys
import urllib.request
from pathlib import Path
from typing import Any

from playwright.sync_api import Page, sync_playwright

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]  # fmt: skip


def api(base: str, method: str, path: str, token: str | None = None, body: Any = None) -> Any:
    request = urllib.request.Request(f"{base}/api/v1{path}", method=method,
                                     data=json.dumps(body).encode() if body is not None else None)  # fmt: skip
    request.add_header("Content-Type", "application/json")
    if token:
        request.add_header("Authorization", f"Bearer {token}")
    with urllib.request.urlopen(request) as response:
        raw = response.read()
    return json.loads(raw) if raw else None


def seed(base: str, username: str, password: str) -> dict[str, Any]:
    token = api(base, "POST", "/auth", body={"type": "normal", "username": username, "password": password})[
        "auth_token"
    ]
    project = api(
        base,
        "POST",
        "/projects",
        token,
        {"name": "Web client check", "description": "e2e", "is_kanban_activated": True, "is_backlog_activated": True},
    )
    sprint = api(
        base,
        "POST",
        "/milestones",
        token,
        {
            "project": project["id"],
            "name": "Sprint 1",
            "estimated_start": "2026-11-01",
            "estimated_finish": "2026-11-30",
        },
    )
    story = api(
        base,
        "POST",
        "/userstories",
        token,
        {
            "project": project["id"],
            "subject": "Log in with SSO",
            "milestone": sprint["id"],
            "description": "**bold** text",
        },
    )
    api(base, "POST", "/userstories", token, {"project": project["id"], "subject": "Backlog story"})
    task = api(
        base,
        "POST",
        "/tasks",
        token,
        {"project": project["id"], "subject": "Write the handler", "user_story": story["id"]},
    )
    issue = api(base, "POST", "/issues", token, {"project": project["id"], "subject": "Crash on save"})
    return {"token": token, "project": project, "sprint": sprint, "story": story, "task": task, "issue": issue}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--base", default="http://localhost:8300")
    parser.add_argument("--user", default="demo")
    parser.add_argument("--password", default="demo1234")
    parser.add_argument("--out", type=Path, default=Path("/tmp/planyard-e2e"))
    parser.add_argument("--chromium", default="/usr/bin/chromium")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    data = seed(args.base, args.user, args.password)
    slug = data["project"]["slug"]
    failures: list[str] = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=args.chromium, headless=True, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 900})
        page.on("response", lambda r: failures.append(f"{r.status} {r.request.method} {r.url}")
                if "/api/v1/" in r.url and r.status >= 400 and not expected_miss(r.request.method, r.url, r.status)
                else None)  # fmt: skip
        # ERR_ABORTED is the browser dropping a page's pending calls when the script navigates on.
        page.on("requestfailed", lambda r: failures.append(f"FAILED {r.method} {r.url} {r.failure}")
                if "/api/v1/" in r.url and "ERR_ABORTED" not in (r.failure or "") else None)  # fmt: skip
        page.on("pageerror", lambda e: failures.append(f"JS error: {e}"))
        login(page, args)
        visits = {
            "projects": "/projects/", "backlog": f"/project/{slug}/backlog",
            "taskboard": f"/project/{slug}/taskboard/{data['sprint']['slug']}", "kanban": f"/project/{slug}/kanban",
            "issues": f"/project/{slug}/issues", "story": f"/project/{slug}/us/{data['story']['ref']}",
            "task": f"/project/{slug}/task/{data['task']['ref']}",
            "issue": f"/project/{slug}/issue/{data['issue']['ref']}",
        }  # fmt: skip
        for name, path in visits.items():
            page.goto(args.base + path)
            page.wait_for_load_state("networkidle")
            page.wait_for_timeout(800)
            page.screenshot(path=str(args.out / f"{name}.png"))
            print("visited", name, path)
            if name in ("story", "task", "issue"):
                comment(page, f"A comment on the {name}")
                page.screenshot(path=str(args.out / f"{name}-commented.png"))
        browser.close()
    for line in failures:
        print(line)
    print(f"{len(failures)} failed API calls; screenshots in {args.out}")
    return 1 if failures else 0


def expected_miss(method: str, url: str, status: int) -> bool:
    """The client asks for user-storage keys it has not set yet; Taiga answers 404 and so do we."""
    return method == "GET" and status == 404 and "/api/v1/user-storage/" in url


def login(page: Page, args: argparse.Namespace) -> None:
    page.goto(args.base + "/login")
    page.wait_for_selector("input[name=username]")
    page.fill("input[name=username]", args.user)
    page.fill("input[name=password]", args.password)
    page.click("button[type=submit]")
    page.wait_for_url(lambda url: "/login" not in url, timeout=15000)
    page.wait_for_load_state("networkidle")


def comment(page: Page, text: str) -> None:
    """Type a comment in the CKEditor box under the item and save it (a PATCH with `comment`)."""
    editor = page.locator(".ck-editor__editable:visible").last
    editor.click()
    page.keyboard.type(text, delay=20)
    page.wait_for_timeout(300)
    with page.expect_response(lambda r: r.request.method == "PATCH" and "/api/v1/" in r.url, timeout=10000):
        page.locator("text=Save >> visible=true").last.click()
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(500)


if __name__ == "__main__":
    sys.exit(main())
