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
    second_factor: bool = Field(description="signs in with an authenticator app's code too")


class CreatedUser(User):
    token: str = Field(description="the user's API token: shown this once")


class Login(Input):
    login: Annotated[str, Field(min_length=1, description="login or email")]
    password: str
    code: str | None = Field(None, description="the authenticator app's code (or a recovery "
                                               "code) when the answer asked for one")


class SignedIn(Output):
    token: str = Field(description="Bearer token")
    user: User


class BrowserSession(Output):
    user: User
    csrf_token: str | None = Field(description="send it as X-CSRF-Token with every change")
    must_enrol: bool = Field(False, description="the user's rank needs a second factor, and "
                                                "they have none yet: enrol first")


class TotpEnrolment(Output):
    secret: str = Field(description="for typing into the app by hand")
    uri: str = Field(description="otpauth:// URI")
    qr_svg: str = Field(description="the URI as a QR code (an SVG data: URI)")


class TotpConfirm(Input):
    code: Annotated[str, Field(min_length=6, max_length=8)]


class RecoveryCodes(Output):
    recovery_codes: list[str] = Field(description="each works once; shown only now")


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
