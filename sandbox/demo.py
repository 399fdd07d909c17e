"""Demo configuration: a user, agents, a queue, a caller list and routes a newcomer can call
in the PBX sandbox. Routes are built through the same operations as the API (validated and
published)."""

from __future__ import annotations

import subprocess
from datetime import timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from ringdesk.callcenter.pbx.apply import load_specs, render, write_files
from ringdesk.callcenter.pbx.models import AgentAccount, PbxQueue
from ringdesk.callcenter.pbx.operations import do_create_account, do_put_queue
from ringdesk.core.db import utcnow
from ringdesk.core.users.models import User
from ringdesk.core.users.operations import do_create_user, do_update_user
from ringdesk.core.users.tokens import PERSONAL, do_issue_token
from ringdesk.routes.models import CallerList, InboundNumber, Route
from ringdesk.routes.nodes.base import References
from ringdesk.routes.operations import do_attach_number, do_create_route, do_publish
from sandbox.sandbox import Sandbox

SCENARIOS = Path(__file__).with_name("scenarios")
DEMO_TOKEN_DAYS = 30
WEEK = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def announcement_route(*, ring: int = 0) -> dict[str, Any]:
    nodes: dict[str, Any] = {
        "welcome": {"type": "announcement", "params": {"sound": "ringdesk/welcome"},
                    "ports": {"next": "bye"}},
        "bye": {"type": "hangup"},
    }
    if ring:
        nodes["ring"] = {"type": "ring", "params": {"seconds": ring},
                         "ports": {"next": "welcome"}}
    return {"entry": "ring" if ring else "welcome", "nodes": nodes}


# What the demo's admin named each step of the main menu (the builder, the simulator and
# the ticket's path show these).
MAIN_MENU_LABELS = {
    "hours": "Open 24/7", "holidays": "Christmas", "vip": "VIP callers",
    "vip_ticket": "Mark urgent", "menu": "Main menu", "sales_ticket": "Sales ticket",
    "sales": "Sales prompt", "agent": "Sales agent", "support_ticket": "Support ticket",
    "support": "Support queue", "closed": "Closed",
}


def main_menu_route() -> dict[str, Any]:
    graph = _main_menu_graph()
    for node_id, label in MAIN_MENU_LABELS.items():
        graph["nodes"][node_id]["label"] = label
    return graph


def _main_menu_graph() -> dict[str, Any]:
    always = {day: [["00:00", "24:00"]] for day in WEEK}
    return {"entry": "hours", "nodes": {
        "hours": {"type": "time_condition", "params": {"timezone": "Europe/Berlin",
                                                       "hours": always},
                  "ports": {"open": "holidays", "closed": "closed"}},
        "holidays": {"type": "holiday", "params": {"timezone": "Europe/Berlin", "periods": [
            {"name": "Christmas", "from": "24.12", "to": "26.12"}]},
            "ports": {"holiday": "closed", "regular": "vip"}},
        "vip": {"type": "vip", "params": {"lists": ["vip"]},
                "ports": {"vip": "vip_ticket", "other": "menu"}},
        "vip_ticket": {"type": "ticket_fields", "params": {"priority": "urgent",
                                                           "tags": ["vip"]},
                       "ports": {"next": "menu"}},
        "menu": {"type": "ivr_menu", "params": {
            "prompt": "ringdesk/menu", "choices": {"1": "Sales", "2": "Support"},
            "timeout": 4, "max_retries": 1, "invalid_prompt": "ringdesk/invalid"},
            "ports": {"1": "sales_ticket", "2": "support_ticket", "timeout": "voicemail",
                      "invalid": "voicemail"}},
        "sales_ticket": {"type": "ticket_fields", "params": {"category": "sales"},
                         "ports": {"next": "sales"}},
        "sales": {"type": "announcement", "params": {"sound": "ringdesk/sales"},
                  "ports": {"next": "agent"}},
        "agent": {"type": "agent", "params": {"agent": "agent-1001", "seconds": 10},
                  "ports": {"no_answer": "voicemail", "busy": "voicemail",
                            "unavailable": "voicemail"}},
        "support_ticket": {"type": "ticket_fields", "params": {"category": "support"},
                           "ports": {"next": "support"}},
        "support": {"type": "queue", "params": {"queue": "support", "max_wait": 30},
                    "ports": {"timeout": "voicemail", "no_agents": "voicemail",
                              "full": "voicemail"}},
        # A SIPp caller sends no audio, so silence detection never ends its message: keep
        # the demo's recording short.
        "voicemail": {"type": "voicemail", "params": {"greeting": "ringdesk/voicemail",
                                                      "max_seconds": 15}},
        "closed": {"type": "announcement", "params": {"sound": "ringdesk/closed"},
                   "ports": {"next": "bye"}},
        "bye": {"type": "hangup"},
    }}


DEMO_ROUTES = (
    ("Demo: welcome", "+4930120000", announcement_route()),
    ("Demo: rings first", "+4930120001", announcement_route(ring=8)),
    ("Demo: main menu", "+4930120002", main_menu_route()),
)


# A sign-in for each rank, for a demo on 127.0.0.1 (never a deployment's users).
DEMO_SIGN_INS = (("admin", "admin", "Demo admin"), ("lead", "supervisor", "Demo supervisor"),
                 ("agent", "agent", "Demo agent"))


def demo_password(login: str) -> str:
    return f"{login}-demo-pass"


