"""Signing in and users."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from ringdesk.core.users.models import User as UserRow
from ringdesk.core.users.permissions import Rank
from ringdesk.web.schemas.common import Input, Output, Stamp, omissible

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
    second_factor: bool = Field(description="signs in with an authenticator app's code too")

    @classmethod
    def of(cls, user: UserRow) -> User:
        return cls(id=user.id, login=user.login, display_name=user.display_name,
                   email=user.email, rank=Rank(user.rank),
                   active=user.active, has_password=bool(user.password_hash),
                   must_change_password=user.must_change_password,
                   second_factor=user.totp_secret is not None)


class Colleague(Output):
    id: int
    name: str = Field(description="their name, else their login")
    login: str = Field(description="what an @mention in a note uses")
    active: bool


class CreatedUser(User):
    first_password: str | None = Field(
        None, description="when none was given: a first password made by the server, shown "
                          "this once; the user must change it at the first sign-in")




class Login(Input):
    login: Annotated[str, Field(min_length=1, description="login or email")]
    password: str
    code: str | None = Field(None, description="the authenticator app's code (or a recovery "
                                               "code) when the answer asked for one")


class SignedIn(Output):
    token: str = Field(description="Bearer token (a login token: it ends after "
                                   "auth.login_token_days, on sign-out or a password change)")
    expires_at: Stamp
    user: User


class NewUser(Input):
    login: Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9._-]{1,99}$")]
    display_name: str = ""
    rank: Rank = Rank.AGENT
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


class SignInRulesChange(Input):
    second_factor_ranks: list[Rank] = Field(description="ranks that must use a second factor")
    allowed_networks: list[Annotated[str, Field(max_length=64)]] = Field(
        max_length=200, description="CIDR networks sign-in is allowed from (empty: anywhere); "
                                    "must hold the address of the admin saving them")
    trusted_networks: list[Annotated[str, Field(max_length=64)]] = Field(
        max_length=200, description="CIDR networks that need no second factor")
    revision: int = Field(ge=0, description="the revision these changes were made on: a "
                                            "change saved meanwhile answers 409")


class SignInRules(Output):
    second_factor_ranks: list[Rank] = Field(description="ranks that must use a second factor")
    allowed_networks: list[str] = Field(description="addresses sign-in is allowed from "
                                                    "(empty: anywhere)")
    trusted_networks: list[str] = Field(description="addresses that need no second factor")
    session_idle_minutes: int = Field(description="set in the configuration file")
    session_hours: int = Field(description="set in the configuration file")
    revision: int = Field(description="0: never saved here, the configuration file's rules")
    changed_at: Stamp | None
    still_to_enrol: int = Field(description="active people of those ranks without a second "
                                            "factor yet: asked to set one up first")
    your_address: str = Field(description="the address this request came from")
    including_you: bool = Field(description="the asking user is one of those still to enrol")
