"""The review app's queue page at a newsroom's scale: 65,000 units awaiting review.

Builds the `workspace_scale.py --backlog` newsroom (2,000 releases × 9 locales,
every unit in play: ~65,000 drafts and units needing review), serves the app on
loopback (uvicorn, as `pressflow serve`), logs in, and times in the same run:

* GET /queue (first page), /queue?page=600 (deep), a filtered page, the dashboard
  and a release review page, each warm (median of several requests, after one
  request that brings the status index up to date),
* the same counts read with `pressflow status --json` (subprocess, warm) and with
  ``collect_status`` in process, as the baseline.

Goal: the warm queue page under 300 ms.

    python3 benchmarks/webapp.py [--releases 2000] [--units 12] [--repeat 7] [--keep DIR]
"""
from __future__ import annotations

import argparse
import http.client
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from workspace_scale import build  # noqa: E402

PASSWORD = "benchmark-password"


class Client:
    """A logged-in HTTP client for the app (cookies and CSRF by hand: no extra dependency)."""

    def __init__(self, port: int):
        self.port = port
        self.cookie = ""

    def request(self, method: str, path: str, body: str = "") -> tuple[int, str, dict[str, str]]:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=120)
        headers = {"Host": f"127.0.0.1:{self.port}"}
        if self.cookie:
            headers["Cookie"] = self.cookie
        if body:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        conn.request(method, path, body=body.encode(), headers=headers)
        response = conn.getresponse()
        text = response.read().decode("utf-8")
        found = {k.lower(): v for k, v in response.getheaders()}
        if "set-cookie" in found:
            self.cookie = found["set-cookie"].split(";", 1)[0]
        conn.close()
        return response.status, text, found

    def login(self) -> None:
        import urllib.parse
        _, page, _ = self.request("GET", "/login")
        token = re.search(r'name="csrf" value="([^"]+)"', page).group(1)
        status, _, _ = self.request("POST", "/login", urllib.parse.urlencode(
            {"username": "Bench Editor", "password": PASSWORD, "csrf": token}))
        assert status == 303, status

    def timed(self, path: str, repeat: int) -> tuple[float, str]:
        times = []
        text = ""
        for _ in range(repeat):
            start = time.perf_counter()
            status, text, _ = self.request("GET", path)
            times.append(time.perf_counter() - start)
            assert status == 200, (path, status)
        return statistics.median(times), text


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--releases", type=int, default=2000)
    parser.add_argument("--units", type=int, default=12)
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--keep", type=Path, default=None, help="Build here and keep it (reused when it exists).")
    args = parser.parse_args()

    from workflow.review.status import collect_status
    from workflow.webapp.app import create_app
    from workflow.webapp.server import BackgroundServer
    from workflow.webapp.users import UserStore
    from workflow.workspace import Workspace

    tmp = None
    if args.keep:
        root = args.keep
    else:
        tmp = tempfile.TemporaryDirectory(prefix="pressflow-webapp-")
        root = Path(tmp.name) / "newsroom"
    try:
        if not (root / "pressflow.toml").exists():
            t0 = time.perf_counter()
            paths = build(root, args.releases, args.units, in_progress=None)
            print(f"built {args.releases} releases × 9 locales = {len(paths)} catalogs in {time.perf_counter() - t0:.1f} s")
        if UserStore(root).get("Bench Editor") is None:
            UserStore(root).add("Bench Editor", "editor", PASSWORD)
        ws = Workspace.load(root)
        t0 = time.perf_counter()
        collect_status(ws)
        print(f"status index brought up to date in {time.perf_counter() - t0:.1f} s (cold when just built)")

        results: dict[str, float] = {}
        status_times = []
        for _ in range(3):
            start = time.perf_counter()
            collect_status(Workspace.load(root))
            status_times.append(time.perf_counter() - start)
        results["collect_status (in process, warm)"] = statistics.median(status_times)
        env = {**os.environ, "PYTHONPATH": str(ROOT)}
        cli_times = []
        for _ in range(3):
            start = time.perf_counter()
            subprocess.run([sys.executable, "-m", "workflow", "status", "--json"], cwd=root, env=env,
                           capture_output=True, check=True)
            cli_times.append(time.perf_counter() - start)
        results["`pressflow status --json` (subprocess, warm)"] = statistics.median(cli_times)

        with BackgroundServer(create_app(Workspace.load(root))) as server:
            client = Client(server.port)
            client.login()
            start = time.perf_counter()
            client.request("GET", "/queue")
            first = time.perf_counter() - start
            page, html = client.timed("/queue", args.repeat)
            queued = re.search(r"of (\d+)</p>", html)
            results["GET /queue (page 1, warm)"] = page
            results["GET /queue?page=600 (warm)"] = client.timed("/queue?page=600", args.repeat)[0]
            results["GET /queue?locale=th&state=draft (warm)"] = client.timed("/queue?locale=th&state=draft",
                                                                             args.repeat)[0]
            results["GET / (dashboard, warm)"] = client.timed("/", max(3, args.repeat // 2))[0]
            results["GET /release/release-01000/th (warm)"] = client.timed("/release/release-01000/th",
                                                                          args.repeat)[0]
        print(f"{queued.group(1) if queued else '?'} units in the queue; first /queue request after start-up "
              f"(reads the whole index once): {first:.2f} s")
        baseline = results["`pressflow status --json` (subprocess, warm)"]
        width = max(map(len, results))
        for label, seconds in results.items():
            goal = ""
            if label.startswith("GET /queue"):
                goal = "  ok (< 300 ms)" if seconds < 0.3 else "  SLOW (goal < 300 ms)"
            print(f"  {label:<{width}}  {seconds * 1000:8.1f} ms  {seconds / baseline:5.2f}× status{goal}")
    finally:
        if tmp is not None:
            tmp.cleanup()


if __name__ == "__main__":
    main()
