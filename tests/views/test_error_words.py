"""Every code a command, the hub or the op rules can give has words in Persian and English: none
shows as "the operation failed (code)"."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from desktop import i18n
from desktop import labels

ROOT = Path(__file__).resolve().parents[2] / "desktop"


def _codes(pattern: str) -> set[str]:
    found: set[str] = set()
    for source in ROOT.rglob("*.py"):
        found |= set(re.findall(pattern, source.read_text(encoding="utf-8")))
    return found


def command_codes() -> set[str]:
    """Every literal code raised as a CommandError, and those the write path maps to."""
    from desktop.services import writer

    return (_codes(r'CommandError\(\s*"([a-z_]+)"') | set(writer._UNKNOWN.values())
            | {"unknown_record", "too_long", "control_characters", "unknown_value", "unknown_field", "bad_value",
               "blank"})


def op_codes() -> set[str]:
    """Why an op is refused here (MalformedOp) or at the hub (its SQL), or held."""
    from desktop.sync import hub

    hub_reasons = set(re.findall(r"'(malformed|too_large|clock_ahead|duplicate_op_id)'", hub.SCHEMA))
    return _codes(r'MalformedOp\([^)]*?,\s*"([a-z_]+)"') | hub_reasons | {"missing_ref", "clock_ahead"}


def hub_codes() -> set[str]:
    from desktop.sync import client

    return set(client._REFUSALS.values()) | {"login", "no_database", "hub_older", "hub_newer", "app_older",
                                             "clock_ahead", "other_station", "unreachable", "error",
                                             "not_admin", "hub_error"}


@pytest.mark.parametrize("lang", ["fa", "en"])
def test_every_code_is_worded(app, lang: str) -> None:  # noqa: ANN001
    i18n.install(lang)
    fallback = {labels.error("no_such_code_at_all"), labels.op_refusal("no_such_code_at_all"),
                labels.hub_refusal("no_such_code_at_all")}
    params = {"field": "incident.title", "limit": 300, "minutes": 75, "entity": "incident"}
    unworded = [c for c in sorted(command_codes()) if labels.error(c, params) in fallback]
    unworded += [c for c in sorted(op_codes()) if labels.op_refusal(c, params) in fallback]
    # "refused" is the generic refusal: its words are the fallback's on purpose.
    unworded += [c for c in sorted(hub_codes() - {"refused"}) if labels.hub_refusal(c, params) in fallback]
    assert unworded == []
    assert len(command_codes()) > 20 and len(op_codes()) > 8  # the search found them
    persian = re.compile("[\u0600-\u06ff]")
    for code in command_codes():
        text = labels.error(code, params)
        assert "%1" not in text and "%2" not in text
        assert bool(persian.search(text)) == (lang == "fa"), (code, text)


@pytest.mark.parametrize("lang", ["fa", "en"])
def test_why_the_hub_cannot_be_reached_is_said_by_its_cause(app, lang: str) -> None:  # noqa: ANN001
    """libpq's English (a refused port, an unknown name, a timeout…) becomes one sentence per
    cause in the user's language, naming the address; the driver's text is for the log."""
    import psycopg

    from desktop.sync.client import explain, unreachable

    i18n.install(lang)
    said = {}
    for cause, driver in (("refused", "connection to server at \"10.0.0.9\", port 5433 failed: Connection refused"),
                          ("unknown_host", 'could not translate host name "hubb" to address: Name or service not known'),
                          ("timeout", "connection to server at \"10.0.0.9\", port 5433 failed: timeout expired"),
                          ("no_route", "connection to server failed: No route to host"),
                          ("tls", "server does not support SSL, but SSL was required"),
                          ("lost", "server closed the connection unexpectedly"),
                          ("other", "something nobody foresaw")):
        code, params = explain(psycopg.OperationalError(driver), "postgresql://s@10.0.0.9:5433/hub")
        assert (code, params) == ("unreachable", {"reason": cause, "address": "10.0.0.9:5433"})
        text = labels.hub_refusal(code, params)
        assert "10.0.0.9:5433" in text and driver not in text and "%1" not in text
        assert bool(re.search("[\u0600-\u06ff]", text)) == (lang == "fa")
        said[cause] = text
    assert len(set(said.values())) == len(said)  # each cause its own words
    assert explain(unreachable(OSError("Connection refused"))) == ("unreachable", {"reason": "refused", "address": ""})
    assert explain(psycopg.OperationalError('password authentication failed for user "x"'))[0] == "login"
    assert explain(psycopg.errors.InsufficientPrivilege("permission denied for schema public")) == ("not_admin", {})
