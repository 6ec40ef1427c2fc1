"""Calibration bands derived from claims by a written rule.

A banded claim records in ``basis`` the claims its band rests on and the rule that turns
their figures into the band (:class:`~scenario.models.BandBasis`). :func:`derive` applies
the rule; :func:`camps` says whose figures a band rests on, so that a band resting on one
side's figures alone (or on third parties' alone) can be told apart.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from scenario.models import BandBasis, Claim, ClaimMetric

SHARES: frozenset[ClaimMetric] = frozenset({"place_held", "stockpile_fraction_destroyed"})
"""Metrics whose figures are shares from 0 to 1: a band on them stays between 0 and 1."""

THIRD = "third parties"
"""The camp of claims that speak for neither side."""


class BandError(ValueError):
    """A band cannot be derived: a claim is missing, has no figure, or the claims disagree."""


def figure(claim: Claim) -> tuple[float, float]:
    """The claim's figure as ``(low, high)``: its range, or its value twice.

    Raises:
        BandError: the claim has neither a value nor a range.
    """
    if claim.range is not None:
        return claim.range
    if claim.value is not None:
        return claim.value, claim.value
    raise BandError(f"claim {claim.id!r} has no figure")


def derive(basis: BandBasis, metric: ClaimMetric, claims: Mapping[str, Claim]
           ) -> tuple[float, float]:
    """The band that *basis* gives for a claim of *metric*, from the *claims* by id.

    Raises:
        BandError: a listed claim is unknown or has no figure, or (rule ``held``) the
            claims do not all say the same.
    """
    listed = [_claim(claims, ident) for ident in basis.claims]
    if basis.rule == "held":
        return _held(basis, listed)
    lows, highs = zip(*(figure(c) for c in listed), strict=True)
    low, high = min(lows) * (1.0 - basis.below), max(highs) * (1.0 + basis.above)
    if metric in SHARES:
        low, high = max(low, 0.0), min(high, 1.0)
    return low, high


def _claim(claims: Mapping[str, Claim], ident: str) -> Claim:
    if ident not in claims:
        raise BandError(f"unknown claim {ident!r}")
    return claims[ident]


def _held(basis: BandBasis, listed: Iterable[Claim]) -> tuple[float, float]:
    """``[1 - below, 1]`` if every claim says held, ``[0, above]`` if every one says not."""
    said = {figure(c)[0] >= 0.5 and figure(c)[1] >= 0.5 for c in listed}
    if len(said) != 1:
        raise BandError("the claims disagree on whether the place is held")
    return (1.0 - basis.below, 1.0) if said.pop() else (0.0, basis.above)


def camps(claims: Iterable[Claim]) -> set[str]:
    """Whose figures *claims* are: the sides they speak for, and :data:`THIRD` for others."""
    return {claim.side or THIRD for claim in claims}


def parties(claims: Iterable[Claim]) -> set[tuple[str, str | None]]:
    """The parties of *claims*, each as ``(party, side)``."""
    return {(claim.party, claim.side) for claim in claims}
