"""The help desk at scale on PostgreSQL: 1,000,000 tickets, 5,000,000 timeline entries.

Figures, each beside the same question asked in plain SQL in the same run:
- an agent's list view (their own and their queues' unassigned tickets, open statuses,
  sorted by SLA due, 50 a page, with the total) through the REST API, p95;
- full-text search over numbers, subjects, messages and notes through the REST API, p95;
- ticket creation through the service layer (queue, contact, numbering, SLA on a business
  calendar, timeline, search index, notifications), tickets per second with several
  writer processes, against plain INSERTs of a ticket and its first entry.
Targets: list p95 < 50 ms, search p95 < 150 ms, creation >= 1,000 per second.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import random
import statistics
import time
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import create_engine, select, text
from sqlalchemy.engine import Engine, make_url

from bench.helpdesk_data import OPEN_STATUSES, load, phrases, vocabulary
from bench.report import bench_line, parse_with_smoke

DATABASE = "ringdesk_bench_helpdesk"
SMOKE_DATABASE = "ringdesk_bench_smoke"  # never the loaded million; a run adds its pid
BATCH = 50  # tickets per transaction for the batched figure (a mailbox fetch, an import)
DEFAULT_ADMIN = "postgresql+psycopg://ringdesk:ringdesk@127.0.0.1:5432/postgres"


def prepare(admin_url: str, tickets: int, reuse: bool, database: str = DATABASE) -> str:
    from ringdesk import migrate

    admin = make_url(admin_url)
    url = admin.set(database=database).render_as_string(hide_password=False)
    engine = create_engine(admin, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        exists = connection.scalar(text("SELECT 1 FROM pg_database WHERE datname = :name"),
                                   {"name": database})
    if exists and reuse:
        probe = create_engine(url)
        with probe.connect() as connection:
            count = connection.scalar(text("SELECT count(*) FROM tickets WHERE id <= :n"),
                                      {"n": tickets})
        probe.dispose()
        if count == tickets:
            print(f"reusing {database} with {tickets} tickets", flush=True)
            engine.dispose()
            return url
    with engine.connect() as connection:
        connection.execute(text(f"DROP DATABASE IF EXISTS {database} WITH (FORCE)"))
        connection.execute(text(f"CREATE DATABASE {database}"))
    engine.dispose()
    migrate.upgrade(url)
    started = time.perf_counter()
    loader = create_engine(url)
    with loader.begin() as connection:
        load(connection, tickets, vocabulary())
        connection.execute(text("SELECT setval(pg_get_serial_sequence('tickets', 'id'), "
                                "(SELECT max(id) FROM tickets))"))
    with loader.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.execute(text("VACUUM ANALYZE"))
    loader.dispose()
    print(f"loaded {tickets} tickets, {tickets * 5} timeline entries in "
          f"{time.perf_counter() - started:.0f} s", flush=True)
    return url


def drop_database(admin_url: str, database: str) -> None:
    engine = create_engine(make_url(admin_url), isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.execute(text(f"DROP DATABASE IF EXISTS {database} WITH (FORCE)"))
    engine.dispose()


def percentile(samples: list[float], share: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def timed(samples: int, run: Callable[[int], Any]) -> list[float]:
    run(0)  # warm caches and connections
    took = []
    for index in range(samples):
        began = time.perf_counter()
        run(index)
        took.append((time.perf_counter() - began) * 1000)
    return took


def web_client(url: str) -> tuple[Any, dict[str, str]]:
    from ringdesk.core.config import load_config
    from ringdesk.core.db import make_engine, make_sessionmaker, utcnow
    from ringdesk.core.health import HealthBoard
    from ringdesk.core.users.models import User
    from ringdesk.core.users.tokens import do_service_token
    from ringdesk.web.app import create_app
    from ringdesk.web.services import WebServices

    sessions = make_sessionmaker(make_engine(url))
    tokens = {}
    with sessions.begin() as session:
        for login in ("agent1", "agent2", "agent3", "agent4", "lead"):
            user = session.scalars(select(User).where(User.login == login)).one()
            tokens[login] = do_service_token(session, user, "bench", utcnow())
    app = create_app(WebServices(sessions, HealthBoard(), load_config(environ={}),
                                 lambda: None))
    return app.test_client(), tokens


# The same questions as one would write them by hand: the page, and the total counted up
# to 1,000 as the API does.
LIST_SQL = """
SELECT t.* FROM tickets t
WHERE (t.owner_id = :me OR (t.owner_id IS NULL AND t.queue_id IN
       (SELECT queue_id FROM ticket_queue_agents WHERE user_id = :me)))
  AND t.status IN ('open', 'in_progress', 'waiting_customer')
