"""One settings object, built from the environment (and nothing else) by the composition roots."""

from __future__ import annotations

import os
import secrets
from collections.abc import Mapping
from ipaddress import ip_network
from pathlib import Path
from urllib.parse import urlsplit

import msgspec

PROJECT_ROOT = Path(__file__).resolve().parent.parent


class Settings(msgspec.Struct, frozen=True, kw_only=True):
    data_dir: Path
    persistence: str = "sqlite"  # or "postgres"
    sqlite_path: Path | None = None
    postgres_dbname: str = "signpost"
    postgres_host: str = "127.0.0.1"
    postgres_port: int = 5432
    postgres_user: str = "postgres"
    postgres_password: str = ""
    postgres_schema: str = ""
    meili_url: str | None = None  # external Meilisearch; None starts a child process
    meili_master_key: str = ""
    meili_binary: Path | None = None
    meili_index_prefix: str = "signpost"
    admin_token: str = ""
    host: str = "127.0.0.1"
    port: int = 8000
    public_url: str = ""  # where people reach the site; "" means http://{host}:{port}
    poll_interval: float = 0.05
    demo_on_empty: bool = True
    secure_cookies: bool = True
    project: bool = True  # whether `signpost serve` also runs the projectors
    web_workers: int = 1  # web processes `signpost serve` runs on its one port
    semantic_search: bool = True  # hybrid search with the local embedding model
    # Meilisearch's vector store: "experimental" (hannoy, the store Meilisearch itself moved to in
    # 1.29; writing an edited vector took about a fifth of arroy's time here) or "stable" (arroy)
    vector_store: str = "experimental"
    trusted_proxies: tuple[str, ...] = ()  # whose X-Forwarded-For names the client
    smtp_host: str = ""  # unset: the console mailer
    smtp_port: int = 587
    smtp_user: str = ""
    smtp_password: str = ""
    smtp_from: str = ""
    smtp_starttls: bool = True

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Settings:
        e = os.environ if env is None else env
        data_dir = Path(e.get("SIGNPOST_DATA_DIR", str(PROJECT_ROOT / "var"))).resolve()
        return cls(
            data_dir=data_dir,
            persistence=e.get("SIGNPOST_PERSISTENCE", "sqlite"),
            sqlite_path=Path(e["SIGNPOST_SQLITE_PATH"]) if "SIGNPOST_SQLITE_PATH" in e else None,
            postgres_dbname=e.get("POSTGRES_DBNAME", "signpost"),
            postgres_host=e.get("POSTGRES_HOST", "127.0.0.1"),
            postgres_port=int(e.get("POSTGRES_PORT", "5432")),
            postgres_user=e.get("POSTGRES_USER", "postgres"),
            postgres_password=e.get("POSTGRES_PASSWORD", ""),
            postgres_schema=e.get("POSTGRES_SCHEMA", ""),
            meili_url=e.get("MEILI_URL") or None,
            meili_master_key=e.get("MEILI_MASTER_KEY", ""),
            meili_binary=Path(e["MEILI_BINARY"]) if e.get("MEILI_BINARY") else None,
            meili_index_prefix=e.get("MEILI_INDEX_PREFIX", "signpost"),
            admin_token=e.get("SIGNPOST_ADMIN_TOKEN", ""),
            host=e.get("SIGNPOST_HOST", "127.0.0.1"),
            port=int(e.get("SIGNPOST_PORT", "8000")),
            public_url=_public_url(e.get("SIGNPOST_PUBLIC_URL", "")),
            poll_interval=float(e.get("SIGNPOST_POLL_INTERVAL", "0.05")),
            demo_on_empty=e.get("SIGNPOST_DEMO_ON_EMPTY", "1") not in ("0", "false", "no"),
            secure_cookies=e.get("SIGNPOST_SECURE_COOKIES", "1") not in ("0", "false", "no"),
            project=e.get("SIGNPOST_PROJECT", "1") not in ("0", "false", "no"),
            web_workers=_workers(e.get("SIGNPOST_WEB_WORKERS", "1")),
            semantic_search=e.get("SIGNPOST_SEMANTIC_SEARCH", "1") not in ("0", "false", "no"),
            vector_store=_vector_store(e.get("SIGNPOST_VECTOR_STORE", "experimental")),
            trusted_proxies=_networks(e.get("SIGNPOST_TRUSTED_PROXIES", "")),
            smtp_host=e.get("SIGNPOST_SMTP_HOST", ""),
            smtp_port=int(e.get("SIGNPOST_SMTP_PORT", "587")),
            smtp_user=e.get("SIGNPOST_SMTP_USER", ""),
            smtp_password=e.get("SIGNPOST_SMTP_PASSWORD", ""),
            smtp_from=e.get("SIGNPOST_SMTP_FROM", ""),
            smtp_starttls=e.get("SIGNPOST_SMTP_STARTTLS", "1") not in ("0", "false", "no"),
        )

    def eventsourcing_env(
        self, store: str = "catalogue", *, pool: tuple[int, int] = (0, 10)
    ) -> dict[str, str]:
        """The environment the eventsourcing library reads to build an application's event store.

        In PostgreSQL each application has its own tables, and `pool` is its connection pool
        (its minimum size and how far it may grow under load). The minimums are 0: a pool
        connects when first used and closes what has been idle for ten minutes, so each of
        the many processes holds only the connections its load needs (and no pool grows twice
        at its first use, as one opening its first connection does); SQLite's
        recorder has one fixed table name, so every application but the catalogue gets a file
        of its own beside it.
        """
        if self.persistence == "postgres":
            env = {
                "PERSISTENCE_MODULE": "eventsourcing.postgres",
                "POSTGRES_DBNAME": self.postgres_dbname,
                "POSTGRES_HOST": self.postgres_host,
                "POSTGRES_PORT": str(self.postgres_port),
                "POSTGRES_USER": self.postgres_user,
                "POSTGRES_PASSWORD": self.postgres_password,
                "POSTGRES_POOL_SIZE": str(pool[0]),
                "POSTGRES_MAX_OVERFLOW": str(pool[1]),
            }
            if self.postgres_schema:
                env["POSTGRES_SCHEMA"] = self.postgres_schema
            return env
        if self.persistence != "sqlite":
            raise ValueError(
                f"SIGNPOST_PERSISTENCE must be sqlite or postgres, not {self.persistence!r}"
            )
        path = self.sqlite_path or self.data_dir / "signpost.sqlite"
        if store != "catalogue" and str(path) != ":memory:":
            path = path.with_name(f"{path.stem}-{store}{path.suffix}")
        return {
            "PERSISTENCE_MODULE": "eventsourcing.sqlite",
            "SQLITE_DBNAME": str(path),
            "SQLITE_LOCK_TIMEOUT": "10",
        }

    def private_data_dir(self) -> Path:
        """The data directory, its user's alone (0700), the stores and keys in it 0600; files
        this process makes from now on are 0600 too (umask 077). For composition roots only."""
        os.umask(0o077)
        self.data_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
        self.data_dir.chmod(0o700)
        for path in self.data_dir.iterdir():
            path.chmod(0o700 if path.is_dir() else 0o600)
        return self.data_dir

    def link_base(self) -> str:
        """The address links are built from (invitations, shared shortlists, sheets, calendar
        feeds): SIGNPOST_PUBLIC_URL, never the Host header of a request."""
        return (self.public_url or f"http://{self.host}:{self.port}").rstrip("/")

    def postgres_conninfo(self) -> str:
        parts = {
            "host": self.postgres_host,
            "port": str(self.postgres_port),
            "dbname": self.postgres_dbname,
            "user": self.postgres_user,
            "password": self.postgres_password,
        }
        return " ".join(f"{k}={v}" for k, v in parts.items() if v)

    def resolved_admin_token(self) -> str:
        """The admin bearer token: from the environment, else one kept under the data dir."""
        if self.admin_token:
            return self.admin_token
        path = self.data_dir / "admin-token"
        if path.exists():
            return path.read_text().strip()
        self.private_data_dir()
        token = secrets.token_urlsafe(24)
        path.write_text(token + "\n")
        path.chmod(0o600)
        return token


