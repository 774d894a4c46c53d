"""`openwatch verify` through the real CLI, against fixture pages and a fake archive on 127.0.0.1."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator

import pytest

from tests.conftest import Cli
from tests.fetch.server import QUOTE, Site, default_pages, serve


@pytest.fixture
def site(monkeypatch: pytest.MonkeyPatch) -> Iterator[Site]:
    with serve() as pages, serve() as archive:
        default_pages(pages)
        archive.archived.add(pages.base + "/quote")
        monkeypatch.setenv("OPENWATCH_ARCHIVE_API", archive.base)
        yield pages


def add(cli: Cli, url: str, quote: str | None = QUOTE, company: str = "Meta") -> str:
    args = ["add", "--company", company, "--stance", "mixed", "--date", "2025-07-14", "--source", "Example News"]
    args += ["--url", url]
    if quote:
        args += ["--quote", quote]
    return str(cli(*args).stdout.strip().split()[-1])


@pytest.fixture
def claims(cli: Cli, site: Site) -> dict[str, str]:
    return {
        "quote": add(cli, site.base + "/quote"),
        "edited": add(cli, site.base + "/edited"),
        "missing": add(cli, site.base + "/missing", company="Mistral AI"),
        "moved": add(cli, site.base + "/r1"),
        "loop": add(cli, site.base + "/loop-a", quote=None),
    }


def run(cli: Cli, *args: str, code: int = 0) -> list[dict[str, object]]:
    result = cli("verify", "--timeout", "5", "--format", "json", *args, code=code)
    return list(json.loads(result.stdout))


def test_verify_records_each_link_and_exits_0_whatever_it_finds(cli: Cli, claims: dict[str, str], site: Site) -> None:
    checks = {check["claim_id"]: check for check in run(cli)}
    assert set(checks) == set(claims.values())
    quote, edited, missing = checks[claims["quote"]], checks[claims["edited"]], checks[claims["missing"]]
    assert (quote["status"], quote["quote"], quote["result"]) == ("ok", "found", "ok, quote found")
    assert quote["archive_url"] == f"https://web.archive.org/web/20250715000000/{site.base}/quote"
    assert quote["page_date"] == "2025-07-14" and quote["change"] == "first" and len(str(quote["sha256"])) == 64
    assert edited["quote"] == "missing"
    assert (missing["status"], missing["http_status"], missing["result"]) == ("dead", 404, "dead (HTTP 404)")
    moved = checks[claims["moved"]]
    assert moved["final_url"] == site.base + "/quote" and moved["quote"] == "found"
    assert checks[claims["loop"]]["status"] == "loop"


def test_report_lists_what_needs_a_look_and_fails_on_request(cli: Cli, claims: dict[str, str]) -> None:
    assert cli("verify", "--report", "--format", "json").stdout.strip() == "[]"  # nothing checked yet
    run(cli)
    problems = {row["claim_id"]: row for row in json.loads(cli("verify", "--report", "--format", "json").stdout)}
    assert {claim: row["problem"] for claim, row in problems.items()} == {
        claims["edited"]: "quote not found",
        claims["missing"]: "dead link",
        claims["loop"]: "redirect loop",
    }  # the moved page still holds the quote: not a problem
    assert problems[claims["missing"]]["company"] == "Mistral AI"
    cli("verify", "--report", "--fail-on-problem", code=3)
    only_meta = json.loads(cli("verify", "Meta", "--report", "--format", "json").stdout)
    assert {row["claim_id"] for row in only_meta} == {claims["edited"], claims["loop"]}
    csv = cli("verify", "--report", "--format", "csv").stdout.splitlines()
    assert csv[0] == "claim_id,company,url,problem,checked_at,detail,archive_url" and len(csv) == 4
    table = cli("verify", "--report").stdout
    assert claims["missing"] in table and "dead link" in table


def test_a_run_fails_on_request_only_when_it_found_a_problem(cli: Cli, site: Site) -> None:
    good = add(cli, site.base + "/quote")
    cli("verify", "--fail-on-problem", "--timeout", "5")
    add(cli, site.base + "/missing")
    result = cli("verify", "--fail-on-problem", "--timeout", "5", code=3)
    assert "Checked 1 link: 1 problem" in result.stderr
    assert good not in result.stdout  # checked 0 days ago: not due


def test_older_than_and_claim_choose_what_is_checked(cli: Cli, claims: dict[str, str], site: Site) -> None:
    assert len(run(cli)) == 5
    assert run(cli) == []  # everything was checked moments ago
    again = run(cli, "--older-than", "0d")
    assert len(again) == 5 and {check["change"] for check in again} == {"same"}
    one = run(cli, "--claim", claims["quote"][:12])
    assert [check["claim_id"] for check in one] == [claims["quote"]]
    assert site.hits["/quote"] == 2 + 2 + 1  # /r1 ends there too; the second run fetched nothing


def test_show_gives_the_last_check_and_the_archived_copy(cli: Cli, claims: dict[str, str], site: Site) -> None:
    assert re.search(r"^url +\S+\nlast_checked +never", cli("show", claims["quote"]).stdout, re.MULTILINE)
    run(cli)
    shown = cli("show", claims["quote"]).stdout
    lines = dict(line.split(None, 1) for line in shown.splitlines() if len(line.split(None, 1)) == 2)
    assert lines["last_checked"].endswith("ok, quote found")
    assert lines["archived"] == f"https://web.archive.org/web/20250715000000/{site.base}/quote"
    assert "dead (HTTP 404)" in cli("show", claims["missing"]).stdout
    assert (
        "last_checked" not in cli("show", claims["quote"], "--format", "json").stdout
    )  # the claim's record is unchanged


def test_diff_shows_what_changed_on_the_page(cli: Cli, site: Site) -> None:
    site.html("/page", f"<html><body><p>{QUOTE}</p><p>Weights will be released under Apache-2.0.</p></body></html>")
    claim = add(cli, site.base + "/page")
    run(cli)
    cli("verify", "--diff", claim, code=1)  # one check: nothing to compare yet
    site.html("/page", f"<html><body><p>{QUOTE}</p><p>Weights will not be released.</p></body></html>")
    second = run(cli, "--claim", claim)
    assert second[0]["change"] == "text-changed"
    diff = cli("verify", "--diff", claim).stdout
    assert "-Weights will be released under Apache-2.0." in diff and "+Weights will not be released." in diff
    record = json.loads(cli("verify", "--diff", claim, "--format", "json").stdout)[0]
    assert record["claim_id"] == claim and "+Weights will not be released." in record["diff"]
    run(cli, "--claim", claim)
    same = cli("verify", "--diff", claim)  # still the last change, against the latest check
    assert "+Weights will not be released." in same.stdout


@pytest.mark.parametrize(
    ("args", "code", "says"),
    [
        (["Nobody"], 1, "Nobody"),
        (["--older-than", "soon"], 2, "not an age"),
        (["--claim", "no-such-claim"], 1, "no claim"),
        (["--report", "--diff", "x"], 2, "one at a time"),
        (["--concurrency", "0"], 2, "0"),
    ],
)
def test_bad_requests_are_one_line(cli: Cli, claims: dict[str, str], args: list[str], code: int, says: str) -> None:
    result = cli("verify", *args, code=code)
    assert says in result.stderr and "Traceback" not in result.stderr


def test_a_claim_without_url_cannot_be_verified(cli: Cli) -> None:
    cli("add", "--company", "Meta", "--stance", "mixed", "--date", "2025-07-14", "--source", "A talk")
    claim = cli("timeline", "Meta", "--format", "json")
    claim_id = json.loads(claim.stdout)[0]["id"]
    assert "has no URL" in cli("verify", "--claim", claim_id, code=1).stderr
    assert cli("verify", "--format", "json").stdout.strip() == "[]"


@pytest.mark.slow
def test_reading_commands_do_not_load_the_network_libraries(cli: Cli, site: Site) -> None:
    from tests.cli.test_startup_imports import imported_modules, top_level

    claim = add(cli, site.base + "/quote")
    run(cli)
    for args in (["show", claim], ["verify", "--report"], ["timeline", "Meta"]):
        loaded = top_level(imported_modules(args))
        assert not loaded & {"httpx", "httpcore", "trafilatura", "pypdf", "lxml"}, args