def seed_demo(sessions: sessionmaker[Session], sounds: frozenset[str],
              region: str = "DE") -> tuple[list[str], str | None]:
    """Add what is missing; return the demo numbers and the admin's new token (if made)."""
    token = None
    with sessions.begin() as session:
        for login, rank, name in DEMO_SIGN_INS:
            user = session.scalars(select(User).where(User.login == login)).first()
            if user is None:
                user = do_create_user(session, login, name, rank=rank,
                                      password=demo_password(login))
                if login == "admin":  # for trying the API from a terminal
                    _, token = do_issue_token(session, user, PERSONAL, utcnow(),
                                              timedelta(days=DEMO_TOKEN_DAYS), "demo")
            elif not user.password_hash:
                do_update_user(session, user.id, {"password": demo_password(login)})
                user.must_change_password = False  # the demo's sign-ins stay as printed
        admin = session.scalars(select(User).where(User.login == "admin")).one()
        for queue in ("support", "nobody", "tiny"):
            _ensure(session, PbxQueue, name=queue)
        for endpoint in ("agent-1001", "agent-1002"):
            _ensure(session, AgentAccount, endpoint=endpoint)
        if not session.scalars(select(CallerList).where(CallerList.name == "vip")).first():
            session.add(CallerList(name="vip", entries=["+4915112345678"]))
        session.flush()
        refs = References(sounds=sounds, queues=frozenset({"support", "nobody", "tiny"}),
                          agents=frozenset({"agent-1001", "agent-1002"}),
                          caller_lists={"vip": frozenset({"+4915112345678"})})
        for name, number, graph in DEMO_ROUTES:
            if session.scalars(select(Route).where(Route.name == name)).first():
                continue
            taken = session.scalars(select(InboundNumber).where(
                InboundNumber.number == number, InboundNumber.route_id.is_not(None))).first()
            if taken:
                continue
            route = do_create_route(session, admin, name, "demo", graph)
            do_publish(session, admin, route, refs, "demo")
            do_attach_number(session, admin, route, number, region)
    return [number for _, number, _ in DEMO_ROUTES], token


def _ensure(session: Session, model: Any, **values: str) -> None:
    column = getattr(model, next(iter(values)))
    if not session.scalars(select(model).where(column == next(iter(values.values())))).first():
        session.add(model(**values))


# The demo's answering desk: agent phones (SIPp) that take every call, in a leveled queue:
# Anna first, Ben when she is busy. endpoint, name, SIP port, level.
DESK_PHONES = (("desk-anna", "Anna", 5301, 1), ("desk-ben", "Ben", 5302, 2))
DESK_QUEUE = "desk"
DESK_ROUTE = ("Demo: agents answer", "+4930120003")


def desk_route() -> dict[str, Any]:
    return {"entry": "welcome", "nodes": {
        "welcome": {"type": "announcement", "params": {"sound": "ringdesk/welcome"},
                    "ports": {"next": "fields"}},
        "fields": {"type": "ticket_fields", "params": {"category": "demo desk"},
                   "ports": {"next": "desk"}},
        "desk": {"type": "queue", "params": {"queue": DESK_QUEUE, "max_wait": 60},
                 "ports": {"timeout": "voicemail", "no_agents": "voicemail",
                           "full": "voicemail"}},
        "voicemail": {"type": "voicemail", "params": {"greeting": "ringdesk/voicemail",
                                                      "max_seconds": 15}},
    }}


def seed_answering_desk(sessions: sessionmaker[Session], sounds: frozenset[str],
                        region: str = "DE") -> str:
    """The desk's accounts, its queue and a route to it, through the operations the API
    uses; returns the number to call."""
    with sessions.begin() as session:
        for endpoint, name, port, _ in DESK_PHONES:
            if not session.scalars(select(AgentAccount)
                                   .where(AgentAccount.endpoint == endpoint)).first():
                do_create_account(session, endpoint, name,
                                  static_contact=f"sip:{endpoint}@127.0.0.1:{port}")
        # Anna's phone is the demo agent's: their desk pops when it rings.
        anna = session.scalars(select(AgentAccount).where(
            AgentAccount.endpoint == DESK_PHONES[0][0])).one()
        agent = session.scalars(select(User).where(User.login == "agent")).first()
        if anna.user_id is None and agent is not None:
            anna.user_id = agent.id
        do_put_queue(session, DESK_QUEUE, {"ring_timeout": 10, "retry": 1, "max_wait": 60,
                                           "dispositions": ["Solved", "Call back promised",
                                                            "Wrong number"]},
                     [{"endpoint": endpoint, "level": level, "position": index}
                      for index, (endpoint, _, _, level) in enumerate(DESK_PHONES, start=1)])
        name, number = DESK_ROUTE
        if not session.scalars(select(Route).where(Route.name == name)).first():
            admin = session.scalars(select(User).where(User.login == "admin")).one()
            refs = References(sounds=sounds, queues=frozenset({DESK_QUEUE}))
            route = do_create_route(session, admin, name, "demo", desk_route())
            do_publish(session, admin, route, refs, "demo")
            do_attach_number(session, admin, route, number, region)
    return number


def apply_pbx_config(sandbox: Sandbox, sessions: sessionmaker[Session]) -> None:
    """What "Apply config" does, for a demo whose server is not up yet: the generated files
    from the database, then the reloads."""
    with sessions() as session:
        files = render(load_specs(session))
    write_files(Path(sandbox.media_environment()["RINGDESK_PBX_GENERATED_DIR"]), files)
    for command in ("module reload res_pjsip.so", "queue reload all"):
        sandbox.cli(command)


def start_desk_phones(sandbox: Sandbox) -> list[subprocess.Popen[bytes]]:
    return [sandbox.sipp_in_background(SCENARIOS / "agent_talks_and_hangs_up.xml", [
        "-p", str(port), "-mp", str(port + 100), "-aa", "-l", "5"])
        for _, _, port, _ in DESK_PHONES]
