"""Signing in and users."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from web.schemas.common import Input, Output, omissible

Rank = Literal["admin", "supervisor", "privileged_agent", "agent"]
EMAIL = r"^[^@\s]+@[^@\s]+\.[^@\s]+$"


class User(Output):
    id: int
    login: str
    display_name: str
    email: str | None
    rank: Rank
    active: bool
    has_password: bool
    must_change_password: bool = Field(
        description="an admin set the password: the user must choose their own first")


class CreatedUser(User):
    token: str = Field(description="the user's API token: shown this once")


class Login(Input):
    login: Annotated[str, Field(min_length=1, description="login or email")]
    password: str


class SignedIn(Output):
    token: str = Field(description="Bearer token")
    user: User


class BrowserSession(Output):
    user: User
    csrf_token: str | None = Field(description="send it as X-CSRF-Token with every change")


class Ended(Output):
    ended: int = Field(description="how many sessions and tokens ended")


class PasswordChange(Input):
    current: str
    new: Annotated[str, Field(min_length=10)]


class NewUser(Input):
    login: Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9._-]{1,99}$")]
    display_name: str = ""
    rank: Rank = "agent"
    email: Annotated[str, Field(pattern=EMAIL)] | None = None
    password: Annotated[str, Field(min_length=10)] | None = None


class UserChanges(Input):
    display_name: str = omissible()
    rank: Rank = omissible()
    email: Annotated[str, Field(pattern=EMAIL)] | None = None
    password: Annotated[str, Field(min_length=10)] = omissible()
    active: bool = omissible("false ends the user's sessions")
    open_tickets: Literal["reassign", "close"] | None = Field(
        None, description="when deactivating a user who holds open tickets")
    reassign_to: int | None = Field(None, description="null: back to their queues")
