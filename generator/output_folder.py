"""The one way a build writes a file: inside its output folder, or not at all.

Pages, outputs, redirects and framed pages are all written through `OutputFolder.write`, and
every file MkDocs is handed is checked with `OutputFolder.path` first. A path that leaves the
folder after decoding and normalising — absolute, with `..`, through a link that points out, or
breaking a site path's rules — is refused with a `BuildError` before anything is written.
"""

from __future__ import annotations

import os
from pathlib import Path

from generator.content import site_paths
from generator.errors import BuildError


class OutputFolder:
    def __init__(self, root: Path):
        self.root = Path(os.path.realpath(root))

    def path(self, relative: str) -> Path:
        """Where the site file `relative` (a site path: `feeds/all.atom`) lies in this folder."""
        why = site_paths.problem(relative)
        target = self.root.joinpath(relative)
        if why is None and not _inside(Path(os.path.realpath(target)), self.root):
            why = "leads out of the output folder"
        if why is not None:
            raise BuildError(f"refused to write {relative!r}: the path {why}")
        return target

    def write(self, relative: str, data: bytes) -> Path:
        """Write the site file `relative`, making its folders; never outside this folder."""
        target = self.path(relative)
        target.parent.mkdir(parents=True, exist_ok=True)
        # The folders are made: resolve again, in case one of them was a link made meanwhile.
        if not _inside(Path(os.path.realpath(target.parent)), self.root):
            raise BuildError(f"refused to write {relative!r}: the path leads out of the folder")
        flags = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_NOFOLLOW", 0)
        handle = os.open(target, flags, 0o644)
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        return target

    def contains(self, absolute: str) -> bool:
        """Whether the absolute path `absolute` (as MkDocs names a file it writes) lies inside."""
        return _inside(Path(os.path.realpath(absolute)), self.root)


def _inside(path: Path, root: Path) -> bool:
    return path == root or path.is_relative_to(root)
