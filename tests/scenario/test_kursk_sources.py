"""The Kursk file's sources a reader can find, and the audit answered in docs/sourcing.md.

Every web address in the file must be one the research notes give (their source key is
copied at the end of ``docs/sourcing.md``) or be marked unverified; no source may point
at a path outside the project; and ``docs/sourcing.md`` answers each of the audit's 80
findings with one of its verdicts.
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from pathlib import Path

import pytest

from scenario import load
from scenario.models import Scenario

KURSK = Path("scenarios/kursk_2024.yaml")
SOURCING = Path("docs/sourcing.md")
NOTES = Path("../shared/research/kursk-2024-facts.md")
"""The research notes themselves, beside the project where it was written (not shipped)."""

VERDICTS = ("fixed", "estimate marked", "disagree", "fixed with the re-tune")
FINDINGS = ([f"C{i}" for i in range(1, 19)] + [f"T{i}" for i in range(1, 28)]
            + [f"U{i}" for i in range(1, 9)] + [f"P{i}" for i in range(1, 9)]
            + [f"N{i}" for i in range(1, 8)] + [f"S-{i}" for i in range(1, 13)])
"""The audit's 80 findings, by id."""


@functools.cache
def kursk() -> Scenario:
    return load(KURSK)


@functools.cache
def addresses() -> str:
    """The research notes' source key, as copied into docs/sourcing.md."""
    text = SOURCING.read_text(encoding="utf-8")
    block = text.split("## Addresses in the research notes", 1)[1]
    return block.split("```text\n", 1)[1].split("```", 1)[0]


def in_notes(url: str) -> bool:
    """True if *url*, without its scheme and ``www.``, is an address the notes give."""
    bare = re.sub(r"^https?://(www\.)?", "", url)
    return bool(bare) and bare in addresses()


def test_every_address_in_the_file_is_one_the_notes_give_or_is_marked_unverified() -> None:
    checked = 0
    for source in kursk().sources:
        if source.url is not None and source.url_verified:
            assert in_notes(source.url), f"{source.id}: {source.url} is not in the notes"
            checked += 1
        if source.partial_url:
            assert source.partial_url in addresses(), f"{source.id}: {source.partial_url}"
            checked += 1
    assert checked >= 60


def test_a_made_up_address_is_caught() -> None:
    assert in_notes("https://www.kyivpost.com/post/37140")
    assert not in_notes("https://www.kyivpost.com/post/37141")
    assert not in_notes("https://")


@pytest.mark.skipif(not NOTES.exists(), reason="the research notes are not beside the project")
def test_the_copy_of_the_addresses_is_the_notes_own() -> None:
    notes = NOTES.read_text(encoding="utf-8")
    lines = [line for line in addresses().splitlines() if line.strip()]
    assert len(lines) > 60
    missing = [line for line in lines if line not in notes]
    assert not missing, missing


def test_no_source_points_at_a_path_outside_the_project() -> None:
    for source in kursk().sources:
        for text in (source.title, source.publisher, source.note, source.url or "",
                     source.partial_url):
            assert "seeds/" not in text and "../" not in text and ".txt" not in text, source.id
        assert source.url is None or re.match(r"https?://", source.url), source.id
    assert "seeds/" not in KURSK.read_text(encoding="utf-8")


def test_the_two_source_articles_are_identified_as_far_as_they_can_be() -> None:
    sources = {s.id: s for s in kursk().sources}
    assert (sources["S2"].publisher, sources["S2"].title) == (
        "The Telegraph", "Russia sends reinforcements to retake Kursk")
    assert not sources["S1"].identified and sources["S1"].url is None
    assert sources["S1"].title_from == "description" and sources["S1"].note


def answers() -> dict[str, tuple[str, str]]:
    """``finding -> (verdict, answer)`` from the table in docs/sourcing.md."""
    found: dict[str, tuple[str, str]] = {}
    for line in SOURCING.read_text(encoding="utf-8").splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if len(cells) == 4 and re.fullmatch(r"[CTUPN]\d+|S-\d+", cells[0]):
            assert cells[0] not in found, f"{cells[0]} is answered twice"
            found[cells[0]] = (cells[2], cells[3])
    return found


def test_docs_sourcing_answers_every_finding_of_the_audit() -> None:
    found = answers()
    assert sorted(found) == sorted(FINDINGS) and len(found) == 80
    for finding, (verdict, answer) in found.items():
        assert verdict in VERDICTS, f"{finding}: {verdict!r}"
        assert len(answer) > 30, f"{finding} is not answered"
        if verdict == "fixed with the re-tune":
            assert "Applied" in answer, f"{finding} does not say what was applied"


def test_the_verdict_counts_in_docs_sourcing_add_up() -> None:
    counts = Counter(verdict for verdict, _ in answers().values())
    text = SOURCING.read_text(encoding="utf-8")
    for verdict in VERDICTS:
        assert f"| {verdict} | {counts[verdict]} |" in text, verdict
