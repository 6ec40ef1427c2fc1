"""Sourcing checks: sources a reader can find, estimate marks, claims' parties, band bases.

Each test breaks one thing in a copy of the made-up scenario (``tests/data/mini``) and
expects the message that names it; a clean copy has no problem at all.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from scenario import ScenarioError, checks
from scenario.includes import read_tree
from scenario.loader import validate
from scenario.yamlfile import Document

MINI = Path("tests/data/mini/mini.yaml")

Change = Callable[[dict[str, Any]], None]


def problems(change: Change) -> list[str]:
    """The messages of every problem in mini after *change*, field errors included."""
    doc = read_tree(MINI, str(MINI))
    data = copy.deepcopy(doc.data)
    change(data)
    changed = Document(data=data, values=doc.values, keys=doc.keys)
    try:
        scenario = validate(changed)
    except ScenarioError as exc:
        return [p.message for p in exc.problems]
    return [p.message for p in checks.check(scenario, changed)]


def claim(data: dict[str, Any], ident: str) -> dict[str, Any]:
    found: dict[str, Any] = next(c for c in data["claims"] if c["id"] == ident)
    return found


def test_the_clean_copy_has_no_problem() -> None:
    assert problems(lambda data: None) == []


# -- sources ----------------------------------------------------------------------------

def test_an_unidentified_source_has_no_address_and_no_headline() -> None:
    def change(data: dict[str, Any]) -> None:
        data["sources"][0].update(identified=False, url="https://example.org/a")

    assert problems(change) == [
        "source 'T1' is unidentified but has an address",
        "source 'T1' is unidentified, so its title cannot be a headline"]


def test_an_unverified_address_needs_an_address() -> None:
    def change(data: dict[str, Any]) -> None:
        data["sources"][0]["url_verified"] = False

    assert problems(change) == ["source 'T1' marks an address unverified but gives none"]


def test_a_url_and_a_partial_url_are_not_both_given() -> None:
    def change(data: dict[str, Any]) -> None:
        data["sources"][0].update(url="https://example.org/a", partial_url="example.org/…")

    assert problems(change) == ["source 'T1' gives both a url and a partial one"]


@pytest.mark.parametrize("url", ["seeds/article-2024-08-07.txt", "../shared/x.txt",
                                 "file:///etc/passwd", "https://example.org/a b"])
def test_a_url_is_a_web_address_never_a_path(url: str) -> None:
    def change(data: dict[str, Any]) -> None:
        data["sources"][0]["url"] = url

    expected = ("field 'url': a url is a web address that starts with https:// (or "
                f"http://) and has no spaces; a file path cannot be one, got {url!r}")
    assert expected in problems(change)


def test_further_sources_must_exist() -> None:
    def change(data: dict[str, Any]) -> None:
        data["units"][0]["also"] = ["T1", "T9"]

    assert problems(change) == ["unknown source 'T9'"]


def test_every_source_is_cited() -> None:
    def change(data: dict[str, Any]) -> None:
        data["sources"].append({"id": "T2", "title": "Unused", "publisher": "Nobody"})

    assert problems(change) == ["source 'T2' is cited nowhere"]


# -- estimate marks ---------------------------------------------------------------------

def add_estimate_source(data: dict[str, Any]) -> None:
    data["sources"].append({"id": "EST", "kind": "estimate", "title": "Ours",
                            "title_from": "description", "publisher": "Us"})


def test_what_cites_the_authors_estimate_says_what_is_estimated() -> None:
    def change(data: dict[str, Any]) -> None:
        add_estimate_source(data)
        data["units"][0]["source"] = "EST"

    [message] = problems(change)
    assert message.endswith("cites 'EST', the scenario's own estimate, without saying what is "
                            "estimated")


def test_an_approximate_place_says_why() -> None:
    def change(data: dict[str, Any]) -> None:
        data["map"]["places"][0]["approximate"] = True

    [message] = problems(change)
    assert message.endswith("is approximate but does not say why")


def test_an_estimate_of_position_on_a_place_is_marked_approximate() -> None:
    def change(data: dict[str, Any]) -> None:
        place = data["map"]["places"][0]
        place.update(approximate=True, estimate={"what": ["figure"], "why": "ours"})

    messages = problems(change)
    assert any("should name 'position'" in m for m in messages)


@pytest.mark.parametrize(("where", "what", "expected"), [
    ("unit", "route", "an estimate mark on a unit cannot name 'route'"),
    ("unit", "timing", "marks its timing as estimated but has no 'available' time"),
    ("place", "timing", "an estimate mark on a place cannot name 'timing'"),
    ("inject", "figure", "marks its figure as estimated but gives no 'people'"),
    ("inject", "units", "an estimate mark on an inject cannot name 'units'"),
])
def test_an_estimate_mark_names_what_its_carrier_has(where: str, what: str,
                                                     expected: str) -> None:
    def change(data: dict[str, Any]) -> None:
        mark = {"what": [what], "why": "ours"}
        if where == "unit":
            data["units"][0].pop("available", None)
            data["units"][0]["estimate"] = mark
        elif where == "place":
            data["map"]["places"][0]["estimate"] = mark
        else:
            inject = next(e for e in data["timeline"] if e["kind"] == "inject")
            inject["estimate"] = mark

    [message] = problems(change)
    assert expected in message


def test_a_route_estimate_needs_a_route() -> None:
    def change(data: dict[str, Any]) -> None:
        order = next(e for e in data["timeline"] if e["kind"] == "order")
        order.update(action="hold", estimate={"what": ["route"], "why": "ours"})
        order.pop("to", None)
        order.pop("via", None)

    [message] = problems(change)
    assert message.endswith("marks its route as estimated but has no 'to', 'via' or 'target'")


def test_an_estimate_mark_needs_a_reason() -> None:
    def change(data: dict[str, Any]) -> None:
        data["units"][0]["estimate"] = {"what": ["strength"], "why": ""}

    [message] = problems(change)
    assert message.startswith("field 'why'")


def test_an_inject_reporting_what_someone_said_names_them() -> None:
    def change(data: dict[str, Any]) -> None:
        inject = next(e for e in data["timeline"] if e["kind"] == "inject")
        inject["category"] = "statement"

    assert problems(change) == ["the statement inject 'Redland declares an emergency in "
                                "Eastburg' does not say who says it"]


# -- claims: party and side -------------------------------------------------------------

def test_every_claim_names_its_party_from_the_closed_list() -> None:
    def missing(data: dict[str, Any]) -> None:
        del claim(data, "red_claim_1")["party"]

    def unknown(data: dict[str, Any]) -> None:
        claim(data, "red_claim_1")["party"] = "ministry"

    assert problems(missing) == ["missing field 'party'"]
    [message] = problems(unknown)
    assert message == "field 'party': 'ministry' is not one of the allowed words"


def test_a_party_that_speaks_for_a_side_names_it_and_a_third_party_does_not() -> None:
    def sideless(data: dict[str, Any]) -> None:
        del claim(data, "red_claim_1")["side"]

    def sided(data: dict[str, Any]) -> None:
        claim(data, "red_claim_1")["party"] = "analysts"

    assert problems(sideless) == ["claim 'red_claim_1': party 'officials' speaks for a side, "
                                  "but the claim names none"]
    assert problems(sided) == ["claim 'red_claim_1': party 'analysts' speaks for neither "
                               "side, but the claim gives side 'red'"]


def test_a_claim_never_cites_the_authors_estimate() -> None:
    def change(data: dict[str, Any]) -> None:
        add_estimate_source(data)
        claim(data, "red_claim_1")["also"] = ["EST"]

    assert problems(change) == ["claim 'red_claim_1' cites 'EST', the scenario's own estimate"]


# -- claims: bands and their basis ------------------------------------------------------

def test_a_band_needs_a_basis_and_a_basis_a_band() -> None:
    def no_basis(data: dict[str, Any]) -> None:
        del claim(data, "blue_claim_1")["basis"]

    def no_band(data: dict[str, Any]) -> None:
        del claim(data, "blue_claim_1")["band"]

    assert problems(no_basis) == ["claim 'blue_claim_1' has a band but no basis"]
    assert problems(no_band) == ["claim 'blue_claim_1' has a basis but no band"]


def test_a_basis_lists_known_claims_of_the_same_figure() -> None:
    def change(data: dict[str, Any]) -> None:
        claim(data, "blue_claim_1")["basis"]["claims"] = ["blue_claim_1", "red_claim_1",
                                                          "nobody"]

    assert problems(change) == [
        "claim 'red_claim_1' is not about the same figure as 'blue_claim_1'",
        "unknown claim 'nobody'"]


def test_the_rule_fits_the_metric() -> None:
    def change(data: dict[str, Any]) -> None:
        claim(data, "blue_claim_1")["basis"]["rule"] = "held"

    assert problems(change) == ["rule 'held' does not fit metric 'territory_km2'"]


def second_claim(data: dict[str, Any], side: str | None, party: str) -> None:
    """Add a claim on blue_claim_1's figure by *party* of *side*, and list it in the basis."""
    other = {**claim(data, "blue_claim_1"), "id": "third", "party": party, "range": [30, 90]}
    for key in ("band", "basis", "side"):
        other.pop(key)
    if side is not None:
        other["side"] = side
    data["claims"].append(other)
    claim(data, "blue_claim_1")["basis"]["claims"].append("third")


