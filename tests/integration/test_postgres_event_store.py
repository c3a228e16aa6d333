"""The catalogue on a real PostgreSQL event store: concurrent writers conflict, lose no update."""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Iterator

import pytest

from services.catalogue.application import Catalogue
from services.catalogue.model import OrganisationDetails, ServiceDetails
from services.settings import Settings
from services.shared.errors import ConflictError

pytestmark = pytest.mark.integration


@pytest.fixture
def apps(postgres_env: dict[str, str], tmp_path: object) -> Iterator[list[Catalogue]]:
    env = Settings.from_env(
        {**postgres_env, "SIGNPOST_DATA_DIR": str(tmp_path)}
    ).eventsourcing_env()
    apps = [Catalogue(env=env), Catalogue(env=env)]
    yield apps
    for app in apps:
        app.close()


def test_two_editors_saving_the_same_version_one_gets_a_conflict(apps: list[Catalogue]) -> None:
    first, second = apps
    org = first.register_organisation(OrganisationDetails(name="Riverside Housing"), actor="e")
    sid = first.register_service(org, ServiceDetails(name="Tenancy support"), actor="e")
    mine, theirs = first.get_service(sid), second.get_service(sid)
    mine.update(ServiceDetails(name="Tenancy support (Stockport)"), actor="ana")
    theirs.update(ServiceDetails(name="Tenancy sustainment"), actor="ben")
    first._save(mine)
    with pytest.raises(ConflictError):
        second._save(theirs)
    assert second.get_service(sid).details.name == "Tenancy support (Stockport)"


def test_many_concurrent_writers_lose_no_update(apps: list[Catalogue]) -> None:
    first, _ = apps
    org = first.register_organisation(OrganisationDetails(name="Org"), actor="e")
    sid = first.register_service(org, ServiceDetails(name="v0"), actor="e")
    outcomes: Counter[str] = Counter()
    lock = threading.Lock()

    def writer(app: Catalogue, n: int) -> None:
        for i in range(15):
            try:
                version = app.get_service(sid).version
                app.update_service(
                    sid, ServiceDetails(name=f"w{n}-{i}"), actor=f"w{n}", expected_version=version
                )
                result = "saved"
            except ConflictError:
                result = "conflict"
            with lock:
                outcomes[result] += 1

    threads = [threading.Thread(target=writer, args=(apps[n % 2], n)) for n in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert outcomes["saved"] + outcomes["conflict"] == 90
    assert outcomes["saved"] >= 1
    history = first.service_history(sid)
    assert len(history) == 1 + outcomes["saved"]
    assert [h.version for h in history] == list(range(1, len(history) + 1))
