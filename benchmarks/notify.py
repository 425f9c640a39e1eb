"""Time `openbook notify` sending e-mail: `python benchmarks/notify.py --subscribers 10000
--entries 50`.

It writes a site with one e-mail channel and a subscriber list of that many addresses, records
a baseline, adds that many incident updates, and runs `openbook notify` in a child process
against an SMTP server (aiosmtpd, from the test extras) on 127.0.0.1 with no rate limit, so the
figure is what Openbook itself can do; a real relay is usually the slower side, and the
channel's `per_second` keeps within its limits. Prints messages, wall time, CPU time of the
notifying process, peak memory, messages per second, and the delivery record's size.
"""

from __future__ import annotations

import argparse
import os
import resource
import socket
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from aiosmtpd.controller import Controller

T0 = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)
PORTAL = """\
title: Benchmark Status
url: https://status.bench.example/
components:
  - id: api
    name: API
notify:
  channels:
    - kind: email
      smtp_env: BENCH_SMTP
      subscribers_env: BENCH_SUBSCRIBERS
      from: "Benchmark Status <status@bench.example>"
      unsubscribe: mailto:leave@bench.example
      per_second: 1000000
      per_connection: 1000
"""


class Counter:
    def __init__(self):
        self.messages = 0

    async def handle_DATA(self, server, session, envelope):
        self.messages += 1
        return "250 OK"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _notify(content: Path, state: Path, now: datetime, env: dict) -> tuple[float, float, float]:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "generator", "notify", "--content", str(content), "--state",
         str(state), "--now", f"{now:%Y-%m-%dT%H:%M:%SZ}"],
        check=True, env=env, stdout=subprocess.DEVNULL,
    )  # fmt: skip
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, after.ru_maxrss / 1024


def measure(subscribers: int, entries: int, work: Path) -> dict:
    content = work / "content"
    (content / "incidents").mkdir(parents=True)
    (content / "portal.yml").write_text(PORTAL, encoding="utf-8")
    listing = work / "subscribers.csv"
    listing.write_text(
        "email,components\n" + "".join(f"user{i}@example.org,\n" for i in range(subscribers)),
        encoding="utf-8",
    )
    counter, port = Counter(), _free_port()
    server = Controller(counter, hostname="127.0.0.1", port=port)
    server.start()
    env = {
        **os.environ,
        "BENCH_SMTP": f"smtp://127.0.0.1:{port}",
        "BENCH_SUBSCRIBERS": str(listing),
    }
    state = work / "state.json"
    try:
        _notify(content, state, T0, env)  # the baseline
        for n in range(entries):
            at = T0 + timedelta(minutes=n + 1)
            (content / "incidents" / f"2026-11-23-n{n}.md").write_text(
                f"---\ntitle: Incident {n}\nimpact: minor\n"
                "components: {api: degraded_performance}\n"
                f"updates:\n  - at: {at:%Y-%m-%dT%H:%M:%SZ}\n    status: investigating\n"
                f"    text: We are looking into slow responses ({n}).\n---\n",
                encoding="utf-8",
            )
        wall, cpu, peak = _notify(content, state, T0 + timedelta(hours=2), env)
    finally:
        server.stop()
    expected = subscribers * entries
    assert counter.messages == expected, (counter.messages, expected)
    return {
        "subscribers": subscribers,
        "entries": entries,
        "messages": counter.messages,
        "wall_s": round(wall, 1),
        "cpu_s": round(cpu, 1),
        "peak_mb": round(peak, 1),
        "messages_per_s": round(counter.messages / wall),
        "record_kb": round(state.stat().st_size / 1024, 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--subscribers", type=int, nargs="+", default=[1000])
    parser.add_argument("--entries", type=int, default=5)
    args = parser.parse_args()
    rows = []
    for subscribers in args.subscribers:
        with tempfile.TemporaryDirectory(prefix="openbook-notify-bench-") as work:
            rows.append(measure(subscribers, args.entries, Path(work)))
    keys = list(rows[0])
    print(" | ".join(keys))
    for row in rows:
        print(" | ".join(str(row[k]) for k in keys))


if __name__ == "__main__":
    main()
