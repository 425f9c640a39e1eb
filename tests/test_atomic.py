"""generator/atomic.py's one way to replace a file: whole or not at all, whoever else writes it."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from generator.atomic import replace_file

from .conftest import ROOT

SIZE = 256 * 1024  # large enough that a write takes several system calls


def test_two_writers_of_one_file_never_collide(tmp_path):
    """Two threads replace the same file over and over while a third reads it: every read
    sees one writer's bytes whole, no write fails, and only the file is left."""
    target = tmp_path / "record.json"
    replace_file(target, b"0" * SIZE)
    payloads = (b"a" * SIZE, b"b" * (SIZE // 2))
    errors: list[BaseException] = []
    seen: set[bytes] = set()
    done = threading.Event()

    def write(data: bytes) -> None:
        try:
            for _ in range(150):
                replace_file(target, data)
        except BaseException as error:  # noqa: BLE001 - reported by the test below
            errors.append(error)

    def read() -> None:
        while not done.is_set():
            seen.add(target.read_bytes())

    writers = [threading.Thread(target=write, args=(data,)) for data in payloads]
    reader = threading.Thread(target=read)
    reader.start()
    for thread in writers:
        thread.start()
    for thread in writers:
        thread.join()
    done.set()
    reader.join()
    assert errors == []
    assert seen <= {b"0" * SIZE, *payloads}
    assert target.read_bytes() in payloads
    assert [p.name for p in tmp_path.iterdir()] == ["record.json"]


FAILING_WRITE = """
import resource, signal, sys
from pathlib import Path
from generator.atomic import replace_file

signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a file past the limit: EFBIG, not a kill
resource.setrlimit(resource.RLIMIT_FSIZE, (4096, resource.RLIM_INFINITY))
try:
    replace_file(Path(sys.argv[1]), b"new" * 100_000)
except OSError as error:
    print(type(error).__name__, error.errno)
"""


@pytest.mark.skipif(sys.platform != "linux", reason="file size limits as Linux applies them")
def test_a_write_that_fails_leaves_the_old_file_and_nothing_else(tmp_path):
    """The disk refuses the bytes half-way (here a file size limit, as a full disk would):
    the old file stays as it was, and the half-written one is gone."""
    target = tmp_path / "incident.md"
    target.write_bytes(b"old text\n")
    done = subprocess.run(
        [sys.executable, "-c", FAILING_WRITE, str(target)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=True,
    )
    assert done.stdout.startswith("OSError 27")  # EFBIG: the write was refused
    assert target.read_bytes() == b"old text\n"
    assert [p.name for p in tmp_path.iterdir()] == ["incident.md"]


def test_a_rename_that_fails_leaves_no_file_behind(tmp_path):
    """The bytes are written, but the path cannot be replaced (a folder is in the way)."""
    (tmp_path / "site").mkdir()
    with pytest.raises(OSError):
        replace_file(tmp_path / "site", b"a page")
    assert [p.name for p in tmp_path.iterdir()] == ["site"]
    assert (tmp_path / "site").is_dir()


@pytest.mark.skipif(os.name != "posix", reason="POSIX modes")
def test_a_replaced_file_keeps_its_mode_and_a_new_one_gets_the_umasks(tmp_path):
    kept = tmp_path / "secret.json"
    kept.write_bytes(b"{}")
    kept.chmod(0o640)
    replace_file(kept, b'{"a": 1}', sync=True)
    assert (kept.stat().st_mode & 0o777, kept.read_bytes()) == (0o640, b'{"a": 1}')
    old = os.umask(0o027)
    try:
        replace_file(tmp_path / "new.json", b"{}")
    finally:
        os.umask(old)
    assert (tmp_path / "new.json").stat().st_mode & 0o777 == 0o640
    assert sorted(p.name for p in tmp_path.iterdir()) == ["new.json", "secret.json"]


# Renames that write nothing: notify's record moves an unreadable file aside, kept for a person.
RENAMES = {("generator/notify/state.py", "os.replace(")}


def test_nothing_in_the_package_writes_a_file_whole_by_itself():
    """Every whole-file replacement goes through `replace_file`: no other module renames a
    file over another or names a sibling of its own to write into."""
    found = set()
    for path in (ROOT / "generator").rglob("*.py"):
        if path.name == "atomic.py":
            continue
        text = path.read_text(encoding="utf-8")
        for needle in ("os.replace(", "mkstemp(", '.new"', "'.new'"):
            if needle in text:
                found.add((path.relative_to(ROOT).as_posix(), needle))
    assert found == RENAMES


def test_the_temporary_names_are_the_writers_own(tmp_path):
    """A leftover file of an earlier name does not stop a write, nor is it overwritten."""
    target = tmp_path / "x.json"
    stale = Path(f"{target}.new")
    stale.write_bytes(b"someone else's")
    replace_file(target, b"mine")
    assert target.read_bytes() == b"mine" and stale.read_bytes() == b"someone else's"
