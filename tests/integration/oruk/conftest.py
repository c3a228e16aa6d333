"""One 500-service demo catalogue with its read models caught up, shared by these ORUK tests."""

from __future__ import annotations

import pytest

from services.runtime import Runtime
from tests.oruk_support import memory_runtime


@pytest.fixture(scope="package")
def demo_runtime() -> Runtime:
    """Read only: tests that change the catalogue build their own."""
    return memory_runtime(500)