def test_a_band_on_one_side_alone_says_why() -> None:
    def same_side(data: dict[str, Any]) -> None:
        second_claim(data, "blue", "media")
        del claim(data, "blue_claim_1")["basis"]["alone"]

    def two_camps(data: dict[str, Any]) -> None:
        second_claim(data, None, "analysts")

    assert problems(same_side) == ["the band of 'blue_claim_1' rests on figures of side "
                                   "'blue' alone"]
    assert problems(two_camps) == ["the band of 'blue_claim_1' rests on figures of 2 camps, "
                                   "not one alone"]


def test_a_band_on_third_parties_alone_says_why_too() -> None:
    def change(data: dict[str, Any]) -> None:
        blue = claim(data, "blue_claim_1")
        blue["party"] = "analysts"
        del blue["side"]
        del blue["basis"]["alone"]

    assert problems(change) == ["the band of 'blue_claim_1' rests on figures of third "
                                "parties alone"]


def test_held_claims_that_disagree_give_no_band() -> None:
    def change(data: dict[str, Any]) -> None:
        for ident, value in (("held_yes", 1), ("held_no", 0)):
            data["claims"].append({
                "id": ident, "date": "2030-05-01", "claimant": "Blue", "party": "officials",
                "side": "blue", "about": "blue", "metric": "place_held", "subject": "millton",
                "value": value, "text": "Held or not.", "source": "T1"})
        claim(data, "held_yes").update(band=[0.8, 1.0], basis={
            "claims": ["held_yes", "held_no"], "rule": "held", "below": 0.2, "why": "test",
            "alone": "test"})

    assert problems(change) == ["claim 'held_yes': no band can be derived: the claims "
                                "disagree on whether the place is held"]
