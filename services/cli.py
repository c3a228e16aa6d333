"""The `signpost` command: serve, import feeds, load demo data, rebuild and inspect projections."""

from __future__ import annotations

import argparse
import datetime as dt
import functools
import json
import logging
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, nullcontext
from typing import TYPE_CHECKING

import msgspec
from tqdm import tqdm

from services.read_models import NAMES, ReadModels, build_read_models
from services.runtime import (
    Lettings,
    Runtime,
    build_accounts,
    build_catalogue,
    build_insights,
    build_lettings,
    build_lock,
    build_runtime,
)
from services.settings import Settings

if TYPE_CHECKING:
    from litestar import Litestar

    from services.catalogue.application import Catalogue
    from services.insights.application import Insights


@contextmanager
def _progress(total: int, unit: str, desc: str) -> Iterator[Callable[[int], None]]:
    bar = tqdm(total=total, unit=unit, desc=desc, file=sys.stderr, disable=None, dynamic_ncols=True)
    try:
        yield bar.update
    finally:
        bar.close()


def _load_demo(catalogue: Catalogue, insights: Insights, lettings: Lettings, services: int) -> None:
    from services.catalogue.demo import demo_records
    from services.catalogue.sync import sync_records

    organisations, records = demo_records(services=services)
    with _progress(len(records), "service", "demo data") as advance:
        summary = sync_records(
            catalogue, organisations, records, actor="demo loader", progress=advance
        )
    print(summary.render())
    from services.insights.demo import load_demo_demand

    loaded = load_demo_demand(insights, dt.datetime.now(dt.UTC).date())
    if loaded:
        print(f"Demo demand for the insights pages: {loaded} anonymous searches and sheets.")
    from services.insights.demo_lettings import load_demo_lettings

    lets = load_demo_lettings(
        lettings.venues,
        lettings.bookings,
        catalogue,
        organisations,
        records,
        today=dt.datetime.now(dt.UTC).date(),
    )
    if lets:
        print(f"Demo lettings: 8 schools and {lets} bookings over the past year.")


def cmd_serve(args: argparse.Namespace) -> int:
    import uvicorn

    from services.http.app import create_app

    settings = Settings.from_env()
    workers = args.workers or settings.web_workers
    host, port = args.host or settings.host, args.port or settings.port
    runtime = build_runtime(settings)
    print("Starting the event store and Meilisearch ...", file=sys.stderr)
    runtime.start(follow=settings.project)
    if not settings.project:
        print(
            "SIGNPOST_PROJECT=0: `signpost projections run` applies the projections.",
            file=sys.stderr,
        )
    if settings.demo_on_empty and not args.no_demo and runtime.runner.head() == 0:
        print("The catalogue is empty: loading the demo data.", file=sys.stderr)
        _load_demo(runtime.catalogue, runtime.insights, runtime.lettings, 160)
    print(f"Admin token (for writes): {runtime.admin_token}", file=sys.stderr)
    _say_when_search_is_ready(runtime)
    serve = functools.partial(
        uvicorn.run,
        host=host,
        port=port,
        log_level="warning",
        access_log=False,
        proxy_headers=False,  # the app reads X-Forwarded-For from SIGNPOST_TRUSTED_PROXIES only
    )
    if workers == 1:
        print(f"Serving on http://{host}:{port}", file=sys.stderr)
        serve(create_app(runtime))
        return 0
    # Several web processes on one port: uvicorn's workers, each restarted when it dies. This
    # process serves none of them: it keeps what there must be one of (the Meilisearch child
    # and, with SIGNPOST_PROJECT=1, the projectors), and the workers share its Meilisearch.
    os.environ.update(
        SIGNPOST_PROJECT="0",
        SIGNPOST_HOST=host,
        SIGNPOST_PORT=str(port),
        MEILI_URL=_meili_url(runtime),
    )
    role = (
        "this process applies the projections"
        if settings.project
        else "`signpost projections run` applies the projections"
    )
    print(f"Serving on http://{host}:{port}: {workers} web processes; {role}", file=sys.stderr)
    try:
        # A worker that does not answer uvicorn's ping for 30 s is replaced (5 s, uvicorn's
        # default, replaced workers still starting up on two busy cores).
        serve(
            "services.cli:web_worker",
            factory=True,
            workers=workers,
            timeout_worker_healthcheck=30,
        )
    finally:
        runtime.close()
    return 0


