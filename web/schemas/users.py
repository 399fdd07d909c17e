"""Signing in and users."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from core.users.models import User as UserRow
from core.users.models import UserToken
from core.users.permissions import Rank
from web.schemas.common import Input, Output, Stamp, omissible

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


class CreatedUser(User):
    first_password: str | None = Field(
        None, description="when none was given: a first password made by the server, shown "
                          "this once; the user must change it at the first sign-in")


TokenKind = Literal["login", "personal", "service"]


class ApiToken(Output):
    id: int
    kind: TokenKind = Field(description="login: from POST /auth/login; personal: made by "
                                        "its owner; service: made by an admin, exempt from "
                                        "the rank's gates")
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


class NewServiceToken(NewToken):
    service: bool = Field(True, description="exempt from the rank's gates (must change "
                                            "password, must enrol): for integrations")


class TotpProof(Input):
    password: str | None = Field(None, description="the current password")
    code: str | None = Field(None, description="or a current code of the app in use")


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


class BrowserSession(Output):
    user: User
    csrf_token: str | None = Field(description="send it as X-CSRF-Token with every change")
    must_enrol: bool = Field(False, description="the user's rank needs a second factor, and "
                                                "they have none yet: enrol first")
    permissions: list[str] = Field(
        default_factory=list, description="what this user may do (actions of the ranks' "
                                          "table): the web app shows what these allow")


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
