"""Asterisk configuration generated from queues and accounts: pure, no Asterisk."""

from __future__ import annotations

from ringdesk.callcenter.pbx.config import (
    AccountSpec,
    MemberSpec,
    QueueSpec,
    check,
    password_ha1,
    plan_of,
    render_accounts,
    render_queues,
)

ACCOUNTS = [AccountSpec("a1", "Ann", password_ha1("a1", "pw")),
            AccountSpec("a2", "Bob; evil\n[x]", "", "sip:a2@127.0.0.1:5202"),
            AccountSpec("site-phone")]
QUEUE = QueueSpec("support", ring_timeout=10, retry=2, members=(
    MemberSpec("a2", 1, 2), MemberSpec("a1", 1, 1), MemberSpec("a1x", 3, 1)))


def test_one_asterisk_queue_per_level_with_members_in_position_order():
    text = render_queues([QUEUE], ACCOUNTS)
    level1 = text.split("[support-L1]")[1].split("[support-L2]")[0]
    assert level1.index("PJSIP/a1,") < level1.index("PJSIP/a2,")
    assert "strategy = linear" in level1 and "timeout = 10" in level1
    assert "[support-L2]" in text and "PJSIP/a1x" in text.split("[support-L2]")[1]
    assert "Bob  evil" in text and "[x]" not in text  # names cannot break the file


def test_plan_gives_each_level_its_pass_time():
    plan = plan_of(QUEUE)
    assert [level.queue for level in plan.levels] == ["support-L1", "support-L2"]
    assert plan.levels[0].pass_seconds(plan.ring_timeout, plan.retry) == 24


def test_accounts_keep_only_the_digest_hash_and_site_phones_are_not_generated():
    text = render_accounts(ACCOUNTS)
    assert "md5_cred = " + password_ha1("a1", "pw") in text and "pw\n" not in text
    assert "contact = sip:a2@127.0.0.1:5202" in text
    assert "site-phone" not in text


def test_check_names_the_queue_and_field():
    bad = QueueSpec("sup-port", ring_timeout=0, members=(
        MemberSpec("nobody", 1, 1), MemberSpec("a1", 1, 1)))
    problems = {(p.where, p.field) for p in check([bad], ACCOUNTS)}
    assert ("queue sup-port", "name") in problems
    assert ("queue sup-port", "ring_timeout") in problems
    messages = [p.message for p in check([bad], ACCOUNTS) if p.field == "members"]
    assert any("no agent account 'nobody'" in m for m in messages)
    assert any("share level 1 position 1" in m for m in messages)
    assert check([QUEUE], [*ACCOUNTS, AccountSpec("a1x", "", "x" * 32)]) == []
