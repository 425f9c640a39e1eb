"""OpenPGP signatures for CSAF documents and security.txt, made by `gpg` with a key given in an
environment variable (a CI secret), never in the content. Without the variable nothing is signed.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator, Mapping
from pathlib import Path

from generator.errors import BuildError

KEY_ENV = "OPENBOOK_CSAF_SIGNING_KEY"  # an ASCII-armored secret key
PASSPHRASE_ENV = "OPENBOOK_CSAF_SIGNING_PASSPHRASE"  # its passphrase, if it has one
TIMEOUT = 60  # seconds for one gpg call


class GpgSigner:
    """Signs with the one secret key imported into its own, temporary GnuPG home."""

    def __init__(self, gpg: str, home: Path, passphrase: str):
        self._gpg, self._home = gpg, home
        self._passphrase = home / "passphrase"
        self._passphrase.write_text(passphrase, encoding="utf-8")
        self._passphrase.chmod(0o600)
        self.fingerprint = self._fingerprint()
        self.public_key = self._run("--armor", "--export", self.fingerprint)

    def _run(self, *args: str, data: bytes = b"") -> bytes:
        command = [self._gpg, "--homedir", str(self._home), "--batch", "--no-tty", *args]
        done = subprocess.run(command, input=data, capture_output=True, timeout=TIMEOUT)
        if done.returncode != 0:
            why = done.stderr.decode("utf-8", "replace").strip().splitlines() or ["no message"]
            raise BuildError(f"gpg {args[-1] if args else ''} failed: {why[-1]}")
        return done.stdout

    def _fingerprint(self) -> str:
        listing = self._run("--with-colons", "--list-secret-keys").decode()
        found = [line.split(":")[9] for line in listing.splitlines() if line.startswith("fpr:")]
        if not found:
            raise BuildError(f"{KEY_ENV} holds no secret key")
        return found[0]

    def _signing(self, *args: str, data: bytes) -> bytes:
        return self._run(
            "--pinentry-mode",
            "loopback",
            "--passphrase-file",
            str(self._passphrase),
            "--local-user",
            self.fingerprint,
            "--armor",
            *args,
            data=data,
        )

    def sign(self, data: bytes) -> bytes:
        """A detached, ASCII-armored signature of `data` (CSAF 2.0 7.1.19)."""
        return self._signing("--detach-sign", data=data)

    def clearsign(self, data: bytes) -> bytes:
        """`data` with a cleartext signature around it, as RFC 9116 2.3 signs security.txt."""
        return self._signing("--clearsign", data=data)


@contextlib.contextmanager
def signing(env: Mapping[str, str] = os.environ) -> Iterator[GpgSigner | None]:
    """A signer while the block runs, when `env` gives a key; None when it does not. The
    temporary key ring and its gpg-agent are gone afterwards."""
    key = env.get(KEY_ENV, "")
    if not key.strip():
        yield None
        return
    gpg = shutil.which("gpg")
    if gpg is None:
        raise BuildError(f"{KEY_ENV} is set, but gpg is not installed to sign with it")
    with tempfile.TemporaryDirectory(prefix="openbook-gpg-") as home:
        Path(home).chmod(0o700)
        try:
            imported = subprocess.run(
                [gpg, "--homedir", home, "--batch", "--import"],
                input=key.encode("utf-8"),
                capture_output=True,
                timeout=TIMEOUT,
            )
            if imported.returncode != 0:
                raise BuildError(f"{KEY_ENV} is not an OpenPGP key gpg can import")
            yield GpgSigner(gpg, Path(home), env.get(PASSPHRASE_ENV, ""))
        finally:
            # gpg starts an agent for the secret key; it must not outlive the build.
            gpgconf = shutil.which("gpgconf")
            if gpgconf is not None:
                subprocess.run([gpgconf, "--homedir", home, "--kill", "all"], capture_output=True)