ORDER BY t.resolution_due NULLS LAST, t.id LIMIT 50"""
LIST_COUNT_SQL = """
SELECT count(*) FROM (SELECT 1 FROM tickets t
WHERE (t.owner_id = :me OR (t.owner_id IS NULL AND t.queue_id IN
       (SELECT queue_id FROM ticket_queue_agents WHERE user_id = :me)))
  AND t.status IN ('open', 'in_progress', 'waiting_customer') LIMIT 1001) page"""
SEARCH_SQL = """
SELECT t.* FROM tickets t WHERE t.search_vector @@ plainto_tsquery('simple', :q)
ORDER BY t.created_at DESC LIMIT 50"""
SEARCH_COUNT_SQL = """
SELECT count(*) FROM (SELECT 1 FROM tickets t
WHERE t.search_vector @@ plainto_tsquery('simple', :q) LIMIT 1001) page"""


def reads(url: str, samples: int) -> None:
    client, tokens = web_client(url)
    engine = create_engine(url, connect_args={"options": "-c jit=off"})
    agents = ["agent1", "agent2", "agent3", "agent4"]
    with engine.connect() as connection:
        ids = {login: connection.scalar(text("SELECT id FROM users WHERE login = :l"),
                                        {"l": login}) for login in agents}
    statuses = ",".join(OPEN_STATUSES)

    def api_list(index: int) -> None:
        who = agents[index % len(agents)]
        answer = client.get(f"/api/v1/tickets?status={statuses}&sort=resolution_due"
                            f"&per_page=50&page={1 + index % 3}",
                            headers={"Authorization": f"Bearer {tokens[who]}"})
        assert answer.status_code == 200 and len(answer.get_json()["items"]) == 50

    def sql_list(index: int) -> None:
        me = ids[agents[index % len(agents)]]
        with engine.connect() as connection:
            rows = connection.execute(text(LIST_SQL + f" OFFSET {50 * (index % 3)}"),
                                      {"me": me}).all()
            connection.execute(text(LIST_COUNT_SQL), {"me": me}).scalar()
        assert len(rows) == 50

    _figure("list_p95", timed(samples, sql_list), timed(samples, api_list))
    chooser = random.Random(5)
    pool = phrases(vocabulary())
    # Two words of one sentence: a customer searching for what they wrote.
    queries = [" ".join(chooser.sample(chooser.choice(pool).split(), 2))
               for _ in range(samples + 1)]

    def api_search(index: int) -> None:
        answer = client.get(f"/api/v1/tickets?q={queries[index]}&snoozed=include",
                            headers={"Authorization": f"Bearer {tokens['lead']}"})
        assert answer.status_code == 200

    def sql_search(index: int) -> None:
        with engine.connect() as connection:
            connection.execute(text(SEARCH_SQL), {"q": queries[index]}).all()
            connection.execute(text(SEARCH_COUNT_SQL), {"q": queries[index]}).scalar()

    _figure("search_p95", timed(samples, sql_search), timed(samples, api_search))
    engine.dispose()


def _figure(name: str, baseline: list[float], measured: list[float]) -> None:
    print(f"{name}: ringdesk p50 {statistics.median(measured):.1f} ms, "
          f"plain SQL p50 {statistics.median(baseline):.1f} ms", flush=True)
    print(bench_line(name, percentile(measured, 0.95), "ms", percentile(baseline, 0.95)),
          flush=True)


def _create_service(url: str, count: int, worker: int, batch: int = 1) -> None:
    """Tickets from customers writing in, ``batch`` per transaction (1: one per request)."""
    from ringdesk.core.db import make_engine, make_sessionmaker
    from ringdesk.helpdesk.customers.contacts import do_find_or_create_contacts
    from ringdesk.helpdesk.tickets.automation import run_rules
    from ringdesk.helpdesk.tickets.desk import Desk
    from ringdesk.helpdesk.tickets.opening import NewTicket, open_tickets

    sessions = make_sessionmaker(make_engine(url))
    for first in range(0, count, batch):
        with sessions.begin() as session:
            desk = Desk(session, None, datetime.now(UTC))
            queues = {code: desk.queue(code) for code in {f"q{index % 10}" for index in
                                                          range(first, first + batch)}}
            indexes = range(first, min(first + batch, count))
            senders = {index: f"c{worker}x{index % 500}@bench.example" for index in indexes}
            contacts = do_find_or_create_contacts(session, "email", list(senders.values()))
            wanted = [NewTicket(f"Bench ticket {worker}-{index}", "email",
                                queue=queues[f"q{index % 10}"], contact=contacts[senders[index]],
                                body="Printer on fire again") for index in indexes]
            open_tickets(desk, wanted)
            run_rules(desk)


def _create_batched(url: str, count: int, worker: int) -> None:
    _create_service(url, count, worker, BATCH)


def _create_plain(url: str, count: int, worker: int) -> None:
    engine = create_engine(url)
    for index in range(count):
        with engine.begin() as connection:
            ticket = connection.execute(text(
                "INSERT INTO tickets (number, subject, subject_key, subject_params, status, "
                "channel, category, priority, "
                "tags, created_at, updated_at, queue_id, version, closed, sla_paused, "
                "handling_seconds, reaction_breached, resolution_breached) VALUES "
                "(:number, :subject, '', '{}', 'open', 'email', '', 'normal', '[]', now(), "
                "now(), "
                "(SELECT id FROM ticket_queues WHERE code = :queue), 1, false, false, 0, "
                "false, false) RETURNING id"),
                {"number": f"P{worker}-{index}-{os.getpid()}",
                 "subject": f"Bench ticket {worker}-{index}",
                 "queue": f"q{index % 10}"}).scalar_one()
            connection.execute(text(
                "INSERT INTO ticket_events (ticket_id, at, kind, body, data) "
                "VALUES (:id, now(), 'created', '', '{}')"), {"id": ticket})
    engine.dispose()


def creation_rate(url: str, target: Callable[[str, int, int], None], total: int,
                  workers: int) -> float:
    per_worker = total // workers
    context = multiprocessing.get_context("fork")
    processes = [context.Process(target=target, args=(url, per_worker, worker))
                 for worker in range(workers)]
    began = time.perf_counter()
    for process in processes:
        process.start()
    for process in processes:
        process.join()
        assert process.exitcode == 0, "a writer failed"
    return per_worker * workers / (time.perf_counter() - began)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench helpdesk")
    parser.add_argument("--admin-url", default=os.environ.get("RINGDESK_TEST_POSTGRES_URL",
                                                              DEFAULT_ADMIN))
    parser.add_argument("--tickets", type=int, default=1_000_000)
    parser.add_argument("--reuse", action="store_true",
                        help="keep the loaded database of an earlier run")
    parser.add_argument("--samples", type=int, default=200)
    parser.add_argument("--create", type=int, default=4000)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--database", default=DATABASE, help="where the tickets are loaded")
    args = parse_with_smoke(parser, argv, tickets=20_000, samples=3, create=40, workers=2,
                            reuse=False)
    if args.smoke:  # a database of this run's own: two runs on one machine never collide
        args.database = f"{SMOKE_DATABASE}_{os.getpid()}"
    url = prepare(args.admin_url, args.tickets, args.reuse, args.database)
    reads(url, args.samples)
    plain = creation_rate(url, _create_plain, args.create, args.workers)
    service = creation_rate(url, _create_service, args.create, args.workers)
    batched = creation_rate(url, _create_batched, args.create, args.workers)
    print(f"creation: ringdesk {service:.0f}/s one per transaction, {batched:.0f}/s in "
          f"batches of {BATCH}; plain INSERTs {plain:.0f}/s one per transaction "
          f"({args.workers} writers)", flush=True)
    print(bench_line("ticket_creation", service, "tickets/s", plain), flush=True)
    print(bench_line("ticket_creation_batched", batched, "tickets/s", plain), flush=True)
    if args.smoke:
        drop_database(args.admin_url, args.database)
        return 0
    engine: Engine = create_engine(url)
    with engine.begin() as connection:  # leave the loaded million as it was for --reuse
        connection.execute(text("DELETE FROM ticket_events WHERE ticket_id > :n"),
                           {"n": args.tickets})
        connection.execute(text("DELETE FROM notifications"))
        connection.execute(text("DELETE FROM tickets WHERE id > :n"), {"n": args.tickets})
    engine.dispose()
    return 0
