"""OpenPGP signatures made by gpg with a key from the environment: the CSAF documents signed
detached, security.txt clear-signed, each verified by gpg with only the published public key."""

from __future__ import annotations

import json
import shutil
import subprocess
from datetime import UTC, datetime

import pytest
from sectxt import Parser

from generator.content.security_settings import CsafPublisher, Security
from generator.errors import BuildError
from generator.outputs import csaf_provider, openpgp, security_txt

from .helpers.advisories import FIXTURE_NAMES, advisory

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(shutil.which("gpg") is None, reason="needs gpg"),
]
SITE = "https://status.northwind.example/"


def gpg(home, *args, data=b""):
    done = subprocess.run(
        ["gpg", "--homedir", str(home), "--batch", *args], input=data, capture_output=True
    )
    return done


@pytest.fixture(scope="module")
def secret_key(tmp_path_factory):
    """A new signing key, as a CI secret would hold it: ASCII-armored, with a passphrase."""
    home = tmp_path_factory.mktemp("keyring")
    home.chmod(0o700)
    made = gpg(
        home,
        "--passphrase",
        "correct horse",
        "--pinentry-mode",
        "loopback",
        "--quick-gen-key",
        "Northwind Security <security@northwind.example>",
        "ed25519",
        "sign",
        "never",
    )
    assert made.returncode == 0, made.stderr
    exported = gpg(
        home,
        "--passphrase",
        "correct horse",
        "--pinentry-mode",
        "loopback",
        "--armor",
        "--export-secret-keys",
    )
    subprocess.run(["gpgconf", "--homedir", str(home), "--kill", "all"], capture_output=True)
    return exported.stdout.decode()


@pytest.fixture
def verifier(tmp_path):
    """A key ring that knows only the published public key; its agent is stopped after."""
    home = tmp_path / "verify"
    home.mkdir(mode=0o700)

    def holding(public_key: bytes):
        assert gpg(home, "--import", data=public_key).returncode == 0
        return home

    yield holding
    subprocess.run(["gpgconf", "--homedir", str(home), "--kill", "all"], capture_output=True)


def test_documents_are_signed_and_the_key_is_published(secret_key, tmp_path, verifier):
    env = {openpgp.KEY_ENV: secret_key, openpgp.PASSPHRASE_ENV: "correct horse"}
    publisher = CsafPublisher("Northwind Cloud", "https://northwind.example")
    with openpgp.signing(env) as signer:
        files = csaf_provider.files(
            [advisory(n) for n in FIXTURE_NAMES], publisher, SITE, datetime.now(UTC), signer=signer
        )
    meta = json.loads(files[".well-known/csaf/provider-metadata.json"])
    assert meta["role"] == "csaf_trusted_provider"
    [key] = meta["pgp_keys"]
    assert key["url"] == f"{SITE}.well-known/csaf/openpgp/{key['fingerprint']}.asc"
    public = files[key["url"].removeprefix(SITE)]
    home = verifier(public)
    signed = [p for p in files if p.endswith(".json") and "/white/" in p]
    assert len(signed) == len(FIXTURE_NAMES)
    for path in signed:
        (tmp_path / "doc.json").write_bytes(files[path])
        (tmp_path / "doc.json.asc").write_bytes(files[path + ".asc"])
        checked = gpg(home, "--verify", str(tmp_path / "doc.json.asc"), str(tmp_path / "doc.json"))
        assert checked.returncode == 0, checked.stderr
        (tmp_path / "doc.json").write_bytes(files[path] + b" ")
        tampered = gpg(home, "--verify", str(tmp_path / "doc.json.asc"), str(tmp_path / "doc.json"))
        assert tampered.returncode != 0
    feed = json.loads(files[".well-known/csaf/feed-tlp-white.json"])["feed"]
    assert all(e["link"][-1]["rel"] == "signature" for e in feed["entry"])


def test_security_txt_is_clear_signed(secret_key, tmp_path, verifier):
    security = Security(
        contact=("mailto:security@northwind.example",),
        encryption="https://northwind.example/pgp-key.txt",
    )
    env = {openpgp.KEY_ENV: secret_key, openpgp.PASSPHRASE_ENV: "correct horse"}
    with openpgp.signing(env) as signer:
        body = security_txt.files(security, SITE, ("en",), datetime.now(UTC), signer)[
            ".well-known/security.txt"
        ]
        public = signer.public_key
    assert body.startswith(b"-----BEGIN PGP SIGNED MESSAGE-----\n")
    parsed = Parser(body)
    assert parsed.errors == []
    assert parsed.recommendations == []
    home = verifier(public)
    (tmp_path / "security.txt").write_bytes(body)
    assert gpg(home, "--verify", str(tmp_path / "security.txt")).returncode == 0


def test_without_a_key_nothing_is_signed():
    with openpgp.signing({}) as signer:
        assert signer is None


def test_a_key_that_is_not_one_is_a_one_line_error():
    with pytest.raises(BuildError) as raised, openpgp.signing({openpgp.KEY_ENV: "not a key"}):
        pass
    assert str(raised.value) == "OPENBOOK_CSAF_SIGNING_KEY is not an OpenPGP key gpg can import"


def test_a_wrong_passphrase_is_a_one_line_error(secret_key):
    env = {openpgp.KEY_ENV: secret_key, openpgp.PASSPHRASE_ENV: "wrong"}
    with openpgp.signing(env) as signer, pytest.raises(BuildError) as raised:
        signer.sign(b"data")
    assert str(raised.value).startswith("gpg --detach-sign failed: ")
    assert "\n" not in str(raised.value)


def test_a_build_with_the_key_in_its_environment_signs(secret_key, content, monkeypatch):
    from generator import urls
    from generator.build import build

    from .helpers.advisories import with_disclosures

    monkeypatch.setenv(openpgp.KEY_ENV, secret_key)
    monkeypatch.setenv(openpgp.PASSPHRASE_ENV, "correct horse")
    out = content.parent / "site"
    build(with_disclosures(content), out, datetime.now(UTC).replace(microsecond=0), jobs=1)
    meta = json.loads((out / urls.PROVIDER_METADATA).read_text())
    assert meta["role"] == "csaf_trusted_provider"
    documents = sorted((out / urls.CSAF_WHITE).rglob("*.json"))
    assert documents and all(p.with_name(p.name + ".asc").is_file() for p in documents)
    assert (out / urls.SECURITY_TXT).read_text().startswith("-----BEGIN PGP SIGNED MESSAGE-----")
