"""The build's identity (#26.7): an Ed25519 key kept outside the workspace signs each journal
entry and each master's seal.

A seal and a journal line that anyone can recompute prove only that nobody slipped: a forger
who edits an input, rebuilds with grantsheet and copies the result back has a consistent
seal, and can append a chained line to the journal. A signature can only be made with the
private key, which never lies in ``inputs/`` or ``outputs/``: it is the region's (a path given
by ``--key`` or ``GRANTSHEET_SIGNING_KEY``) or made on first use in the user's configuration
folder. Whoever holds the public key (or its fingerprint, printed on the overview, the
payout list and every letter) can tell the builds made with it from any other.
"""

from __future__ import annotations

import base64
import hashlib
import os
import sys
from pathlib import Path
from typing import NamedTuple

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from grantsheet.errors import InputError, Location, problem

KEY_ENV = "GRANTSHEET_SIGNING_KEY"  # the path of the region's private key
CONFIG_ENV = "GRANTSHEET_CONFIG_DIR"  # another configuration folder (the tests' own)
KEY_FILE = "signing-key.pem"
PUBLIC_FILE = "signing-key.pub.pem"
# 128 bits of the public key's SHA-256: what a person compares by eye on paper.
FINGERPRINT_HEX = 32


def config_folder() -> Path:
    """The user's configuration folder for grantsheet: ``%APPDATA%`` on Windows, Application
    Support on macOS, ``$XDG_CONFIG_HOME`` (else ``~/.config``) elsewhere. Three cases, each
    an environment variable or a fixed place: no library needed for them."""
    override = os.environ.get(CONFIG_ENV)
    if override:
        return Path(override)
    if sys.platform == "win32":
        base = os.environ.get("APPDATA")
        return (Path(base) if base else Path.home() / "AppData" / "Roaming") / "grantsheet"
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Application Support" / "grantsheet"
    base = os.environ.get("XDG_CONFIG_HOME")
    return (Path(base) if base else Path.home() / ".config") / "grantsheet"


# cryptography's serialization (PEM, PKCS #8, with it SSH, RSA, EC, DSA and bcrypt) is imported
# only for a key of another form than the one grantsheet writes: it cost every build 27 ms of
# CPU, as much as Ed25519 itself (BENCHMARKS.md).
# An unencrypted Ed25519 private key in PKCS #8 (RFC 8410, section 7): this DER, then its 32 bytes.
PKCS8_ED25519 = bytes.fromhex("302e020100300506032b657004220420")
PEM_PRIVATE = (b"-----BEGIN PRIVATE KEY-----", b"-----END PRIVATE KEY-----")


def public_bytes(key: Ed25519PublicKey) -> bytes:
    return key.public_bytes_raw()


def plain_private_key(data: bytes) -> Ed25519PrivateKey | None:
    """The key of an unencrypted Ed25519 PKCS #8 PEM (what ``_create`` writes); None for any
    other text, which ``serialization`` then reads or refuses."""
    lines = [line.strip() for line in data.strip().splitlines()]
    if len(lines) < 3 or (lines[0], lines[-1]) != PEM_PRIVATE:
        return None
    try:
        der = base64.b64decode(b"".join(lines[1:-1]), validate=True)
    except ValueError:
        return None
    if len(der) != len(PKCS8_ED25519) + 32 or not der.startswith(PKCS8_ED25519):
        return None
    return Ed25519PrivateKey.from_private_bytes(der[len(PKCS8_ED25519) :])


def fingerprint_of(raw: bytes) -> str:
    """The public key's fingerprint as printed: 32 hex digits in groups of four."""
    hexed = hashlib.sha256(raw).hexdigest()[:FINGERPRINT_HEX]
    return " ".join(hexed[i : i + 4] for i in range(0, FINGERPRINT_HEX, 4))


def same_fingerprint(given: str, printed: str) -> bool:
    """A fingerprint as typed (spaces, colons, letter case aside) against the printed one."""

    def clean(text: str) -> str:
        return "".join(c for c in text.lower() if c in "0123456789abcdef")

    return len(clean(given)) >= FINGERPRINT_HEX and clean(printed).startswith(clean(given)[:FINGERPRINT_HEX])