def _say_when_search_is_ready(runtime: Runtime, every_s: float = 0.5) -> None:
    """Prints how far search has to catch up after a start and, from a thread, when it has."""
    import threading
    import time

    try:
        behind = runtime.runner.status().lag
    except Exception:
        return
    if not behind:
        print("Search is ready.", file=sys.stderr)
        return
    print(
        f"Search is catching up: {behind} catalogue changes to take in; "
        "the pages say so until it has.",
        file=sys.stderr,
    )
    started = time.monotonic()

    def wait() -> None:
        while True:
            time.sleep(every_s)
            try:
                if runtime.runner.status().lag == 0:
                    break
            except Exception:
                continue
        print(
            f"Search is ready (caught up in {time.monotonic() - started:.0f} s).", file=sys.stderr
        )

    threading.Thread(target=wait, name="search-ready", daemon=True).start()


def web_worker() -> Litestar:
    """The app of one web process of `signpost serve --workers N` (uvicorn calls it in each):
    settings from the environment `serve` set up (its Meilisearch), and never projecting."""
    from services.http.app import create_app

    runtime = build_runtime(Settings.from_env())
    runtime.start(follow=False)
    return create_app(runtime)


def _meili_url(runtime: Runtime) -> str:
    """The Meilisearch this runtime reaches: the configured one, its own child, or the child of
    another `serve` on the same data directory."""
    if runtime.settings.meili_url:
        return runtime.settings.meili_url
    if runtime.server is not None:
        return runtime.server.url
    return (runtime.settings.data_dir / "meili.url").read_text().strip()


# Each command builds only what it needs: the whole runtime (search indexes, the embedding model,
# projection runners) only for the commands that project or read projection positions.


@contextmanager
def _catalogue() -> Iterator[Catalogue]:
    catalogue = build_catalogue(Settings.from_env())
    try:
        yield catalogue
    finally:
        catalogue.close()


@contextmanager
def _read_models() -> Iterator[ReadModels]:
    """The SQL read models (reports read them), over the stores they follow."""
    settings = Settings.from_env()
    catalogue, insights = build_catalogue(settings), build_insights(settings)
    accounts = build_accounts(settings)
    read_models = build_read_models(
        settings,
        catalogue=catalogue,
        insights=insights,
        accounts=accounts,
        lock=lambda name: build_lock(settings, name),
    )
    try:
        yield read_models
    finally:
        read_models.close()
        for app in (catalogue, insights, accounts):
            app.close()


@contextmanager
def _runtime(*, search: bool) -> Iterator[Runtime]:
    runtime = build_runtime(Settings.from_env())
    try:
        if search:
            runtime.start(follow=False)
        yield runtime
    finally:
        runtime.close()


def cmd_import(args: argparse.Namespace) -> int:
    from services.catalogue.importing.oruk import FeedError, load_feed
    from services.catalogue.sync import sync_records

    try:
        parsed = load_feed(args.source)
    except FeedError as error:
        print(f"signpost import: {error}", file=sys.stderr)
        return 2
    print(parsed.report.render())
    if args.report:
        with open(args.report, "w") as f:
            json.dump(parsed.report.to_dict(), f, indent=2)
    with (
        _catalogue() as catalogue,
        _progress(len(parsed.services), "service", "importing") as advance,
    ):
        summary = sync_records(
            catalogue,
            parsed.organisations,
            parsed.services,
            actor=f"import:{parsed.format}",
            progress=advance,
        )
    print(summary.render())
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from projections.oruk_export import encoded, oruk_services

    with _catalogue() as catalogue:
        head = catalogue.recorder.max_notification_id() or 0
        with _progress(head, "event", "reading the catalogue") as advance:
            services = oruk_services(catalogue, progress=advance)
    with (
        open(args.out, "wb") if args.out else nullcontext(sys.stdout.buffer) as out,
        _progress(len(services), "service", "writing") as advance,
    ):
        for chunk in encoded(services, args.format):
            out.write(chunk)
            advance(1 if args.format == "ndjson" else len(services))
    print(f"Exported {len(services)} services as ORUK 3.0 ({args.format}).", file=sys.stderr)
    return 0


