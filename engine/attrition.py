"""Attrition laws: how two forces wear each other down in a round of combat.

Forces are measured in combat points (a unit's combat value times its strength). With
``A`` and ``B`` the two forces and ``alpha``, ``beta`` their effectiveness per hour,

- the square law (aimed fire) is ``dA/dt = -beta * B``, ``dB/dt = -alpha * A``;
- the linear law (area fire) is ``dA/dt = -beta * A * B``, ``dB/dt = -alpha * A * B``.

Both are solved in closed form here, so a round of any length follows the law exactly and
an engagement fought in rounds with draws replaced by their expected values traces the
analytic solution. :func:`draw_loss` turns an expected loss into a random one: a lognormal
draw with the expected value as its mean and a given coefficient of variation, taken at a
quantile *u* (the roll) so the log can show it.
"""

from __future__ import annotations

import math
from statistics import NormalDist

_NORMAL = NormalDist()


def square_law(a0: float, b0: float, alpha: float, beta: float, hours: float,
               ) -> tuple[float, float]:
    """Forces ``(A, B)`` after *hours* under the square law, never below zero.

    Examples:
        >>> a, b = square_law(100.0, 100.0, 0.1, 0.1, 1.0)
        >>> round(a, 3) == round(b, 3)
        True
    """
    if a0 <= 0 or b0 <= 0 or hours <= 0:
        return max(a0, 0.0), max(b0, 0.0)
    if alpha <= 0 or beta <= 0:
        return _one_sided(a0, b0, alpha, beta, hours)
    g = math.sqrt(alpha * beta)
    if g * hours > _FAR or not math.isfinite(beta / alpha * (alpha / beta)):
        return _square_law_scaled(a0, b0, alpha, beta, hours)
    ch, sh = math.cosh(g * hours), math.sinh(g * hours)
    a = a0 * ch - math.sqrt(beta / alpha) * b0 * sh
    b = b0 * ch - math.sqrt(alpha / beta) * a0 * sh
    if a < 0:  # A is wiped out first; the invariant alpha*A^2 - beta*B^2 gives B then
        return 0.0, math.sqrt(max(b0 * b0 - (alpha / beta) * a0 * a0, 0.0))
    if b < 0:
        return math.sqrt(max(a0 * a0 - (beta / alpha) * b0 * b0, 0.0)), 0.0
    return a, b


_FAR = 700.0
"""Past this ``g * hours`` (or with rates so unequal that their ratio overflows) the laws
are solved in a scaled form: ``cosh`` overflows at about 710."""


def _square_law_scaled(a0: float, b0: float, alpha: float, beta: float, hours: float,
                       ) -> tuple[float, float]:
    """The square law in scaled forces ``p = sqrt(alpha) A``, ``q = sqrt(beta) B``.

    Then ``p' = -g q`` and ``q' = -g p``: the weaker side is gone at the scaled time
    ``atanh(weaker / stronger)``, at most about 19, so ``cosh`` and ``sinh`` are only
    taken of small arguments and nothing overflows, however large the rates or the hours.
    """
    sa, sb = math.sqrt(alpha), math.sqrt(beta)
    p, q = sa * a0, sb * b0
    x = sa * sb * hours
    if p == q:
        fade = math.exp(-x)
        return a0 * fade, b0 * fade
    if p > q:
        b_gone = math.atanh(q / p)
        if x >= b_gone:
            return math.sqrt((p - q) * (p + q)) / sa, 0.0
    elif x >= math.atanh(p / q):
        return 0.0, math.sqrt((q - p) * (q + p)) / sb
    ch, sh = math.cosh(x), math.sinh(x)
    return (min(max((p * ch - q * sh) / sa, 0.0), a0),
            min(max((q * ch - p * sh) / sb, 0.0), b0))


def _one_sided(a0: float, b0: float, alpha: float, beta: float, hours: float,
               ) -> tuple[float, float]:
    """Square law when one side cannot hurt the other: losses fall linearly."""
    return max(a0 - beta * b0 * hours, 0.0), max(b0 - alpha * a0 * hours, 0.0)


