"""Signpost commands run as real processes for the tests: their output in a log file."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import IO

import httpx

ROOT = Path(__file__).resolve().parents[2]


class Child:
    """`signpost <args>` in a process of its own (a session of its own, so a signal reaches
    it alone), its output in `log`."""

    def __init__(self, args: list[str], env: dict[str, str], log: Path) -> None:
        self.log = log
        self._out: IO[bytes] = log.open("wb")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "services.cli", *args],
            env=env,
            cwd=ROOT,
            stdout=self._out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    @property
    def pid(self) -> int:
        return self.process.pid

    def output(self) -> str:
        return self.log.read_text(errors="replace")

    def said(self, text: str) -> bool:
        return text in self.output()

    def kill(self) -> None:
        """kill -9, and reaps it."""
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(20)

    def end(self, signum: int = signal.SIGTERM, timeout: float = 30.0) -> int:
        if self.process.poll() is None:
            self.process.send_signal(signum)
        try:
            code = self.process.wait(timeout)
        except subprocess.TimeoutExpired:
            self.process.kill()
            code = self.process.wait(10)
        self._out.close()
        return code


def until(condition: Callable[[], bool], timeout: float = 60.0, what: str = "") -> float:
    """Waits for `condition`, polling; the seconds it took. Fails the test on timeout."""
    started = time.monotonic()
    while not condition():
        assert time.monotonic() - started < timeout, f"timed out waiting for {what or condition}"
        time.sleep(0.02)
    return time.monotonic() - started


def answers(url: str, timeout: float = 2.0) -> bool:
    """Whether `url` answers 200 now."""
    return answer(url, timeout) == "200"


def answer(url: str, timeout: float = 2.0) -> str:
    """What `url` answers now: its status code, or the error that stood in the way."""
    try:
        return str(httpx.get(url, timeout=timeout).status_code)
    except httpx.HTTPError as e:
        return f"{type(e).__name__}: {e}"


def ready(child: Child, base: str, timeout: float = 90.0) -> None:
    """Waits for a web process to answer /health/ready; fails with its log if it exits."""

    def up() -> bool:
        assert child.process.poll() is None, f"{base} exited:\n{child.output()[-3000:]}"
        return answers(f"{base}/health/ready")

    until(up, timeout, f"{base}/health/ready")
