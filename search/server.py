"""Runs Meilisearch as a child process for the embedded default, checking the binary first."""

from __future__ import annotations

import hashlib
import os
import signal
import socket
import subprocess
import time
from pathlib import Path
from types import TracebackType

from search.meili_client import Meili

BUNDLED_SHA256 = "5354d854974433f8f903e59347c1c6a7f2ad947f21b3402a2cc01e07b1c952e0"


class MeilisearchBinaryError(RuntimeError):
    """The Meilisearch binary is missing or is not the one we pinned."""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def find_binary(project_root: Path, override: Path | None = None) -> Path:
    """MEILI_BINARY as given (not checksummed: it is yours), else the provisioned, checked one."""
    if override is not None:
        if not (override.is_file() and os.access(override, os.X_OK)):
            raise MeilisearchBinaryError(f"MEILI_BINARY={override} is not an executable file.")
        return override
    path = project_root / "var" / "bin" / "meilisearch"
    if not path.is_file():
        raise MeilisearchBinaryError(
            f"Meilisearch is not installed at {path}. "
            "Run `make provision` (or set MEILI_BINARY or MEILI_URL)."
        )
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    if digest != BUNDLED_SHA256:
        raise MeilisearchBinaryError(
            f"The Meilisearch binary at {path} has checksum {digest}, "
            f"not the pinned {BUNDLED_SHA256}. "
            "Delete it and run `make provision`."
        )
    return path


class MeilisearchServer:
    """A Meilisearch child process with its data under `data_dir`, on 127.0.0.1."""

    def __init__(
        self,
        data_dir: Path,
        master_key: str,
        *,
        project_root: Path,
        binary: Path | None = None,
        port: int | None = None,
    ) -> None:
        self.data_dir = data_dir
        self.master_key = master_key
        self.project_root = project_root
        self.binary_override = binary
        self.port = port or free_port()
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def exited(self) -> bool:
        """True when the child was started and has died since (not when `stop` ended it)."""
        process = self.process
        return process is not None and process.poll() is not None

    def start(self, timeout: float = 30.0) -> None:
        if self.process is not None and self.process.poll() is None:
            return
        binary = find_binary(self.project_root, self.binary_override)
        self.data_dir.mkdir(parents=True, exist_ok=True)
        log = open(self.data_dir / "meilisearch.log", "ab")  # noqa: SIM115 - handed to the child
        self.process = subprocess.Popen(
            [
                str(binary),
                "--db-path",
                str(self.data_dir / "data.ms"),
                "--dump-dir",
                str(self.data_dir / "dumps"),
                "--snapshot-dir",
                str(self.data_dir / "snapshots"),
                "--http-addr",
                f"127.0.0.1:{self.port}",
                "--no-analytics",
                "--env",
                "development",
                "--log-level",
                "WARN",
                "--max-indexing-threads",
                "2",
            ],
            # The key goes in the environment: not visible in `ps`, and a key that starts with
            # "-" cannot be taken for an option.
            env={**os.environ, "MEILI_MASTER_KEY": self.master_key},
            stdout=log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
        )
        log.close()
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise MeilisearchBinaryError(
                    f"Meilisearch exited with code {self.process.returncode}; "
                    f"see {self.data_dir / 'meilisearch.log'}"
                )
            if Meili(self.url).healthy():
                return
            time.sleep(0.05)
        self.stop()
        raise MeilisearchBinaryError(f"Meilisearch did not answer on {self.url} within {timeout}s")

    def stop(self, timeout: float = 10.0) -> None:
        process, self.process = self.process, None
        if process is None or process.poll() is not None:
            return
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()

    def __enter__(self) -> MeilisearchServer:
        self.start()
        return self

    def __exit__(
        self, t: type[BaseException] | None, e: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()