def cmd_demo_load(args: argparse.Namespace) -> int:
    from services.catalogue.names import CatalogueNames

    settings = Settings.from_env()
    catalogue, insights = build_catalogue(settings), build_insights(settings)
    lettings = build_lettings(settings, services=catalogue, names=CatalogueNames(catalogue))
    try:
        _load_demo(catalogue, insights, lettings, args.services)
    finally:
        for app in (lettings, insights, catalogue):
            app.close()
    return 0


def cmd_rebuild(args: argparse.Namespace) -> int:
    from projections.rebuild import rebuild

    with _runtime(search=args.only in (None, "search", "oruk")) as runtime:
        total = runtime.runner.head()
        if args.only in (None, "search"):
            with _progress(total, "event", "rebuilding search") as advance:
                position = rebuild(
                    runtime.catalogue, runtime.index, progress=advance, embedder=runtime.vectors
                )
            print(f"Rebuilt the search indexes up to event {position} and swapped them in.")
        if args.only in (None, "oruk"):
            from projections.rebuild import rebuild_oruk

            with _progress(total, "event", "rebuilding the ORUK feed") as advance:
                position = rebuild_oruk(runtime.catalogue, runtime.oruk_index, progress=advance)
            print(f"Rebuilt the ORUK indexes up to event {position} and swapped them in.")
        for name, model in runtime.read_models.models.items():
            if args.only in (None, name):
                with _progress(model.runner.head(), "event", f"rebuilding {name}") as advance:
                    position = model.rebuild(progress=advance)
                print(f"Rebuilt the {name} tables up to event {position} and swapped them in.")
    return 0


def cmd_run(args: argparse.Namespace) -> int:
    """Applies the projections (search, ORUK, the SQL read models) until SIGTERM or SIGINT. Any
    number of these may run: one applies each projection at a time, the others wait to take
    over."""
    import signal
    import threading

    stopping = threading.Event()
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, lambda *_: stopping.set())
    logging.getLogger("signpost").setLevel(logging.INFO)
    log = logging.getLogger("signpost.projections")
    with _runtime(search=True) as runtime:
        runners = [runtime.runner, runtime.oruk_runner, *runtime.read_models.runners]
        for runner in runners:
            if args.batch_size:
                runner.batch_size = args.batch_size
            runner.start()
        log.info("projector started (pid %d): %s", os.getpid(), ", ".join(r.name for r in runners))
        reported: dict[str, tuple[int, bool]] = {}
        while not stopping.wait(args.report_every):
            for runner in runners:
                state = (runner.position, runner.holds_lock)
                if reported.get(runner.name) != state:
                    reported[runner.name] = state
                    role = "applying" if runner.holds_lock else "standing by"
                    log.info(
                        "%s: %s, at event %d, %d behind",
                        runner.name,
                        role,
                        runner.position,
                        runner.lag(),
                    )
        log.info("stopping")
    return 0


def cmd_status(args: argparse.Namespace) -> int:
    with _runtime(search=False) as runtime:
        print(f"event store ({runtime.settings.persistence}): {runtime.runner.head()} events")
        for label, runner in [
            ("search projection", runtime.runner),
            ("oruk projection", runtime.oruk_runner),
            *((f"{r.name} tables", r) for r in runtime.read_models.runners),
        ]:
            print(f"{label}: at {runner.position}, {runner.lag()} behind")
    return 0