def _public_url(value: str) -> str:
    """An http(s) address with a host and nothing after the path, checked now so a typo stops
    the start."""
    if not value:
        return ""
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.hostname or parts.query or parts.fragment:
        raise ValueError(
            f"SIGNPOST_PUBLIC_URL must be like https://signpost.example.org, not {value!r}"
        )
    return value.rstrip("/")


def _workers(value: str) -> int:
    """A whole number from 1 to 64, checked now so a typo stops the start."""
    try:
        workers = int(value)
    except ValueError:
        workers = 0
    if not 1 <= workers <= 64:
        raise ValueError(f"SIGNPOST_WEB_WORKERS must be a whole number from 1 to 64, not {value!r}")
    return workers


def _vector_store(value: str) -> str:
    """Either "stable" or "experimental", checked now so a typo stops the start."""
    if value not in ("stable", "experimental"):
        raise ValueError(f"SIGNPOST_VECTOR_STORE must be stable or experimental, not {value!r}")
    return value


def _networks(value: str) -> tuple[str, ...]:
    """Comma-separated addresses or CIDR networks, checked now so a typo stops the start."""
    try:
        return tuple(
            str(ip_network(p.strip(), strict=False)) for p in value.split(",") if p.strip()
        )
    except ValueError as error:
        raise ValueError(f"SIGNPOST_TRUSTED_PROXIES: {error}") from None
