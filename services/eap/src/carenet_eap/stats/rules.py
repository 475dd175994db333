"""Small-cell suppression for published statistics, with complementary suppression.

Primary: every published count under the threshold (default 5, zero included) is withheld.
Complementary: a withheld count must not be recomputable from what is published — a table
publishes its cells, one margin per dimension and the grand total, and these add up (each margin
line is an equation). A withheld entry is recomputable exactly when its unit vector lies in the
row space of those equations restricted to the withheld entries; while one is, the smallest
published entry of an equation containing it is withheld too (cells before margins before total).
"""

from __future__ import annotations

import itertools
from collections.abc import Hashable, Sequence
from dataclasses import dataclass, field
from fractions import Fraction

Key = tuple[str, ...]
# ("cell", key) | ("margin", dim_index, value) | ("total",)
Entry = tuple[Hashable, ...]
TOTAL: Entry = ("total",)
# How many candidates are tried ahead for each complementary suppression (bounds the work on big tables).
MAX_LOOKAHEAD = 24


@dataclass
class SuppressedTable:
    dims: list[str]
    cells: dict[Key, int | None]
    margins: list[dict[str, int | None]] = field(default_factory=list)
    total: int | None = None
    primary: set[Entry] = field(default_factory=set)
    complementary: set[Entry] = field(default_factory=set)


def _equations(dims: Sequence[str], values: Sequence[Sequence[str]]) -> list[tuple[list[Entry], Entry]]:
    """Each equation: sum(members) == head."""
    keys = list(itertools.product(*values))
    if len(dims) == 1:
        return [([("cell", k) for k in keys], TOTAL)]
    eqs: list[tuple[list[Entry], Entry]] = []
    for i, vals in enumerate(values):
        for v in vals:
            eqs.append(([("cell", k) for k in keys if k[i] == v], ("margin", i, v)))
        eqs.append(([("margin", i, v) for v in vals], TOTAL))
    return eqs


def recomputable(equations: Sequence[tuple[list[Entry], Entry]], withheld: set[Entry]) -> set[Entry]:
    """The withheld entries whose value follows from the equations and the published entries."""
    order = sorted(withheld, key=repr)
    col = {e: j for j, e in enumerate(order)}
    rows: list[list[Fraction]] = []
    for members, head in equations:
        row = [Fraction(0)] * len(order)
        for m in members:
            if m in col:
                row[col[m]] += 1
        if head in col:
            row[col[head]] -= 1
        if any(row):
            rows.append(row)
    # Reduced row echelon form.
    pivot_row = 0
    for j in range(len(order)):
        pr = next((r for r in range(pivot_row, len(rows)) if rows[r][j] != 0), None)
        if pr is None:
            continue
        rows[pivot_row], rows[pr] = rows[pr], rows[pivot_row]
        p = rows[pivot_row][j]
        rows[pivot_row] = [x / p for x in rows[pivot_row]]
        for r in range(len(rows)):
            if r != pivot_row and rows[r][j] != 0:
                f = rows[r][j]
                rows[r] = [a - f * b for a, b in zip(rows[r], rows[pivot_row], strict=True)]
        pivot_row += 1
    out = set()
    for row in rows[:pivot_row]:
        nz = [j for j, x in enumerate(row) if x != 0]
        if len(nz) == 1:
            out.add(order[nz[0]])
    return out


def _rank(e: Entry) -> int:
    return {"cell": 0, "margin": 1, "total": 2}[str(e[0])]


def suppress(
    dims: Sequence[str], values: Sequence[Sequence[str]], counts: dict[Key, int], *, threshold: int = 5
) -> SuppressedTable:
    """Publish a table of `counts` (missing keys count 0) with primary and complementary suppression."""
    keys = list(itertools.product(*values))
    value: dict[Entry, int] = {("cell", k): counts.get(k, 0) for k in keys}
    if len(dims) > 1:
        for i, vals in enumerate(values):
            for v in vals:
                value[("margin", i, v)] = sum(counts.get(k, 0) for k in keys if k[i] == v)
    value[TOTAL] = sum(counts.get(k, 0) for k in keys)
    equations = _equations(dims, values)
    primary = {e for e, n in value.items() if n < threshold}
    withheld = set(primary)
    while True:
        exposed = recomputable(equations, withheld)
        if not exposed:
            break
        # Candidates: published entries sharing an equation with an exposed one. Withhold the one that
        # leaves the fewest entries exposed (it closes a rectangle rather than opening a new line),
        # then cells before margins, then the smallest value.
        candidates = {
            m
            for members, head in equations
            if exposed & {*members, head}
            for m in (*members, head)
            if m not in withheld
        }
        if not candidates:  # exposed only through a chain: widen to anything next to a withheld entry
            candidates = {
                m
                for members, head in equations
                if withheld & {*members, head}
                for m in (*members, head)
                if m not in withheld
            }
        if not candidates:
            break
        shortlist = sorted(candidates, key=lambda m: (_rank(m), value[m], repr(m)))[:MAX_LOOKAHEAD]
        choice = min(
            shortlist, key=lambda m: (len(recomputable(equations, withheld | {m})), _rank(m), value[m], repr(m))
        )
        withheld.add(choice)

    def shown(e: Entry) -> int | None:
        return None if e in withheld else value[e]

    table = SuppressedTable(
        dims=list(dims),
        cells={k: shown(("cell", k)) for k in keys},
        total=shown(TOTAL),
        primary=primary,
        complementary=withheld - primary,
    )
    if len(dims) > 1:
        table.margins = [{v: shown(("margin", i, v)) for v in vals} for i, vals in enumerate(values)]
    return table
