"""Cross-reference checks of sourcing: sources, estimate marks, claims' parties and bands.

:mod:`scenario.checks` runs these with the other checks. They hold a scenario to what the
format promises a reader: a source can be found (or says it cannot), whatever rests on the
authors' own estimate says what is estimated and why, a claim names its party in a way
that agrees with its side, and a calibration band records the claims it rests on, all of
its own metric, and says why when they all come from one side or all from third parties.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from scenario.bands import THIRD, BandError, camps, derive
from scenario.errors import Problem
from scenario.models import (
    SIDED_PARTIES,
    THIRD_PARTIES,
    Claim,
    Estimate,
    EstimateAspect,
    InjectEntry,
    OffMap,
    OrderEntry,
    Place,
    Scenario,
    Unit,
)
from scenario.yamlfile import Document, YamlPath

Marked = Place | OffMap | Unit | OrderEntry | InjectEntry
"""Everything that can carry an ``estimate`` mark."""

ASPECTS: dict[str, frozenset[EstimateAspect]] = {
    "place": frozenset({"existence", "position", "figure"}),
    "off-map area": frozenset({"existence", "position", "figure"}),
    "unit": frozenset({"existence", "timing", "position", "strength"}),
    "order": frozenset({"existence", "timing", "route", "units", "action"}),
    "inject": frozenset({"timing", "position", "figure"}),
}
"""What an estimate mark may name, by what carries it."""

SAYS_WHO = frozenset({"statement", "news", "strike_report", "casualties", "diplomacy"})
"""Inject categories that report what someone said: such an inject names them in ``by``."""


def check(scenario: Scenario, doc: Document, shadow: frozenset[str] = frozenset(),
          ) -> list[Problem]:
    """Every sourcing problem of *scenario*, positioned in *doc*.

    *shadow* holds ids of items that failed field validation (reported already): a band
    resting on such a claim is left alone.
    """
    sourcing = _Sourcing(scenario, doc, shadow)
    for step in (sourcing.sources, sourcing.marks, sourcing.injects, sourcing.claims):
        step()
    return sourcing.problems


class _Sourcing:
    """Collects sourcing problems for one scenario; one method per kind of check."""

    def __init__(self, scenario: Scenario, doc: Document, shadow: frozenset[str]) -> None:
        self.s = scenario
        self.doc = doc
        self.shadow = shadow
        self.problems: list[Problem] = []
        self.estimates = {s.id for s in scenario.sources if s.kind == "estimate"}
        self.claims_by_id = {c.id: c for c in scenario.claims}

    def report(self, path: YamlPath, message: str, hint: str | None = None) -> None:
        self.problems.append(Problem(self.doc.where(path), message, hint))

    def sources(self) -> None:
        """What a source says of its address and headline agrees with what it gives."""
        for i, source in enumerate(self.s.sources):
            where = ("sources", i)
            if not source.identified and source.url is not None:
                self.report((*where, "url"), f"source {source.id!r} is unidentified but has "
                            "an address", "an unidentified text has no url; say in 'note' "
                            "what is known of it")
            if not source.identified and source.title_from != "description":
                self.report((*where, "title"), f"source {source.id!r} is unidentified, so "
                            "its title cannot be a headline", "write 'title_from: "
                            "description' and describe the text in the title")
            if source.url is not None and source.partial_url:
                self.report((*where, "partial_url"), f"source {source.id!r} gives both a url "
                            "and a partial one", "keep the url; 'partial_url' is for an "
                            "address the notes give only cut short")
            if not source.url_verified and source.url is None:
                self.report((*where, "url_verified"), f"source {source.id!r} marks an "
                            "address unverified but gives none", "give the url, or leave "
                            "'url_verified' out")

    def marks(self) -> None:
        """Estimate marks: where one is needed, and what it may name."""
        for what, path, item in _marked(self.s):
            cited = (item.source, *item.also)
            if item.estimate is None:
                self.missing_mark(what, path, item, cited)
                continue
            self.aspects(what, path, item, item.estimate)

    def missing_mark(self, what: str, path: YamlPath, item: Marked,
                     cited: Sequence[str | None]) -> None:
        estimate = next((s for s in cited if s in self.estimates), None)
        if estimate is not None:
            self.report((*path, "source"), f"{what} {_name(item)!r} cites {estimate!r}, the "
                        "scenario's own estimate, without saying what is estimated",
                        "add 'estimate: {what: [...], why: ...}'")
        elif isinstance(item, Place) and item.approximate:
            self.report((*path, "approximate"), f"place {item.id!r} is approximate but does "
                        "not say why", "add 'estimate: {what: [position], why: ...}'")

    def aspects(self, what: str, path: YamlPath, item: Marked, estimate: Estimate) -> None:
        allowed = ASPECTS[what]
        for j, aspect in enumerate(estimate.what):
            if aspect not in allowed:
                self.report((*path, "estimate", "what", j), f"an estimate mark on "
                            f"{_a(what)} cannot name {aspect!r}",
                            f"{_a(what)} may mark: {', '.join(sorted(allowed))}")
            elif (missing := _lacks(item, aspect)) is not None:
                self.report((*path, "estimate", "what", j), f"{what} {_name(item)!r} marks "
                            f"its {aspect} as estimated but {missing}")
        if isinstance(item, Place) and item.approximate and "position" not in estimate.what:
            self.report((*path, "estimate", "what"), f"place {item.id!r} is approximate: its "
                        "estimate mark should name 'position'")

    def injects(self) -> None:
        """An inject that reports what someone said names them."""
        for i, entry in enumerate(self.s.timeline):
            if isinstance(entry, InjectEntry) and entry.category in SAYS_WHO and not entry.by:
                self.report(("timeline", i, "category"), f"the {entry.category} inject "
                            f"{entry.title!r} does not say who says it",
                            "add 'by:' with the claimant, as the source names them")

    def claims(self) -> None:
        """Claims: party and side agree, no estimate as a source, bands rest on claims."""
        for i, claim in enumerate(self.s.claims):
            path: YamlPath = ("claims", i)
            self.party(path, claim)
            for source in (claim.source, *claim.also):
                if source in self.estimates:
                    self.report((*path, "source"), f"claim {claim.id!r} cites {source!r}, "
                                "the scenario's own estimate", "a claim is what someone "
                                "said; cite the document that reports it")
            self.band(path, claim)

    def party(self, path: YamlPath, claim: Claim) -> None:
        if claim.party in SIDED_PARTIES and claim.side is None:
            self.report((*path, "party"), f"claim {claim.id!r}: party {claim.party!r} speaks "
                        "for a side, but the claim names none", "add 'side:'")
        if claim.party in THIRD_PARTIES and claim.side is not None:
            self.report((*path, "side"), f"claim {claim.id!r}: party {claim.party!r} speaks "
                        f"for neither side, but the claim gives side {claim.side!r}",
                        "leave 'side' out; 'about' says whose figure it is")

    def band(self, path: YamlPath, claim: Claim) -> None:
        if claim.band is not None and claim.basis is None:
            self.report((*path, "band"), f"claim {claim.id!r} has a band but no basis",
                        "add 'basis: {claims: [...], rule: span, why: ...}'")
        if claim.basis is None:
            return
        if claim.band is None:
            self.report((*path, "basis"), f"claim {claim.id!r} has a basis but no band")
            return
        if self.shadow & set(claim.basis.claims):
            return  # a claim it rests on is invalid, and reported
        listed = self.basis_claims(path, claim)
        if len(listed) == len(claim.basis.claims):
            self.basis_rule(path, claim, listed)

    def basis_claims(self, path: YamlPath, claim: Claim) -> list[Claim]:
        """The basis's claims that exist and match *claim*'s metric, about and subject."""
        assert claim.basis is not None
        found: list[Claim] = []
        for j, ident in enumerate(claim.basis.claims):
            where = (*path, "basis", "claims", j)
            other = self.claims_by_id.get(ident)
            if other is None:
                self.report(where, f"unknown claim {ident!r}", "a basis lists claim ids")
            elif (other.metric, other.about, other.subject) != (
                    claim.metric, claim.about, claim.subject):
                self.report(where, f"claim {ident!r} is not about the same figure as "
                            f"{claim.id!r}", "a band rests on claims of its own metric, "
                            "'about' and 'subject'")
            else:
                found.append(other)
        return found

    def basis_rule(self, path: YamlPath, claim: Claim, listed: list[Claim]) -> None:
        assert claim.basis is not None
        basis = claim.basis
        if (basis.rule == "held") != (claim.metric == "place_held"):
            self.report((*path, "basis", "rule"), f"rule {basis.rule!r} does not fit metric "
                        f"{claim.metric!r}", "'held' is the rule for place_held, 'span' for "
                        "every other metric")
            return
        try:
            derive(basis, claim.metric, self.claims_by_id)
        except BandError as exc:
            self.report((*path, "basis"), f"claim {claim.id!r}: no band can be derived: {exc}")
        self.alone(path, claim, listed)

    def alone(self, path: YamlPath, claim: Claim, listed: list[Claim]) -> None:
        assert claim.basis is not None
        whose = camps(listed)
        if len(whose) == 1 and not claim.basis.alone:
            [camp] = whose
            who = "third parties" if camp == THIRD else f"side {camp!r}"
            self.report((*path, "basis", "claims"), f"the band of {claim.id!r} rests on "
                        f"figures of {who} alone", "list claims of other parties, or say in "
                        "'alone' that no other party gave a figure")
        elif len(whose) > 1 and claim.basis.alone:
            self.report((*path, "basis", "alone"), f"the band of {claim.id!r} rests on "
                        f"figures of {len(whose)} camps, not one alone", "leave 'alone' out")


def _marked(scenario: Scenario) -> Iterator[tuple[str, YamlPath, Marked]]:
    """Everything that can carry an estimate mark, with what it is and its path."""
    for i, place in enumerate(scenario.map.places):
        yield "place", ("map", "places", i), place
    for i, area in enumerate(scenario.map.off_map):
        yield "off-map area", ("map", "off_map", i), area
    for i, unit in enumerate(scenario.units):
        yield "unit", ("units", i), unit
    for i, entry in enumerate(scenario.timeline):
        yield ("order" if isinstance(entry, OrderEntry) else "inject"), ("timeline", i), entry


def _lacks(item: Marked, aspect: EstimateAspect) -> str | None:
    """Why *item* cannot have *aspect* estimated (it has no such field set), or None."""
    if isinstance(item, Unit) and aspect == "timing" and item.available is None:
        return "has no 'available' time"
    if isinstance(item, OrderEntry) and aspect == "route" and not (
            item.to or item.via or item.target):
        return "has no 'to', 'via' or 'target'"
    if isinstance(item, InjectEntry) and aspect == "position" and not item.places:
        return "names no 'places'"
    if isinstance(item, InjectEntry) and aspect == "figure" and item.people is None:
        return "gives no 'people'"
    if isinstance(item, Place) and aspect == "figure" and (
            item.population is None and item.stockpile is None):
        return "gives no 'population' or stockpile"
    if isinstance(item, OffMap) and aspect == "figure" and item.stockpile is None:
        return "has no stockpile"
    return None


def _name(item: Marked) -> str:
    if isinstance(item, OrderEntry | InjectEntry):
        return item.id or item.title
    return item.id


def _a(what: str) -> str:
    """*what* with its article: ``a unit``, ``an order``."""
    return f"an {what}" if what.startswith(("o", "i")) else f"a {what}"