def cmd_report_gaps(args: argparse.Namespace) -> int:
    """Searches that found nothing, counted by word, filter and postcode district."""
    since = dt.datetime.now(dt.UTC) - dt.timedelta(days=args.days) if args.days else None
    with _read_models() as read_models:
        read_models.refresh("insights")
        report = read_models.insights.gap_report(since=since, top=args.top)
        months = read_models.insights.by_month("gaps")
    if args.json:
        print(json.dumps({**msgspec.to_builtins(report), "months": months}, indent=2))
        return 0
    period = f"in the last {args.days} days" if args.days else "since records began"
    print(f"{report.searches} searches found nothing {period}")
    for title, rows in (
        ("words", report.words),
        ("filters", report.filters),
        ("postcode districts", report.districts),
    ):
        print(f"\nmost common {title}:")
        for value, count in rows:
            print(f"  {count:6d}  {value}")
    _print_months(months)
    return 0


def _print_months(months: list[tuple[str, int]]) -> None:
    print("\nby month:")
    for month, count in months:
        print(f"  {count:6d}  {month}")


def cmd_report_problems(args: argparse.Namespace) -> int:
    """Problems families reported with service pages, oldest first."""
    with _read_models() as read_models:
        read_models.refresh("editorial")
        for report in read_models.editorial.problem_reports():
            details = f": {report.details}" if report.details else ""
            print(
                f"{report.reported_on:%Y-%m-%d %H:%M}  {report.service_id}"
                f"  {report.kind.value}{details}"
            )
    return 0


def cmd_report_signposting(args: argparse.Namespace) -> int:
    """Families signposted (anonymously): by need, category, postcode district and service."""
    with _read_models() as read_models:
        read_models.refresh("insights")
        report = read_models.insights.signposting_report(top=args.top)
        months = read_models.insights.by_month("signposting")
    if args.json:
        print(json.dumps({**report, "months": months}, indent=2))
        return 0
    print(f"{report['signpostings']} families signposted")
    for title in ("needs", "categories", "districts", "services"):
        rows = report[title]
        assert isinstance(rows, list)
        print(f"\nmost common {title}:")
        for value, count in rows:
            print(f"  {count:6d}  {value}")
    _print_months(months)
    return 0


def cmd_create_admin(args: argparse.Namespace) -> int:
    """The first admin account (password from SIGNPOST_NEW_PASSWORD or asked for twice)."""
    import getpass
    import os

    from services.accounts.domain import Role
    from services.runtime import build_accounts
    from services.shared.errors import SignpostError

    password = os.environ.get("SIGNPOST_NEW_PASSWORD") or getpass.getpass("Password: ")
    if "SIGNPOST_NEW_PASSWORD" not in os.environ and password != getpass.getpass("Again: "):
        print("The passwords differ.", file=sys.stderr)
        return 2
    accounts = build_accounts(Settings.from_env())
    try:
        account_id = accounts.create_account(
            args.email, args.name, password, [Role.ADMIN], actor="signpost accounts create-admin"
        )
        print(f"Admin account {account_id} for {args.email}: sign in at /staff/login")
        if args.api_token:
            print(f"API token: {accounts.issue_api_token(account_id, actor=args.email)}")
    except SignpostError as error:
        print(error.message, file=sys.stderr)
        return 1
    finally:
        accounts.close()
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="signpost", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    _add_serve(sub)
    _add_import_and_export(sub)
    _add_demo(sub)
    _add_projections(sub)
    _add_reports(sub)
    _add_accounts(sub)
    return parser