def linear_law(a0: float, b0: float, alpha: float, beta: float, hours: float,
               ) -> tuple[float, float]:
    """Forces ``(A, B)`` after *hours* under the linear law, never below zero.

    ``A - (beta/alpha) B`` stays constant, which leaves a logistic equation for ``A``.
    """
    if a0 <= 0 or b0 <= 0 or hours <= 0 or alpha <= 0 or beta <= 0:
        return _linear_one_sided(a0, b0, alpha, beta, hours)
    d = a0 - (beta / alpha) * b0
    e = b0 - (alpha / beta) * a0  # B's own constant, so neither force loses precision
    a = max(_logistic(a0, d, alpha, hours), 0.0)
    b = max(_logistic(b0, e, beta, hours), 0.0)
    if not (math.isfinite(a) and math.isfinite(b)):  # a ratio of the rates overflowed
        return _linear_law_scaled(a0, b0, alpha, beta, hours)
    return a, b


def _linear_law_scaled(a0: float, b0: float, alpha: float, beta: float, hours: float,
                       ) -> tuple[float, float]:
    """The linear law in scaled forces ``p = alpha A``, ``q = beta B``.

    Then ``p' = q' = -p q``, so ``p - q`` is constant and each follows a logistic with
    rate 1, written without any ratio of the forces, so nothing overflows.
    """
    p, q = alpha * a0, beta * b0
    return (min(_logistic_scaled(p, p - q, hours) / alpha, a0),
            min(_logistic_scaled(q, q - p, hours) / beta, b0))


def _logistic_scaled(x0: float, d: float, hours: float) -> float:
    """``x(hours)`` for ``dx/dt = -x (x - d)``, ``x(0) = x0 >= 0``, with no ratio ``d/x0``."""
    if d == 0:
        return x0 / (1.0 + x0 * hours)
    fade = math.exp(-abs(d) * hours)
    if d > 0:
        return d * x0 / (x0 * (1.0 - fade) + d * fade)
    return -d * x0 * fade / (x0 * (1.0 - fade) - d)


def _logistic(x0: float, d: float, k: float, hours: float) -> float:
    """``x(hours)`` for ``dx/dt = -k x (x - d)``, ``x(0) = x0``, in an overflow-safe form."""
    if abs(d) < 1e-12 * max(x0, 1.0):
        return x0 / (1.0 + k * x0 * hours)
    if d > 0:
        return d / (1.0 - (1.0 - d / x0) * math.exp(-k * d * hours))
    shrink = math.exp(k * d * hours)  # multiplied through by exp(k*d*t): nothing overflows
    return d * shrink / (shrink - (1.0 - d / x0))


def _linear_one_sided(a0: float, b0: float, alpha: float, beta: float, hours: float,
                      ) -> tuple[float, float]:
    if a0 <= 0 or b0 <= 0 or hours <= 0:
        return max(a0, 0.0), max(b0, 0.0)
    return a0 * math.exp(-beta * b0 * hours), b0 * math.exp(-alpha * a0 * hours)


def draw_loss(expected: float, cv: float, u: float, cap: float) -> float:
    """A random loss with mean *expected* and coefficient of variation *cv*, at quantile *u*.

    The draw is lognormal; it is capped at *cap* (what is left to lose). With ``cv == 0``
    the expected value itself is returned (still capped).

    Raises:
        ValueError: *u* is not strictly between 0 and 1.
    """
    if not 0.0 < u < 1.0:
        raise ValueError(f"quantile u must lie strictly between 0 and 1, not {u}")
    if expected <= 0:
        return 0.0
    if cv <= 0:
        return min(expected, cap)
    sigma = math.sqrt(math.log1p(cv * cv))
    mu = math.log(expected) - sigma * sigma / 2
    return min(math.exp(mu + sigma * _NORMAL.inv_cdf(u)), cap)
