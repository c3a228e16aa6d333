"""One contract for the read-model table store, run against SQLite and real PostgreSQL."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from uuid import uuid4

import psycopg
import pytest
from eventsourcing.persistence import IntegrityError, Tracking

from projections.sql.port import BehindError, Changes, Table, TableStore
from projections.sql.postgres import PostgresTableStore, table_pool
from projections.sql.sqlite import SqliteTableStore

CONNINFO = "host=127.0.0.1 port=5432 dbname=test user=postgres"
APP = "catalogue"
NOTES = Table(
    name="notes",
    columns={"id": "text", "title": "text", "stars": "int", "score": "real"},
    key=("id",),
    indexes=(("title",), ("stars", "title")),
)
TALLIES = Table(name="tallies", columns={"word": "text", "seen": "int"}, key=("word",))
TABLES = (NOTES, TALLIES)
Opener = Callable[..., TableStore]


def _changes(*notes: tuple[str, str, int]) -> Changes:
    changes = Changes()
    for id_, title, stars in notes:
        changes.upsert("notes", id=id_, title=title, stars=stars, score=stars / 2)
    return changes


def _notes(store: TableStore) -> list[tuple[object, ...]]:
    return store.rows("SELECT id, title, stars, score FROM {notes} ORDER BY id")


class TableStoreContract:
    @pytest.fixture
    def open_store(self) -> Iterator[Opener]:
        """Opens a store on the same database each time, as another process would."""
        raise NotImplementedError

    @pytest.fixture
    def store(self, open_store: Opener) -> TableStore:
        store = open_store()
        store.create_tables()
        return store

    def test_tables_start_empty_with_no_position_and_creating_them_again_changes_nothing(
        self, store: TableStore, open_store: Opener
    ) -> None:
        assert _notes(store) == [] and store.max_tracking_id(APP) is None
        store.commit(_changes(("a", "Food bank", 4)), Tracking(APP, 3))
        again = open_store()
        again.create_tables()
        assert _notes(again) == [("a", "Food bank", 4, 2.0)]
        assert again.max_tracking_id(APP) == 3

    def test_an_upsert_inserts_then_sets_only_the_columns_it_names(self, store: TableStore) -> None:
        store.commit(_changes(("a", "Food bank", 4), ("b", "Choir", 1)), Tracking(APP, 1))
        changes = Changes()
        changes.upsert("notes", id="a", title="Food bank (Tuesdays)")
        store.commit(changes, Tracking(APP, 2))
        assert _notes(store) == [("a", "Food bank (Tuesdays)", 4, 2.0), ("b", "Choir", 1, 0.5)]

    def test_updates_and_deletes_name_their_rows_by_column_values(self, store: TableStore) -> None:
        store.commit(
            _changes(("a", "Food bank", 4), ("b", "Choir", 1), ("c", "Choir", 2)), Tracking(APP, 1)
        )
        changes = Changes()
        changes.update("notes", {"title": "Choir"}, stars=5)
        changes.update("notes", {"id": "nobody"}, stars=0)
        changes.delete("notes", id="a")
        store.commit(changes, Tracking(APP, 2))
        assert _notes(store) == [("b", "Choir", 5, 0.5), ("c", "Choir", 5, 1.0)]

    def test_counters_add_up_from_nothing(self, store: TableStore) -> None:
        changes = Changes()
        for word in ("dads", "autism", "dads"):
            changes.add("tallies", {"word": word}, seen=1)
        store.commit(changes, Tracking(APP, 1))
        counted = store.rows("SELECT word, seen FROM {tallies} ORDER BY seen DESC, word")
        assert counted == [("dads", 2), ("autism", 1)]

    def test_a_position_not_beyond_the_recorded_one_changes_nothing(
        self, store: TableStore
    ) -> None:
        store.commit(_changes(("a", "Food bank", 4)), Tracking(APP, 5))
        with pytest.raises(IntegrityError):
            store.commit(_changes(("a", "Stale", 0), ("z", "Stale", 0)), Tracking(APP, 5))
        with pytest.raises(IntegrityError):
            store.insert_tracking(Tracking(APP, 4))
        assert _notes(store) == [("a", "Food bank", 4, 2.0)] and store.max_tracking_id(APP) == 5

    def test_a_batch_read_after_a_position_since_moved_changes_nothing(
        self, store: TableStore
    ) -> None:
        store.commit(_changes(("a", "Food bank", 4)), Tracking(APP, 5), after=0)
        store.commit(_changes(("b", "Choir", 1)), Tracking(APP, 8), after=5)
        for after in (0, 5, 7):  # another projector recorded 8 meanwhile
            with pytest.raises(IntegrityError):
                store.commit(_changes(("c", "Late", 1)), Tracking(APP, 9), after=after)
        assert [row[0] for row in _notes(store)] == ["a", "b"]
        assert store.max_tracking_id(APP) == 8
        assert store.max_tracking_id("insights") is None, "positions are per application"

    def test_of_two_writers_from_one_position_exactly_one_commits(
        self, store: TableStore, open_store: Opener
    ) -> None:
        store.insert_tracking(Tracking(APP, 1))
        other = open_store()

        def write(args: tuple[TableStore, str]) -> bool:
            writer, id_ = args
            try:
                writer.commit(_changes((id_, id_, 1)), Tracking(APP, 2), after=1)
            except IntegrityError:
                return False
            return True

        with ThreadPoolExecutor(max_workers=2) as pool:
            won = list(pool.map(write, [(store, "x"), (other, "y")]))
        assert sorted(won) == [False, True]
        assert len(_notes(store)) == 1

    def test_queries_name_tables_in_braces_and_parameters_with_question_marks(
        self, store: TableStore
    ) -> None:
        store.commit(_changes(("a", "100% free", 4), ("b", "Choir", 1)), Tracking(APP, 1))
        found = store.rows("SELECT id FROM {notes} WHERE title LIKE '%free' AND stars >= ?", 2)
        assert found == [("a",)]

    def test_an_unknown_column_is_refused_before_anything_is_written(
        self, store: TableStore
    ) -> None:
        changes = _changes(("a", "Food bank", 4))
        changes.upsert("notes", id="b", colour="red")
        with pytest.raises(KeyError):
            store.commit(changes, Tracking(APP, 1))
        assert _notes(store) == [] and store.max_tracking_id(APP) is None

    def test_tables_of_another_shape_are_made_again_and_their_position_forgotten(
        self, store: TableStore, open_store: Opener
    ) -> None:
        store.commit(_changes(("a", "Food bank", 4)), Tracking(APP, 7))
        wider = Table(
            name="notes",
            columns={**NOTES.columns, "colour": "text"},
            key=("id",),
            indexes=NOTES.indexes,
        )
        reshaped = open_store(tables=(wider, TALLIES))
        reshaped.create_tables()
        assert reshaped.max_tracking_id(APP) is None
        assert reshaped.rows("SELECT id, colour FROM {notes}") == []

    def test_a_rebuild_fills_fresh_tables_readers_do_not_see_until_the_swap(
        self, store: TableStore
    ) -> None:
        store.commit(_changes(("a", "Old", 1), ("gone", "Old", 1)), Tracking(APP, 4))
        for round_ in (1, 2):  # a second rebuild works too (index names do not collide)
            for _ in range(6):  # past PostgreSQL's threshold for preparing a statement
                before = _notes(store)
            fresh = store.fresh()
            fresh.commit(_changes(("a", f"New {round_}", 2), ("b", "New", 3)), Tracking(APP, 5))
            fresh.commit(_changes(), Tracking(APP, 10 * round_), after=5)
            assert _notes(store) == before
            store.swap(fresh, APP)
            assert _notes(store) == [("a", f"New {round_}", 2, 1.0), ("b", "New", 3, 1.5)]
            assert store.max_tracking_id(APP) == 10 * round_
            assert store.rows("SELECT id FROM {notes} WHERE title = ? AND stars = ?", "New", 3)
            assert fresh.max_tracking_id(APP) is None, "the fresh position went with the swap"

    def test_fresh_tables_behind_the_live_ones_are_not_swapped_in(self, store: TableStore) -> None:
        store.commit(_changes(("a", "Live", 1)), Tracking(APP, 9))
        fresh = store.fresh()
        fresh.commit(_changes(("a", "Rebuilt", 1)), Tracking(APP, 8))
        with pytest.raises(BehindError):
            store.swap(fresh, APP)
        assert _notes(store) == [("a", "Live", 1, 0.5)] and store.max_tracking_id(APP) == 9
        fresh.commit(Changes(), Tracking(APP, 9))
        store.swap(fresh, APP)
        assert _notes(store) == [("a", "Rebuilt", 1, 0.5)]

    def test_a_live_writer_from_before_the_swap_is_refused_after_it(
        self, store: TableStore
    ) -> None:
        store.commit(_changes(("a", "Live", 1)), Tracking(APP, 3))
        fresh = store.fresh()
        fresh.commit(_changes(("a", "Rebuilt", 2)), Tracking(APP, 5))
        store.swap(fresh, APP)
        with pytest.raises(IntegrityError):  # read after 3, but the swap recorded 5
            store.commit(_changes(("a", "Stale", 0)), Tracking(APP, 6), after=3)
        store.commit(_changes(("b", "Next", 1)), Tracking(APP, 6), after=5)
        assert [row[1] for row in _notes(store)] == ["Rebuilt", "Next"]


class TestSqliteTableStore(TableStoreContract):
    @pytest.fixture
    def open_store(self, tmp_path: Path) -> Iterator[Opener]:
        opened: list[TableStore] = []

        def open_store(tables: tuple[Table, ...] = TABLES) -> TableStore:
            store = SqliteTableStore(tmp_path / "views" / "notes.sqlite", "board", tables)
            opened.append(store)
            return store

        yield open_store
        for store in opened:
            store.close()

    def test_an_in_memory_store_works_alone(self) -> None:
        store = SqliteTableStore(":memory:", "board", TABLES)
        store.create_tables()
        store.commit(_changes(("a", "Food bank", 4)), Tracking(APP, 1))
        assert _notes(store) == [("a", "Food bank", 4, 2.0)]
        store.close()


@pytest.mark.integration
class TestPostgresTableStore(TableStoreContract):
    @pytest.fixture
    def open_store(self) -> Iterator[Opener]:
        schema = f"views_{uuid4().hex[:10]}"
        with psycopg.connect(CONNINFO, autocommit=True) as conn:
            conn.execute(f'CREATE SCHEMA "{schema}"')
        pools = []

        def open_store(tables: tuple[Table, ...] = TABLES) -> TableStore:
            pool = table_pool(CONNINFO, max_size=3)
            pools.append(pool)
            return PostgresTableStore(pool, "board", tables, schema=schema)

        yield open_store
        for pool in pools:
            pool.close()
        with psycopg.connect(CONNINFO, autocommit=True) as conn:
            conn.execute(f'DROP SCHEMA "{schema}" CASCADE')

    def test_a_schema_name_that_is_not_plain_is_refused(self) -> None:
        with pytest.raises(ValueError, match="plain"):
            PostgresTableStore(None, "board", TABLES, schema='x"; DROP TABLE y; --')  # type: ignore[arg-type]
