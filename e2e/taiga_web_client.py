"""Drive the real Taiga web client against a running Planyard in headless Chromium.

Not part of the test suite (the client is not in the repository; pytest only collects tests/). Usage:
    planyard serve --port 8300 --web-client /path/to/taiga-front-dist/dist &
    python e2e/taiga_web_client.py --base http://localhost:8300 --out /tmp/shots
(the client is taiga-front-dist's dist/; its *.map files are not needed). Needs `pip install playwright`
in any venv (no browser download: it uses Debian's /usr/bin/chromium). More in docs/operations.md.

Seeds a project through the API (two swimlanes, a sprint with a story and a task, a backlog story, an
issue), logs in as the demo user, loads the project list, backlog, taskboard, kanban, issues and the
story/task/issue pages, then does through the UI, with clicks, typing and mouse drags (flows.py):
create a story in the backlog lightbox; retitle it, rewrite its description, tag it and assign it on its
page; create a sprint and drag the story into it; add a task on the taskboard and drag it to the next
column; assign the task; drag the story across kanban columns and swimlanes and drop another story above
it; create an issue and change its status, type, priority and severity, assign and tag it; comment on a
story, a task and an issue. Each step is checked on the reloaded page and through the API.
Every API call that failed (status >= 400 or no answer, with its request and response) and every
JavaScript error fails the run: exit status 1. Screenshots of each page and failed flow go to --out.
"""

from __future__ import annotations

import argparse
import sys
import traceback
from pathlib import Path

from flows import FLOWS, Run
from planyard_api import Api, seed
from playwright.sync_api import ConsoleMessage, Page, Request, Response, sync_playwright
from ui import visit

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]  # fmt: skip


class Watch:
    """Collects the failed API calls and JavaScript errors of a page, with enough to reproduce each."""

    def __init__(self, page: Page) -> None:
        self.failures: list[str] = []
        page.on("response", self.on_response)
        page.on("requestfailed", self.on_request_failed)
        page.on("pageerror", lambda e: self.failures.append(f"JS error: {e}"))
        page.on("console", self.on_console)

    def on_response(self, r: Response) -> None:
        if "/api/v1/" not in r.url or r.status < 400 or expected_miss(r.request.method, r.url, r.status):
            return
        try:
            body = r.text()[:2000]
        except Exception as error:  # the page moved on before the body was read
            body = f"<unreadable: {error}>"
        self.failures.append(f"{r.status} {describe(r.request)}\n    response: {body}")

    def on_request_failed(self, r: Request) -> None:
        # ERR_ABORTED is the browser dropping a page's pending calls when the script navigates on.
        if "/api/v1/" in r.url and "ERR_ABORTED" not in (r.failure or ""):
            self.failures.append(f"FAILED {describe(r)} ({r.failure})")

    def on_console(self, message: ConsoleMessage) -> None:
        # "Failed to load resource" repeats a failed call the response handler has judged already.
        if message.type == "error" and "Failed to load resource" not in message.text:
            self.failures.append(f"JS console error: {message.text[:1500]}")


def describe(r: Request) -> str:
    return f"{r.method} {r.url}" + (f"\n    request: {r.post_data[:2000]}" if r.post_data else "")


def expected_miss(method: str, url: str, status: int) -> bool:
    """The client asks for user-storage keys it has not set yet; Taiga answers 404 and so do we."""
    return method == "GET" and status == 404 and "/api/v1/user-storage/" in url


def login(page: Page, base: str, username: str, password: str) -> None:
    page.goto(base + "/login")
    page.wait_for_selector("input[name=username]")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("button[type=submit]")
    page.wait_for_url(lambda url: "/login" not in url, timeout=15000)
    page.wait_for_load_state("networkidle")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--base", default="http://localhost:8300")
    parser.add_argument("--user", default="demo")
    parser.add_argument("--password", default="demo1234")
    parser.add_argument("--out", type=Path, default=Path("/tmp/planyard-e2e"))
    parser.add_argument("--chromium", default="/usr/bin/chromium")
    parser.add_argument("--only", nargs="*", help="run only these flows (by name); the pages are visited anyway")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    api = Api(args.base, args.user, args.password)
    seeded = seed(api)
    slug = seeded["project"]["slug"]
    results: list[tuple[str, str]] = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=args.chromium, headless=True, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 900})
        watch = Watch(page)
        login(page, args.base, args.user, args.password)
        other = browser.new_page(viewport={"width": 1400, "height": 900})  # a second browser for live events
        other_watch = Watch(other)
        login(other, args.base, args.user, args.password)
        visits = {
            "projects": "/projects/", "backlog": f"/project/{slug}/backlog",
            "taskboard": f"/project/{slug}/taskboard/{seeded['sprint']['slug']}", "kanban": f"/project/{slug}/kanban",
            "issues": f"/project/{slug}/issues", "story": f"/project/{slug}/us/{seeded['story']['ref']}",
            "task": f"/project/{slug}/task/{seeded['task']['ref']}",
            "issue": f"/project/{slug}/issue/{seeded['issue']['ref']}",
            "team": f"/project/{slug}/team", "wiki": f"/project/{slug}/wiki/home",
            "admin-webhooks": f"/project/{slug}/admin/third-parties/webhooks",
            "admin-due-dates": f"/project/{slug}/admin/project-values/due-dates",
            "admin-reports": f"/project/{slug}/admin/project-profile/reports",
            "admin-export": f"/project/{slug}/admin/project-profile/export",
            "notifications": "/user-settings/mail-notifications",
            "other-profile": f"/profile/{seeded['other']['username']}",
        }  # fmt: skip
        for name, path in visits.items():
            visit(page, args.base + path)
            page.screenshot(path=str(args.out / f"{name}.png"))
            print("visited", name, path)
        run = Run(page=page, base=args.base, api=api, seeded=seeded, other=other)
        for flow in FLOWS:
            if args.only and flow.__name__ not in args.only:
                continue
            before = len(watch.failures) + len(other_watch.failures)
            try:
                flow(run)
            except Exception:
                results.append((flow.__name__, "FAILED"))
                print(f"flow {flow.__name__}: FAILED\n{traceback.format_exc()}")
                page.screenshot(path=str(args.out / f"failed-{flow.__name__}.png"))
                continue
            page.screenshot(path=str(args.out / f"{flow.__name__}.png"))
            verdict = "ok" if len(watch.failures) + len(other_watch.failures) == before else "ok, but API calls failed"
            results.append((flow.__name__, verdict))
            print(f"flow {flow.__name__}: {verdict}")
        browser.close()
    watch.failures += other_watch.failures
    print("\n".join(watch.failures))
    for name, verdict in results:
        print(f"{verdict:>26}  {name}")
    failed_flows = [name for name, verdict in results if verdict != "ok"]
    print(f"{len(watch.failures)} failed API calls or JS errors, {len(failed_flows)} flows not ok; "
          f"screenshots in {args.out}")  # fmt: skip
    return 1 if watch.failures or failed_flows else 0


if __name__ == "__main__":
    sys.exit(main())