class Signer(NamedTuple):
    """A private key and where it came from."""

    key: Ed25519PrivateKey
    path: Path

    @property
    def public(self) -> str:
        """The public key, base64 of its 32 raw bytes: what the journal and the master carry."""
        return base64.b64encode(public_bytes(self.key.public_key())).decode("ascii")

    @property
    def fingerprint(self) -> str:
        return fingerprint_of(public_bytes(self.key.public_key()))

    def sign(self, data: bytes) -> str:
        return base64.b64encode(self.key.sign(data)).decode("ascii")

    def __reduce__(self) -> tuple:
        # A worker process that is spawned, not forked, receives the key that signs the
        # centres' files (grantsheet.parallel); cryptography's key itself does not pickle.
        return _signer_of, (self.key.private_bytes_raw(), self.path)


def _signer_of(raw: bytes, path: Path) -> Signer:
    return Signer(Ed25519PrivateKey.from_private_bytes(raw), path)


def signer(path: Path | None = None, workspace: tuple[Path, ...] = ()) -> Signer:
    """The key that signs: ``path``, else ``GRANTSHEET_SIGNING_KEY``'s, else the one in the
    configuration folder, made there on first use (with its public key beside it, to hand to
    the auditor). ``InputError`` when a given key cannot be read or lies in one of the
    ``workspace`` folders, where whoever edits the outputs could use it."""
    given = path or (Path(os.environ[KEY_ENV]) if os.environ.get(KEY_ENV) else None)
    target = given or config_folder() / KEY_FILE
    resolved = target.resolve()
    inside = [folder for folder in workspace if resolved.is_relative_to(folder.resolve())]
    if inside:
        raise InputError([problem("signing_key_in_workspace", Location(str(target)), folder=inside[0])])
    if given is None and not target.exists():
        return Signer(_create(target), target)
    try:
        data = target.read_bytes()
        key = plain_private_key(data) or _load_private(data)
    except (OSError, ValueError, TypeError) as error:
        key, detail = None, str(error) or type(error).__name__
    else:
        detail = type(key).__name__
    if not isinstance(key, Ed25519PrivateKey):
        raise InputError([problem("signing_key_unreadable", Location(str(target)), detail=detail)])
    return Signer(key, target)


def _load_private(data: bytes) -> object:
    from cryptography.hazmat.primitives import serialization

    return serialization.load_pem_private_key(data, password=None)


def _create(target: Path) -> Ed25519PrivateKey:
    """A new key at ``target``, readable by its owner only (0600 where the system has modes;
    on Windows the user's %APPDATA% is the user's own)."""
    from cryptography.hazmat.primitives import serialization

    key = Ed25519PrivateKey.generate()
    target.parent.mkdir(parents=True, exist_ok=True)
    pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    handle = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(handle, "wb") as out:
        out.write(pem)
    (target.parent / PUBLIC_FILE).write_bytes(public_pem(key.public_key()))
    return key


def public_pem(key: Ed25519PublicKey) -> bytes:
    from cryptography.hazmat.primitives import serialization

    return key.public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)


def read_public(path: Path) -> str:
    """A public key file (PEM, or the private key's PEM: its public half) as base64 raw bytes;
    ``ValueError`` when it is not an Ed25519 key."""
    from cryptography.hazmat.primitives import serialization

    data = path.read_bytes()
    try:
        key = serialization.load_pem_public_key(data)
    except ValueError:
        private = serialization.load_pem_private_key(data, password=None)
        if not isinstance(private, Ed25519PrivateKey):
            raise ValueError(f"{path}: not an Ed25519 key") from None
        key = private.public_key()
    if not isinstance(key, Ed25519PublicKey):
        raise ValueError(f"{path}: not an Ed25519 key")
    return base64.b64encode(public_bytes(key)).decode("ascii")


def fingerprint(public: str) -> str:
    """The printed fingerprint of a base64 public key."""
    return fingerprint_of(base64.b64decode(public))


def valid(public: str | None, signature: str | None, data: bytes) -> bool:
    """Whether ``signature`` is ``public``'s over ``data`` (False for anything malformed)."""
    if not public or not signature:
        return False
    try:
        Ed25519PublicKey.from_public_bytes(base64.b64decode(public, validate=True)).verify(
            base64.b64decode(signature, validate=True), data
        )
    except (InvalidSignature, ValueError):
        return False
    return True


class Trusted(NamedTuple):
    """What verify is given to check signatures against: a public key, or only its fingerprint."""

    public: str | None = None
    printed: str | None = None  # a fingerprint as the officer typed it

    def accepts(self, public: str | None) -> bool:
        if not public:
            return False
        if self.public is not None:
            return public == self.public
        return self.printed is not None and same_fingerprint(self.printed, fingerprint(public))

    @property
    def shown(self) -> str:
        return fingerprint(self.public) if self.public else str(self.printed)
