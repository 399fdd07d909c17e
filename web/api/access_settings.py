"""Settings an admin changes on the Users screen: the sign-in rules (second factor per
rank, allowed and trusted networks) and which ranks see callers' numbers masked."""

from __future__ import annotations

from flask import Blueprint, request
from sqlalchemy.orm import Session

from ringdesk.callcenter.live.masking import Masking, masking, set_masking
from ringdesk.core.db import utcnow
from ringdesk.core.users.permissions import Rank
from ringdesk.core.users.sign_in_rules import (
    SignInRules as Rules,
)
from ringdesk.core.users.sign_in_rules import (
    set_sign_in_rules,
    sign_in_rules,
    still_to_enrol,
)
from ringdesk.web.api.common import services
from ringdesk.web.api.signing_in import client_address
from ringdesk.web.api.transactions import acting_user, reading
from ringdesk.web.auth import USER_ID
from ringdesk.web.contract import endpoint
from ringdesk.web.schemas.auth import SignInRules, SignInRulesChange
from ringdesk.web.schemas.live import NumberMasking, NumberMaskingChange

blueprint = Blueprint("access_settings", __name__, url_prefix="/api/v1")


def _rules_answer(session: Session, rules: Rules) -> SignInRules:
    auth = services().config.auth
    you = acting_user(session)
    return SignInRules(second_factor_ranks=[Rank(rank) for rank in rules.second_factor_ranks],
                       allowed_networks=list(rules.allowed_networks),
                       trusted_networks=list(rules.trusted_networks),
                       session_idle_minutes=auth.session_idle_minutes,
                       session_hours=auth.session_hours, revision=rules.revision,
                       changed_at=rules.changed_at,
                       still_to_enrol=still_to_enrol(session, rules),
                       your_address=client_address(),
                       including_you=you.rank in rules.second_factor_ranks
                       and you.totp_secret is None)


@blueprint.get("/users/sign-in-rules")
@endpoint("Who must use a second factor and where sign-in is allowed from (the configuration "
          "file's until saved here); how long sessions last", permission="users.read",
          answers={200: SignInRules})
def sign_in_rules_now() -> SignInRules:
    with reading() as session:
        return _rules_answer(session, sign_in_rules(session, services().config.auth))


@blueprint.put("/users/sign-in-rules")
@endpoint("Change the sign-in rules; they hold at once in every process. Allowed networks "
          "must hold your own address", permission="users.write", body=SignInRulesChange,
          answers={200: SignInRules}, errors=(400, 409, 422))
def change_sign_in_rules(body: SignInRulesChange) -> SignInRules:
    with services().sessions.begin() as session:
        rules = set_sign_in_rules(
            session, services().config.auth,
            {"second_factor_ranks": [str(rank) for rank in body.second_factor_ranks],
             "allowed_networks": body.allowed_networks,
             "trusted_networks": body.trusted_networks},
            body.revision, request.environ[USER_ID], client_address(), utcnow())
        return _rules_answer(session, rules)


def _masking_answer(found: Masking) -> NumberMasking:
    return NumberMasking(ranks=[Rank(rank) for rank in found.ranks], revision=found.revision,
                         changed_at=found.changed_at)


@blueprint.get("/live/masking")
@endpoint("Which ranks see callers' numbers masked on the live board", permission="users.read",
          answers={200: NumberMasking})
def number_masking() -> NumberMasking:
    with reading() as session:
        return _masking_answer(masking(session, services().config.live.mask_numbers_for))


@blueprint.put("/live/masking")
@endpoint("Change which ranks see callers' numbers masked; open boards follow within seconds",
          permission="users.write", body=NumberMaskingChange, answers={200: NumberMasking},
          errors=(400, 409))
def change_number_masking(body: NumberMaskingChange) -> NumberMasking:
    with services().sessions.begin() as session:
        return _masking_answer(set_masking(
            session, services().config.live.mask_numbers_for,
            [str(rank) for rank in body.ranks], body.revision, request.environ[USER_ID],
            utcnow()))
