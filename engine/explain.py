"""Adjudications explained: each number of a log entry with the rule it came from.

:func:`explain` reads one log entry, as the umpire or a side was shown it
(:meth:`engine.log.LogEntry.seen_by`), and lists its inputs, odds, rolls and outcome, each
as a :class:`Line` naming where the number came from: a field of the scenario's rules
(``rules.combat.attrition_per_hour``), a unit type, a random draw, or the run itself. It
explains only what the entry holds, so a side's explanation shows its own half of a round
and the enemy's losses only as assessed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from engine.log import LogEntry
from scenario.models import Scenario


@dataclass(frozen=True)
class Line:
    """One number of an adjudication and where it came from."""

    label: str
    value: str
    source: str
    """The rule, unit type, draw or state the number came from."""


@dataclass(frozen=True)
class Explanation:
    """A log entry taken apart: its sentence, its numbers and what came of them."""

    title: str
    text: str
    lines: tuple[Line, ...]


Explainer = Callable[[Mapping[str, Any], Scenario], list[Line]]


def explain(entry: LogEntry, scenario: Scenario) -> Explanation:
    """The numbers behind *entry* (as its reader was shown it), with their sources."""
    explainer = EXPLAINERS.get(entry.kind, _plain)
    when = scenario.metadata.start + dt.timedelta(hours=entry.hours)
    title = f"{entry.kind.capitalize()}, {when:%d %b %H:%M} (entry {entry.seq})"
    return Explanation(title, entry.text, tuple(explainer(entry.data, scenario)))


def _combat(data: Mapping[str, Any], scenario: Scenario) -> list[Line]:
    """A round: the law and its rate, each side's units and postures, rolls and losses."""
    rules = scenario.rules.combat
    lines = [
        Line("Attrition law", rules.model.replace("_", " "), "rules.combat.model"),
        Line("Attrition rate", f"{rules.attrition_per_hour:g} per hour",
             "rules.combat.attrition_per_hour"),
        Line("Round length", f"{rules.round_minutes:g} min", "rules.combat.round_minutes"),
        Line("Spread of the losses", f"{rules.dispersion:g} (CV)", "rules.combat.dispersion"),
    ]
    if "forces" in data:  # the umpire's version: both sides
        for i, side in enumerate(("Attacker", "Defender")):
            lines += _side_lines(side, data, i, scenario)
    else:
        lines += _own_lines(data, scenario)
    for name, value in data.get("bonuses", {}).items():
        lines.append(Line(f"Defender's {name.replace('_', ' ')}", f"x{value:g}",
                          f"rules.combat.{name}"))
    return lines


def _side_lines(side: str, data: Mapping[str, Any], i: int,
                scenario: Scenario) -> list[Line]:
    """The umpire's lines for side *i* of a round."""
    stayed = data["attackers" if i == 0 else "defenders"]
    lines = _unit_lines(side, data["parts"][i], scenario, stayed) if "parts" in data else []
    return lines + [
        Line(f"{side}: force", f"{data['forces'][i]:.2f} pts", "sum of the units' points"),
        Line(f"{side}: multiplier", f"x{data['multipliers'][i]:.2f}",
             "force-weighted posture multipliers, times place bonuses"),
        Line(f"{side}: expected loss", f"{data['expected'][i]:.2f} pts",
             "the attrition law over the round"),
        Line(f"{side}: roll", f"{data['rolls'][i]:.2f}", "random draw (combat stream)"),
        Line(f"{side}: loss", f"{data['losses'][i]:.2f} pts = "
             f"{data['personnel'][i]:.0f} personnel, {data['vehicles'][i]:.0f} vehicles",
             "the roll on a lognormal around the expected loss; each unit the same share"),
    ]


def _own_lines(data: Mapping[str, Any], scenario: Scenario) -> list[Line]:
    """A side's lines of a round: its own half, and the enemy's losses as assessed."""
    low, high = data["enemy_personnel_assessed"]
    return _unit_lines("Own", data.get("parts", []), scenario, data.get("own_units", [])) + [
        Line("Own force", f"{data['force']:.2f} pts", "sum of the units' points"),
        Line("Own multiplier", f"x{data['multiplier']:.2f}",
             "force-weighted posture multipliers, times place bonuses"),
        Line("Own expected loss", f"{data['expected']:.2f} pts",
             "the attrition law over the round"),
        Line("Own roll", f"{data['roll']:.2f}", "random draw (combat stream)"),
        Line("Own loss", f"{data['loss']:.2f} pts = {data['personnel']:.0f} personnel, "
             f"{data['vehicles']:.0f} vehicles", "the roll on the expected loss"),
        Line("Enemy losses", f"{low:,.0f}-{high:,.0f} personnel (assessed)",
             "an assessment: rules.detection.assessment_spread"),
    ]


LEFT = "; left during the round: its points counted, it took no share of the loss"
"""Said of a unit that was in a round at its start and left before its end."""


