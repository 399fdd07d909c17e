"""API tokens: personal, service and login ones."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from ringdesk.core.users.models import UserToken
from ringdesk.web.schemas.common import Input, Output, Stamp

TokenKind = Literal["login", "personal", "service", "wallboard"]


class ApiToken(Output):
    id: int
    kind: TokenKind = Field(description="login: from POST /auth/login; personal: made by "
                                        "its owner; service: made by an admin, exempt from "
                                        "the rank's gates; wallboard: shows the live "
                                        "board and nothing else")
    name: str
    created_at: Stamp
    expires_at: Stamp
    last_used_at: Stamp | None

    @classmethod
    def of(cls, row: UserToken) -> ApiToken:
        return cls(id=row.id, kind=row.kind,  # type: ignore[arg-type]
                   name=row.name, created_at=row.created_at, expires_at=row.expires_at,
                   last_used_at=row.last_used_at)


class MadeToken(ApiToken):
    token: str = Field(description="the secret: send it as Authorization: Bearer <token>; "
                                   "shown this once")


class NewToken(Input):
    name: Annotated[str, Field(min_length=1, max_length=100,
                               description="what the token is for, e.g. the script using it")]
    days: Annotated[int, Field(ge=1)] | None = Field(
        None, description="lifetime in days (default auth.personal_token_days, at most "
                          "auth.token_max_days)")


class NewWallboardToken(NewToken):
    pass


class NewServiceToken(NewToken):
    service: bool = Field(True, description="exempt from the rank's gates (must change "
                                            "password, must enrol): for integrations")


class UserBrowserSession(Output):
    id: int
    created_at: Stamp = Field(description="signed in")
    last_seen_at: Stamp
    expires_at: Stamp
    address: str = Field(description="the address it signed in from")
    user_agent: str = Field(description="the browser, as it names itself")
