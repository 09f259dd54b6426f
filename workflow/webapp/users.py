"""Web app accounts: ``.pressflow-users.json`` at the workspace root.

The file holds each user's role and argon2 password hash, and a random
``secret_key`` kept for older installations (sessions now live on the server,
:mod:`workflow.webapp.sessions`: no cookie is signed with it). It lives beside
``pressflow.toml`` rather than in the ``.pressflow/`` cache (deleting the cache
must lose nothing) and is meant to stay out of git: the hashes are
per-installation secrets, so it is written with mode 0600 and should be listed
in ``.gitignore``.

Format::

    {"secret_key": "<random>",
     "users": {"Kim Editor": {"role": "editor", "password": "$argon2id$..."}}}

The user name is the reviewer name written into approval stamps, exactly as
``pressflow review approve --as NAME`` writes it.
"""
from __future__ import annotations

import contextlib
import hashlib
import json
import os
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from workflow.errors import ConfigError
from workflow.fsutil import atomic_write, locked

USERS_FILE = ".pressflow-users.json"
SECRET_ENV = "PRESSFLOW_SECRET_KEY"
MIN_PASSWORD = 8
MAX_NAME = 64

# Ordered: each role may do everything the roles before it may.
ROLES = ("translator", "editor", "publisher")

_hasher = PasswordHasher()
# Verified against when the user name is unknown, so a login attempt takes as
# long for a missing user as for a wrong password (no user enumeration by timing).
_DUMMY_HASH = _hasher.hash("pressflow-dummy-password")


class UserError(ConfigError):
    """A bad user name, role or password, or a malformed users file."""


@dataclass(frozen=True)
class User:
    name: str
    role: str
    password_hash: str

    def can(self, role: str) -> bool:
        """True when this user's role is ``role`` or a more powerful one."""
        return ROLES.index(self.role) >= ROLES.index(role)

    @property
    def session_tag(self) -> str:
        """Changes whenever the password or the role changes: sessions holding the old tag end."""
        return hashlib.sha256(f"{self.role}\x00{self.password_hash}".encode()).hexdigest()[:24]


def users_path(root: str | Path) -> Path:
    return Path(root) / USERS_FILE


def check_name(name: str) -> str:
    """A user name is any printable text without surrounding spaces (it appears in stamps)."""
    if not name or name != name.strip() or not name.isprintable() or len(name) > MAX_NAME:
        raise UserError(f"invalid user name {name!r}: 1-{MAX_NAME} printable characters, no leading/trailing spaces")
    return name


def check_role(role: str) -> str:
    if role not in ROLES:
        raise UserError(f"invalid role {role!r}: choose one of {', '.join(ROLES)}")
    return role


def hash_password(password: str) -> str:
    if len(password) < MIN_PASSWORD:
        raise UserError(f"password too short: at least {MIN_PASSWORD} characters")
    return _hasher.hash(password)


class UserStore:
    """The users file of one workspace, re-read when it changes on disk."""

    def __init__(self, root: str | Path):
        self.path = users_path(root)
        self._stamp: tuple[int, int] | None = None
        self._data: dict = {"secret_key": "", "users": {}}

    # -- reading -------------------------------------------------------------
    def _load(self) -> dict:
        try:
            stat = self.path.stat()
        except FileNotFoundError:
            self._stamp, self._data = None, {"secret_key": "", "users": {}}
            return self._data
        stamp = (stat.st_mtime_ns, stat.st_size)
        if stamp != self._stamp:
            self._data = self._parse(self.path.read_text(encoding="utf-8"))
            self._stamp = stamp
        return self._data

    def _parse(self, text: str) -> dict:
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise UserError(f"invalid JSON: {exc.msg}", self.path, exc.lineno) from None
        if not isinstance(data, dict) or not isinstance(data.get("users", {}), dict):
            raise UserError('expected {"secret_key": ..., "users": {NAME: {"role": ..., "password": ...}}}', self.path)
        for name, record in data.get("users", {}).items():
            valid = isinstance(record, dict) and record.get("role") in ROLES and isinstance(record.get("password"), str)
            if not valid:
                raise UserError(f"user {name!r}: needs a role ({', '.join(ROLES)}) and a password hash", self.path)
        data.setdefault("users", {})
        data.setdefault("secret_key", "")
        return data

    def get(self, name: str) -> User | None:
        record = self._load()["users"].get(name)
        return User(name, record["role"], record["password"]) if record else None

    def users(self) -> list[User]:
        return [User(n, r["role"], r["password"]) for n, r in sorted(self._load()["users"].items())]

    def secret_key(self) -> str:
        """The session signing key: ``$PRESSFLOW_SECRET_KEY``, else the one stored in the file."""
        env = os.environ.get(SECRET_ENV)
        if env:
            return env
        key = self._load().get("secret_key")
        if not key:
            key = self._update(lambda data: None)["secret_key"]
        return key

    def authenticate(self, name: str, password: str) -> User | None:
        """The user if ``password`` is right, else None (constant work either way)."""
        user = self.get(name)
        try:
            _hasher.verify(user.password_hash if user else _DUMMY_HASH, password)
        except (VerifyMismatchError, VerificationError, InvalidHashError):
            return None
        return user

    # -- writing -------------------------------------------------------------
    def _update(self, change: Callable[[dict], None]) -> dict:
        """Apply ``change(data)`` under the file lock and write the file back atomically."""
        with locked(self.path):
            self._stamp = None
            data = self._load()
            change(data)
            if not data.get("secret_key"):
                data["secret_key"] = secrets.token_urlsafe(48)
            atomic_write(self.path, json.dumps(data, indent=2, ensure_ascii=False, sort_keys=True) + "\n", lock=False)
            with contextlib.suppress(OSError):
                os.chmod(self.path, 0o600)  # hashes and the session key are secrets
            self._stamp = None
        return self._load()

    def add(self, name: str, role: str, password: str, *, replace: bool = False) -> User:
        """Create (or with ``replace`` update) a user; the password is stored only as an argon2 hash."""
        check_name(name)
        check_role(role)
        hashed = hash_password(password)

        def change(data: dict) -> None:
            if name in data["users"] and not replace:
                raise UserError(f"user {name!r} already exists (use --replace to change role or password)", self.path)
            data["users"][name] = {"role": role, "password": hashed}

        self._update(change)
        return User(name, role, hashed)

    def remove(self, name: str) -> None:
        def change(data: dict) -> None:
            if data["users"].pop(name, None) is None:
                raise UserError(f"no user {name!r}", self.path)

        self._update(change)
