"""A large help desk in PostgreSQL for `bench helpdesk`: tickets and timelines loaded in SQL.

Ten ticket queues, fifty agents (each granted two queues), one supervisor. Tickets are
spread over the last two years, one a minute; the newest tenth is open (half of those
unassigned, waiting in their queue), the rest closed. Each ticket has five timeline
entries (created, customer message, status, note, reply) whose texts are drawn from a pool
of generated sentences over a 20,000-word vocabulary with a Zipf-like spread, so searches
meet both rare and common words. Loaded with INSERT ... SELECT over generate_series: a
million tickets and five million entries take a few minutes, once; `--reuse` keeps them.
"""

from __future__ import annotations

import random

from sqlalchemy import text
from sqlalchemy.engine import Connection

from bench.report import Progress

QUEUES = 10
AGENTS = 50
PHRASES = 20_000
VOCABULARY = 20_000
OPEN_STATUSES = ("open", "in_progress", "waiting_customer")
SYLLABLES = ("ka", "lo", "mi", "ren", "to", "sa", "vi", "nu", "pe", "dor", "ta", "li",
             "mo", "ber", "ga", "shi", "fen", "ul", "ra", "zo")


def vocabulary(count: int = VOCABULARY, seed: int = 7) -> list[str]:
    chooser = random.Random(seed)
    words: set[str] = set()
    while len(words) < count:
        words.add("".join(chooser.choice(SYLLABLES) for _ in range(chooser.randint(2, 4))))
    return sorted(words)


def phrases(words: list[str], count: int = PHRASES, seed: int = 11) -> list[str]:
    chooser = random.Random(seed)
    weights = [1 / (rank + 1) for rank in range(len(words))]  # Zipf: a few words are common
    return [" ".join(chooser.choices(words, weights, k=12)) for _ in range(count)]


CHUNK = 50_000  # tickets (and their timelines) loaded per statement, for the progress bar


def load(connection: Connection, tickets: int, words: list[str]) -> None:
    """Users, queues, grants, then tickets and five timeline entries each."""
    connection.execute(text(
        "INSERT INTO users (login, display_name, created_at, rank, active, signed_out) "
        "SELECT 'agent' || n, 'Agent ' || n, now(), 'agent', true, false "
        "FROM generate_series(1, :agents) n"), {"agents": AGENTS})
    connection.execute(text(
        "INSERT INTO users (login, display_name, created_at, rank, active, signed_out) "
        "VALUES ('lead', 'Lead', now(), 'supervisor', true, false)"))
    connection.execute(text(
        "INSERT INTO ticket_queues (name, code, colour, active, is_default, distribution, "
        "source_weights, reaction_minutes, resolution_minutes, default_status, statuses, "
        "number_pattern, renumber_on_move, closed_reply, reopen_status, reassign_percent, "
        "created_at) SELECT 'Queue ' || n, 'q' || n, '#607d8b', true, false, 'manual', "
        "'{}', 60, 480, 'open', '[]', 'Q' || n || '-{{nr}}', false, 'reopen', 'open', '{}', "
        "now() FROM generate_series(0, :queues - 1) n"), {"queues": QUEUES})
    connection.execute(text(
        "INSERT INTO ticket_queue_agents (queue_id, user_id, buffer) "
        "SELECT q.id, u.id, 20 FROM users u JOIN ticket_queues q ON q.code IN ("
        "'q' || (substr(u.login, 6)::int % :queues), "
        "'q' || ((substr(u.login, 6)::int + 3) % :queues)) WHERE u.login LIKE 'agent%'"),
        {"queues": QUEUES})
    connection.execute(text(
        "CREATE TEMP TABLE bench_phrases (id int PRIMARY KEY, body text, vec tsvector)"))
    pool = phrases(words)
    connection.execute(text("INSERT INTO bench_phrases (id, body) VALUES (:id, :body)"),
                       [{"id": index, "body": body} for index, body in enumerate(pool)])
    connection.execute(text("UPDATE bench_phrases SET vec = to_tsvector('simple', body)"))
    connection.execute(text("CREATE TEMP TABLE bench_agents AS SELECT row_number() OVER "
                            "(ORDER BY id) - 1 AS n, id FROM users WHERE login LIKE 'agent%'"))
    connection.execute(text("CREATE TEMP TABLE bench_queues AS SELECT row_number() OVER "
                            "(ORDER BY id) - 1 AS n, id FROM ticket_queues "
                            "WHERE code LIKE 'q%'"))
    shown = Progress(tickets, "tickets")
    for first in range(1, tickets + 1, CHUNK):
        last = min(tickets, first + CHUNK - 1)
        connection.execute(text(TICKETS), {"tickets": tickets, "phrases": PHRASES,
                                           "agents": AGENTS, "queues": QUEUES,
                                           "open_from": tickets - tickets // 10,
                                           "first": first, "last": last})
        connection.execute(text(EVENTS), {"phrases": PHRASES, "first": first, "last": last})
        shown.advance(last - first + 1)
    shown.done()
    connection.execute(text("ANALYZE"))


