"""Lighthouse's performance score for the pages visitors open first.

    python benchmarks/lighthouse.py [--site DIR]


It builds the example site (or takes `--site DIR`), serves it on 127.0.0.1 with gzip, as GitHub
Pages serves it, and runs Lighthouse (mobile, simulated throttling) against the home page, the
newest incident and the incident history with Debian's Chromium. Lighthouse comes from npm:

    npm ci --prefix benchmarks

It prints, per page, the score and the metrics behind it, and the opportunities Lighthouse
names, so that a lower score says why.
"""

from __future__ import annotations

import argparse
import gzip
import http.server
import json
import shutil
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

from run import timed_build  # beside this file

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
LIGHTHOUSE = HERE / "node_modules" / ".bin" / "lighthouse"
CHROMIUM = "/usr/bin/chromium"
COMPRESSED = (".html", ".css", ".js", ".json", ".svg", ".xml")
FLAGS = " ".join(
    (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
    )
)


class _Gzipped(http.server.SimpleHTTPRequestHandler):
    """Files as GitHub Pages serves them: text compressed with gzip."""

    def log_message(self, *args) -> None:
        pass

    def send_head(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        if not path.is_file() or path.suffix not in COMPRESSED:
            return super().send_head()
        body = gzip.compress(path.read_bytes(), mtime=0)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "max-age=600")
        self.end_headers()
        return _Body(body)


class _Body:
    def __init__(self, data: bytes):
        self.data = data

    def read(self, *_):
        data, self.data = self.data, b""
        return data

    def close(self) -> None:
        pass


def serve(folder: Path) -> tuple[http.server.ThreadingHTTPServer, str]:
    handler = lambda *a, **k: _Gzipped(*a, directory=str(folder), **k)  # noqa: E731
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


def audit(url: str, report: Path) -> dict:
    subprocess.run(
        [
            str(LIGHTHOUSE),
            url,
            "--only-categories=performance",
            "--form-factor=mobile",
            "--throttling-method=simulate",
            f"--chrome-path={CHROMIUM}",
            f"--chrome-flags={FLAGS}",
            "--output=json",
            f"--output-path={report}",
            "--quiet",
        ],
        check=True,
    )
    found = json.loads(report.read_text(encoding="utf-8"))
    audits = found["audits"]
    metrics = {
        name: audits[key]["displayValue"]
        for name, key in (
            ("FCP", "first-contentful-paint"),
            ("LCP", "largest-contentful-paint"),
            ("TBT", "total-blocking-time"),
            ("CLS", "cumulative-layout-shift"),
            ("SI", "speed-index"),
        )
    }
    advice = [
        f"{a['title']} ({a.get('displayValue', '')})".replace(" ()", "")
        for a in audits.values()
        if a.get("details", {}).get("type") == "opportunity" and (a.get("score") or 1) < 0.9
    ]
    dom = audits.get("dom-size", {}).get("numericValue")
    return {
        "score": round(found["categories"]["performance"]["score"] * 100),
        **metrics,
        "DOM": int(dom) if dom else None,
        "advice": advice,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, help="a built site; by default the example is built")
    args = parser.parse_args()
    if not LIGHTHOUSE.exists():
        sys.exit("Lighthouse is not installed: npm ci --prefix benchmarks")
    with tempfile.TemporaryDirectory(prefix="openbook-lighthouse-") as tmp:
        site = args.site
        if site is None:
            site = Path(tmp) / "site"
            timed_build(ROOT / "content", site)
        # The newest incident: the example's is still open.
        newest = max(p.parent.name for p in site.glob("incidents/[0-9]*/index.html"))
        pages = {"home": "", "incident": f"incidents/{newest}/", "history": "incidents/"}
        server, root = serve(site)
        try:
            print("page | score | FCP | LCP | TBT | CLS | SI | DOM elements")
            for name, path in pages.items():
                found = audit(root + path, Path(tmp) / f"{name}.json")
                print(
                    f"{name} | {found['score']} | {found['FCP']} | {found['LCP']} | "
                    f"{found['TBT']} | {found['CLS']} | {found['SI']} | {found['DOM']}",
                    flush=True,
                )
                for line in found["advice"]:
                    print(f"    {line}")
        finally:
            server.shutdown()
            shutil.rmtree(Path(tmp) / "site", ignore_errors=True)


if __name__ == "__main__":
    main()
