from datetime import UTC, datetime

import pytest

from ringdesk.core.errors import InvalidInput
from ringdesk.helpdesk.numbering.patterns import parse_pattern


@pytest.mark.parametrize(("pattern", "when", "number", "rendered", "scope"), [
    ("{{nr}}", (2026, 11, 22), 1, "1", "all"),
    ("TK-{{nr}}", (2026, 11, 22), 42, "TK-42", "all"),
    ("{{yy}}-{{nr-y}}", (2026, 1, 1), 1, "26-1", "2026"),
    ("{{yy}}-{{nr-y}}", (2026, 12, 31), 2, "26-2", "2026"),
    ("SUP-{{yy}}-{{mm}}-{{nr-m}}", (2026, 3, 5), 7, "SUP-26-03-7", "2026-03"),
    ("F-{{yy}}-{{ww}}-{{nr-w}}", (2026, 11, 22), 3, "F-26-47-3", "2026-W47"),
    # 29 Dec 2025 is in ISO week 1 of 2026: year and week agree.
    ("F-{{yy}}-{{ww}}-{{nr-w}}", (2025, 12, 29), 1, "F-26-01-1", "2026-W01"),
    ("{{yyyy}}/{{nr-y}}", (2026, 5, 1), 9, "2026/9", "2026"),
])
def test_patterns(pattern, when, number, rendered, scope):
    parsed = parse_pattern(pattern)
    moment = datetime(*when, 12, tzinfo=UTC)
    assert parsed.render(moment, number) == rendered
    assert parsed.scope(moment) == scope


@pytest.mark.parametrize(("pattern", "fragment"), [
    ("TK-", "exactly one counter"),
    ("{{nr}}-{{nr-y}}", "exactly one counter"),
    ("{{number}}", "unknown placeholder {{number}}"),
    ("TK {{nr}}", "letters, digits"),
    ("{{mm}}-{{nr-w}}", "ISO weeks cross months"),
    ("", "1-60 characters"),
])
def test_bad_patterns_name_the_problem(pattern, fragment):
    with pytest.raises(InvalidInput, match=fragment.replace("{", r"\{").replace("}", r"\}")) \
            as error:
        parse_pattern(pattern)
    assert error.value.details == {"field": "number_pattern"}