# Ticket i: created i minutes after the start (two years ago for a million), in queue
# i % 10; the newest tenth open (every other one unassigned), the others closed.
TICKETS = """
INSERT INTO tickets (id, number, subject, subject_key, subject_params, status, channel,
    category, priority, tags,
    created_at, updated_at, queue_id, owner_id, version, closed, reaction_due,
    resolution_due, sla_paused, handling_seconds, first_reaction_at, resolved_at,
    reaction_breached, resolution_breached, search_vector)
SELECT i, 'T' || i, split_part(p1.body, ' ', 1) || ' ' || split_part(p1.body, ' ', 2) || ' '
        || split_part(p1.body, ' ', 3) || ' ' || split_part(p1.body, ' ', 4), '', '{}',
    CASE WHEN i > :open_from THEN (ARRAY['open', 'in_progress', 'waiting_customer'])[1 + i % 3]
         ELSE 'closed' END,
    (ARRAY['phone', 'email', 'email', 'form'])[1 + i % 4], '',
    (ARRAY['low', 'normal', 'normal', 'high', 'urgent'])[1 + i % 5], '[]',
    start + i * interval '1 minute', start + i * interval '1 minute' + interval '5 minutes',
    q.id, CASE WHEN i > :open_from AND i % 2 = 0 THEN NULL ELSE a.id END, 1,
    i <= :open_from, start + i * interval '1 minute' + interval '1 hour',
    CASE WHEN i > :open_from AND i % 3 <> 2
         THEN start + i * interval '1 minute' + interval '8 hours' + (i % 97) * interval '1 minute'
         END,
    i > :open_from AND i % 3 = 2, 600, start + i * interval '1 minute' + interval '3 minutes',
    CASE WHEN i <= :open_from THEN start + i * interval '1 minute' + interval '2 hours' END,
    false, false,
    to_tsvector('simple', 'T' || i) || p1.vec || p2.vec || p3.vec || p4.vec
FROM generate_series(CAST(:first AS bigint), :last) i
CROSS JOIN LATERAL (SELECT now() - :tickets * interval '1 minute' AS start) s
JOIN bench_phrases p1 ON p1.id = (i * 7919) % :phrases
JOIN bench_phrases p2 ON p2.id = (i * 104729 + 1) % :phrases
JOIN bench_phrases p3 ON p3.id = (i * 1299709 + 2) % :phrases
JOIN bench_phrases p4 ON p4.id = (i * 15485863 + 3) % :phrases
JOIN bench_queues q ON q.n = i % :queues
JOIN bench_agents a ON a.n = (i * 31) % :agents
"""

EVENTS = """
INSERT INTO ticket_events (ticket_id, at, author_id, kind, body, data)
SELECT t.id, t.created_at + k * interval '1 minute',
    CASE WHEN k IN (3, 4, 5) THEN t.owner_id END,
    (ARRAY['created', 'message_in', 'status', 'note', 'message_out'])[k],
    CASE k WHEN 2 THEN p2.body WHEN 4 THEN p3.body WHEN 5 THEN p4.body ELSE '' END,
    CASE k WHEN 1 THEN '{"status": "open"}'::json WHEN 3 THEN '{"to": "in_progress"}'::json
         ELSE '{}'::json END
FROM tickets t
CROSS JOIN generate_series(1, 5) k
JOIN bench_phrases p2 ON p2.id = (t.id::bigint * 104729 + 1) % :phrases
JOIN bench_phrases p3 ON p3.id = (t.id::bigint * 1299709 + 2) % :phrases
JOIN bench_phrases p4 ON p4.id = (t.id::bigint * 15485863 + 3) % :phrases
WHERE t.id BETWEEN :first AND :last
"""