def _add_serve(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    serve = sub.add_parser(
        "serve", help="serve the API and pages (embedded default: SQLite + Meilisearch child)"
    )
    serve.add_argument("--host")
    serve.add_argument("--port", type=int)
    serve.add_argument(
        "--workers",
        type=_workers,
        help="web processes on the one port (default: SIGNPOST_WEB_WORKERS, else 1)",
    )
    serve.add_argument(
        "--no-demo", action="store_true", help="do not load demo data into an empty store"
    )
    serve.set_defaults(func=cmd_serve)


def _add_import_and_export(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    imp = sub.add_parser("import", help="import a directory feed")
    imp_sub = imp.add_subparsers(dest="format", required=True)
    oruk = imp_sub.add_parser("oruk", help="an Open Referral UK feed (v1 or 3.0): a file or a URL")
    oruk.add_argument("source")
    oruk.add_argument("--report", help="also write the data-quality report as JSON to this file")
    oruk.set_defaults(func=cmd_import)

    exp = sub.add_parser("export", help="export the public catalogue")
    exp_sub = exp.add_subparsers(dest="target", required=True)
    exp_oruk = exp_sub.add_parser("oruk", help="as Open Referral UK 3.0 (fully nested services)")
    exp_oruk.add_argument("--format", choices=["envelope", "ndjson"], default="envelope")
    exp_oruk.add_argument("--out", help="write to this file (default: standard output)")
    exp_oruk.set_defaults(func=cmd_export)


def _add_demo(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    demo = sub.add_parser("demo", help="demo data")
    demo_sub = demo.add_subparsers(dest="action", required=True)
    load = demo_sub.add_parser("load", help="load the demo catalogue (safe to repeat)")
    load.add_argument("--services", type=int, default=160)
    load.set_defaults(func=cmd_demo_load)


def _add_projections(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    proj = sub.add_parser("projections", help="search projections")
    proj_sub = proj.add_subparsers(dest="action", required=True)
    rebuild_cmd = proj_sub.add_parser(
        "rebuild", help="replay all events into fresh indexes and swap them in"
    )
    rebuild_cmd.add_argument(
        "--only",
        choices=["search", "oruk", *NAMES],
        help="rebuild one read model (default: every one)",
    )
    rebuild_cmd.set_defaults(func=cmd_rebuild)
    proj_sub.add_parser("status", help="positions and lag").set_defaults(func=cmd_status)
    run = proj_sub.add_parser(
        "run", help="apply the projections as new events arrive, until stopped"
    )
    run.add_argument("--batch-size", type=int, help="events per batch (default: each runner's)")
    run.add_argument(
        "--report-every", type=float, default=5.0, help="seconds between progress lines"
    )
    run.set_defaults(func=cmd_run)


def _add_reports(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    report = sub.add_parser("report", help="reports for commissioners and editors")
    report_sub = report.add_subparsers(dest="report", required=True)
    gaps = report_sub.add_parser("gaps", help="searches that found nothing (anonymous)")
    gaps.add_argument("--days", type=int, default=0, help="only the last N days")
    gaps.add_argument("--top", type=int, default=20)
    gaps.add_argument("--json", action="store_true")
    gaps.set_defaults(func=cmd_report_gaps)
    report_sub.add_parser("problems", help="problems reported with service pages").set_defaults(
        func=cmd_report_problems
    )
    signposting = report_sub.add_parser("signposting", help="families signposted (anonymous)")
    signposting.add_argument("--top", type=int, default=20)
    signposting.add_argument("--json", action="store_true")
    signposting.set_defaults(func=cmd_report_signposting)


def _add_accounts(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    acc = sub.add_parser("accounts", help="staff accounts")
    acc_sub = acc.add_subparsers(dest="action", required=True)
    admin = acc_sub.add_parser("create-admin", help="create an admin account")
    admin.add_argument("--email", required=True)
    admin.add_argument("--name", default="Administrator")
    admin.add_argument("--api-token", action="store_true", help="also print an API token")
    admin.set_defaults(func=cmd_create_admin)


def _workers(value: str) -> int:
    if not value.isdigit() or not 1 <= int(value) <= 64:
        raise argparse.ArgumentTypeError(f"a whole number from 1 to 64, not {value!r}")
    return int(value)


def main(argv: Sequence[str] | None = None) -> int:
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    logging.getLogger("httpx").setLevel(logging.WARNING)
    args = build_parser().parse_args(argv)
    func: Callable[[argparse.Namespace], int] = args.func
    return func(args)


if __name__ == "__main__":
    raise SystemExit(main())
