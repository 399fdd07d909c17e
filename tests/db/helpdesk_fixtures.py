"""A help desk on a real database behind the real Flask app, with one user per role."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session, sessionmaker

from ringdesk.core.config import load_config
from ringdesk.core.db import make_engine, make_sessionmaker
from ringdesk.core.health import HealthBoard
from ringdesk.web.app import create_app
from ringdesk.web.services import WebServices
from tests.db.openapi_check import check
from tests.users import user_and_token

PEOPLE = {"admin": "admin", "lead": "supervisor", "pia": "privileged_agent",
          "anna": "agent", "ben": "agent", "carl": "agent"}


@dataclass
class Desk:
    client: FlaskClient
    sessions: sessionmaker[Session]
    tokens: dict[str, str]
    ids: dict[str, int]

    def call(self, who: str, method: str, path: str, expect: int | None = None,
             **kwargs: Any) -> Any:
        response = self.client.open(path, method=method,
                                    headers={"Authorization": f"Bearer {self.tokens[who]}"},
                                    **kwargs)
        body = check(response, path, method.lower())
        if expect is not None:
            assert response.status_code == expect, (response.status_code, body)
        return body

    def get(self, who: str, path: str, expect: int | None = 200) -> Any:
        return self.call(who, "GET", path, expect)

    def post(self, who: str, path: str, body: Any, expect: int | None = 201) -> Any:
        return self.call(who, "POST", path, expect, json=body)

    def patch(self, who: str, path: str, body: Any, expect: int | None = 200) -> Any:
        return self.call(who, "PATCH", path, expect, json=body)


@pytest.fixture
def desk(database_url: str, tmp_path: Any) -> Desk:
    sessions = make_sessionmaker(make_engine(database_url))
    tokens, ids = {}, {}
    with sessions.begin() as session:
        for login, rank in PEOPLE.items():
            user, tokens[login] = user_and_token(session, login, rank=rank,
                                                 email=f"{login}@example.com")
            ids[login] = user.id
    config = load_config(environ={"RINGDESK_MEDIA_ATTACHMENTS_DIR": str(tmp_path / "files")})
    app = create_app(WebServices(sessions, HealthBoard(), config, lambda: None))
    return Desk(app.test_client(), sessions, tokens, ids)


def support_queue(desk: Desk, **settings: Any) -> dict[str, Any]:
    """A queue Anna and Ben work (buffers 2 and 5)."""
    body = {"name": "Support", "code": "support", "number_pattern": "SUP-{{yy}}-{{mm}}-{{nr-m}}",
            "agents": [{"user_id": desk.ids["anna"], "buffer": 2},
                       {"user_id": desk.ids["ben"], "buffer": 5},
                       {"user_id": desk.ids["pia"], "buffer": 5}], **settings}
    queue: dict[str, Any] = desk.post("admin", "/api/v1/ticket-queues", body)
    return queue