def _unit_lines(side: str, parts: list[Mapping[str, Any]], scenario: Scenario,
                stayed: list[str]) -> list[Line]:
    """One line per unit in a round: its points and posture multiplier.

    A round's forces are those at its start, and its losses fall on the units still in it
    at its end (:mod:`engine.engagement`); a unit in *parts* but not in *stayed* left
    between the two, and its line says so.
    """
    names = {u.id: u.name for u in scenario.units}
    return [Line(f"{side}: {names.get(p['unit'], p['unit'])}",
                 f"{p['points']:.2f} pts, {p['posture'].replace('_', ' ')} "
                 f"x{p['multiplier']:g}" + ("" if p["unit"] in stayed else LEFT),
                 f"rules.combat.posture.{p['posture']}")
            for p in parts]


def _intercept(data: Mapping[str, Any], scenario: Scenario) -> list[Line]:
    """An air-defence shot: its chance by munition, the roll, the outcome."""
    unit = next((u for u in scenario.units if u.id == data["unit"]), None)
    where = (f"rules.unit_types.{unit.type}.air_defence.intercept.{data['munition']}"
             if unit is not None and "munition" in data else "the unit type's air defence")
    return [Line("Chance to intercept", f"{data['chance']:.2f}", where),
            Line("Roll", f"{data['roll']:.2f}", "random draw (intercept stream)"),
            Line("Outcome", "intercepted" if data["intercepted"] else "missed",
                 "intercepted when the roll is below the chance")]


def _damage(data: Mapping[str, Any], scenario: Scenario) -> list[Line]:
    """Damage to a unit hit by a strike (its own side's version, or the umpire's)."""
    lines = []
    if "mean" in data:
        lines.append(Line("Vehicles per munition (mean)", f"{data['mean']:g}",
                          f"rules.fires.effects.{data['munition']}.vehicles"))
        lines.append(Line("Spread", f"{scenario.rules.fires.dispersion:g} (CV)",
                          "rules.fires.dispersion"))
    if "draws" in data:
        lines.append(Line("Draws", ", ".join(f"{d:.1f}" for d in data["draws"]),
                          "one lognormal draw per munition through (fires stream)"))
    lines.append(Line("Vehicles lost", f"{data['vehicles']:.0f}", "the sum of the draws, "
                      "at most the vehicles the unit had"))
    lines.append(Line("Personnel lost", f"{data['personnel']:.0f}",
                      "the same share of the unit's personnel"))
    return lines


def _control(data: Mapping[str, Any], scenario: Scenario) -> list[Line]:
    """A place changing hands after being held uncontested."""
    rules = scenario.rules
    lines = [Line("Hold time (rule)", f"{rules.control.hold_hours:g} h",
                  "rules.control.hold_hours")]
    if "held" in data:
        lines.append(Line("Hold time (drawn)", f"{data['held']:.1f} h",
                          "friction: rules.friction.hold_spread around the rule"))
    return lines


def _strike(data: Mapping[str, Any], scenario: Scenario) -> list[Line]:
    """A stage of a strike's kill chain: its times, what got through, what was assessed."""
    start = scenario.metadata.start
    lines = [Line(f"{stage.capitalize()}", f"{start + dt.timedelta(hours=hours):%d %b %H:%M}",
                  STAGE_SOURCES.get(stage, "the run"))
             for stage, hours in data.get("chain", {}).items()]
    if "salvo" in data:
        lines.append(Line("Through air defence", f"{data['through']} of {data['salvo']}",
                          "one intercept roll per air-defence unit in range and munition"))
    for key in ("assessed", "damage"):
        if key in data:
            lines.append(Line(key.capitalize(), str(data[key]),
                              "rules.fires.effects; an assessment gives ranges "
                              "(rules.detection.assessment_spread)" if key == "assessed"
                              else "rules.fires.effects"))
    return lines


STAGE_SOURCES = {"detected": "the sighting the strike was aimed on",
                 "decided": "the order", "launched": "rules.fires.launch_minutes after",
                 "impact": "distance over the munition's speed",
                 "assessed": "rules.fires.assess_minutes after the impact"}
"""Where each stage's time in a kill chain comes from."""


def _plain(data: Mapping[str, Any], scenario: Scenario) -> list[Line]:
    """Any other entry: its figures as they are, from the run's state."""
    return [Line(key.replace("_", " "), _show(value), "the run") for key, value in
            data.items() if value is not None and key not in ("chain",)]


def _show(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:.2f}"
    if isinstance(value, list | tuple):
        return ", ".join(_show(v) for v in value)
    return str(value)


EXPLAINERS: dict[str, Explainer] = {"combat": _combat, "intercept": _intercept,
                                    "damage": _damage, "control": _control,
                                    "strike": _strike}
"""How each kind of entry is taken apart; other kinds list their figures."""
