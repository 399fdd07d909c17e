"""Browser sessions, passwords and the second factor."""

from __future__ import annotations

from typing import Annotated, Literal, get_args

from pydantic import Field

from ringdesk.web.schemas.auth import User
from ringdesk.web.schemas.common import Input, Output


class TotpProof(Input):
    password: str | None = Field(None, description="the current password")
    code: str | None = Field(None, description="or a current code of the app in use")


class BrowserSession(Output):
    user: User
    csrf_token: str | None = Field(description="send it as X-CSRF-Token with every change")
    must_enrol: bool = Field(False, description="the user's rank needs a second factor, and "
                                                "they have none yet: enrol first")
    permissions: list[str] = Field(
        default_factory=list, description="what this user may do (actions of the ranks' "
                                          "table): the web app shows what these allow")


EndedBecause = Literal["expired", "signed_out_everywhere", "password_changed", "deactivated",
                       "ended_by_admin"]
ENDED_BECAUSE = frozenset(get_args(EndedBecause))


class SessionProbe(Output):
    session: BrowserSession | None = Field(description="null: this browser is not signed in")
    ended: EndedBecause | None = Field(description="why the session this browser had ended, "
                                                   "to say so on the sign-in page")


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
