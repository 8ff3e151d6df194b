"""How a release's figures are shown: each value formatted as the tables print it, and a
table's chart drawn on the server as inline SVG, so it needs no script.

A chart is one bar a row for the table's chart column (its total row left out). It is an
image with a name: the chart's title and a sentence that says what it shows, both printed
beside it, so nothing is lost to someone who cannot see it; and the table follows it.
A value withheld or not available is drawn as a gap with its symbol written in, never as
a bar of 0. Every bar is the same colour, with its value written at its end: nothing is
told by colour alone.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from markupsafe import Markup, escape

from oversight import formatting
from oversight.statistics.compute.disclosure import NOT_APPLICABLE, NOT_AVAILABLE, SUPPRESSED
from oversight.statistics.compute.tables import ONE_IN
from oversight.statistics.content import Cell, Table
from oversight.statistics.outputs import dictionary

# The symbols of the government statistical tables convention, and what each means.
SYMBOL_MEANINGS = {
    SUPPRESSED: _l("confidential: withheld so that no one can be identified"),
    NOT_AVAILABLE: _l("not available"),
    NOT_APPLICABLE: _l("not applicable"),
}
# The short words a screen reader hears after a symbol in a table.
SYMBOL_NAMES = {
    SUPPRESSED: _l("confidential"),
    NOT_AVAILABLE: _l("not available"),
    NOT_APPLICABLE: _l("not applicable"),
}

# The drawing, in SVG units (CSS pixels when the chart is drawn at its own size).
WIDTH = 400
VALUE_SPACE = 85  # room to the right of the longest bar for its value
PLOT = WIDTH - VALUE_SPACE
ROW = 58  # each bar with its label above it
LABEL_BASELINE = 17
BAR_TOP = 24
BAR_HEIGHT = 22
GAP_WIDTH = 28
MARGIN = 8
FONT = "system-ui, -apple-system, Arial, sans-serif"
# GOV.UK blue on white (5.2:1) and GOV.UK text colours: each above 3:1 against white.
BAR_COLOUR = "#1d70b8"
TEXT_COLOUR = "#0b0c0c"
GAP_COLOUR = "#505a5f"


def figure(cell: Cell, format_: str) -> str:
    """A value as the tables print it: 1,234; 12.5 (days); 12.5 or 0.48 (rates, to at
    least two significant figures); 83.3%; 1 in 33,000; or its symbol."""
    if cell.get("symbol"):
        return str(cell["symbol"])
    value = cell.get("value")
    if value is None:
        return NOT_AVAILABLE
    if format_ == "count":
        return formatting.whole(value)
    if format_ == "percent":
        return formatting.percent(value)
    if format_ == "rate":
        return formatting.rate(value)
    if format_ == ONE_IN:
        return formatting.one_in(value)
    return formatting.decimal(value)


def symbol_meaning(symbol: str) -> str:
    return str(SYMBOL_MEANINGS[symbol])


def symbol_name(symbol: str) -> str:
    return str(SYMBOL_NAMES[symbol])


@dataclass(frozen=True)
class Bar:
    label: str
    value: float | None  # None for a gap
    symbol: str | None
    text: str  # the value as printed, or its symbol


@dataclass(frozen=True)
class Chart:
    id: str  # the HTML id its title and summary hang from
    title: str
    summary: str
    bars: list[Bar]
    svg: Markup

    @property
    def title_id(self) -> str:
        return f"{self.id}-title"

    @property
    def summary_id(self) -> str:
        return f"{self.id}-summary"


def bar_chart(table: Table, id_prefix: str = "chart") -> Chart | None:
    """The table's chart, or None if it has none."""
    chart = table.get("chart")
    if not chart:
        return None
    index = chart["column"]
    column = table["columns"][index]
    format_ = column["format"]
    bars = [
        Bar(
            label=row["label"],
            value=None if row["cells"][index]["symbol"] else row["cells"][index]["value"],
            symbol=row["cells"][index]["symbol"],
            text=figure(row["cells"][index], format_),
        )
        for row in table["rows"]
        if not row.get("total")
    ]
    totals = [row["cells"][index] for row in table["rows"] if row.get("total")]
    total = figure(totals[0], format_) if totals and not totals[0]["symbol"] else None
    chart_id = f"{id_prefix}-{table['id']}"
    title = _(
        "Chart for table %(number)s: %(title)s, %(column)s",
        number=table.get("number", ""),
        title=table["title"],
        column=column["label"],
    )
    measure = dictionary.chart_measure(table["id"], column["id"])
    return Chart(
        id=chart_id,
        title=title,
        summary=summary(bars, format_, measure, total),
        bars=bars,
        svg=draw(bars, f"{chart_id}-title {chart_id}-summary"),
    )


def _names(labels: list[str]) -> str:
    return formatting.word_list(labels)


def summary(bars: list[Bar], format_: str, measure: str | None, total: str | None) -> str:
    """One or two sentences that say what the chart shows: which row is highest, and
    how many values are gaps and why."""
    shown = [bar for bar in bars if bar.value is not None]
    sentences = []
    if not shown:
        sentences.append(_("No figure in this chart can be shown."))
    elif max(bar.value or 0 for bar in shown) == 0:
        if format_ == "count" and measure:
            sentences.append(_("There were no %(measure)s.", measure=measure))
        else:
            sentences.append(_("Every figure shown is 0."))
    else:
        sentences.append(_leader(shown, format_, measure, total))
    gaps = Counter(bar.symbol for bar in bars if bar.symbol)
    gap_words: tuple[tuple[str, Callable[[int], str]], ...] = (
        (
            SUPPRESSED,
            lambda n: ngettext(
                "%(num)s figure is withheld ([c]) so that no one can be identified.",
                "%(num)s figures are withheld ([c]) so that no one can be identified.",
                n,
            ),
        ),
        (
            NOT_AVAILABLE,
            lambda n: ngettext(
                "%(num)s figure is not available ([x]).",
                "%(num)s figures are not available ([x]).",
                n,
            ),
        ),
        (
            NOT_APPLICABLE,
            lambda n: ngettext(
                "%(num)s figure is not applicable ([z]).",
                "%(num)s figures are not applicable ([z]).",
                n,
            ),
        ),
    )
    for symbol, words in gap_words:
        if gaps[symbol]:
            sentences.append(words(gaps[symbol]))
    return " ".join(sentences)


def _leader(shown: list[Bar], format_: str, measure: str | None, total: str | None) -> str:
    top = max(bar.value or 0 for bar in shown)
    leaders = [bar for bar in shown if bar.value == top]
    names, value, tied = _names([bar.label for bar in leaders]), leaders[0].text, len(leaders) > 1
    if format_ == "count" and measure and total:
        if tied:
            return str(
                _(
                    "%(names)s had the most %(measure)s: %(value)s each, of %(total)s.",
                    names=names,
                    measure=measure,
                    value=value,
                    total=total,
                )
            )
        return str(
            _(
                "%(names)s had the most %(measure)s: %(value)s of %(total)s.",
                names=names,
                measure=measure,
                value=value,
                total=total,
            )
        )
    if format_ == "count" and measure:
        if tied:
            return str(
                _(
                    "%(names)s had the most %(measure)s: %(value)s each.",
                    names=names,
                    measure=measure,
                    value=value,
                )
            )
        return str(
            _(
                "%(names)s had the most %(measure)s: %(value)s.",
                names=names,
                measure=measure,
                value=value,
            )
        )
    if format_ == "days":
        return str(
            _(
                "%(names)s took the longest: %(value)s %(measure)s.",
                names=names,
                value=value,
                measure=measure or _("working days"),
            )
        )
    if format_ == "rate" and measure:
        return str(
            _(
                "%(names)s had the highest rate: %(value)s %(measure)s.",
                names=names,
                value=value,
                measure=measure,
            )
        )
    return str(_("%(names)s had the highest figure: %(value)s.", names=names, value=value))


def draw(bars: list[Bar], labelled_by: str) -> Markup:
    """The SVG: each row's label above its bar, the bar as long as its value is against
    the largest, and the value (or the gap's symbol) at the bar's end. It is one image
    to assistive technology: its name comes from the title and summary beside it."""
    largest = max((bar.value or 0 for bar in bars if bar.value is not None), default=0)
    height = 2 * MARGIN + ROW * len(bars)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="app-chart" role="img"'
        f' aria-labelledby="{escape(labelled_by)}" viewBox="0 0 {WIDTH} {height}"'
        f' width="{WIDTH}" height="{height}" font-family="{FONT}" font-size="17"'
        f' fill="{TEXT_COLOUR}">'
    ]
    for number, bar in enumerate(bars):
        top = MARGIN + number * ROW
        parts.append(
            f'<text class="app-chart__label" x="0" y="{top + LABEL_BASELINE}">'
            f"{escape(bar.label)}</text>"
        )
        value_y = top + BAR_TOP + BAR_HEIGHT - 5
        # The baseline each bar grows from, so a bar of 0 still shows where it would be.
        parts.append(
            f'<line x1="0.5" y1="{top + BAR_TOP - 3}" x2="0.5"'
            f' y2="{top + BAR_TOP + BAR_HEIGHT + 3}" stroke="{TEXT_COLOUR}"/>'
        )
        if bar.value is None:
            parts.append(
                f'<rect class="app-chart__gap" x="0.5" y="{top + BAR_TOP + 0.5}"'
                f' width="{GAP_WIDTH}" height="{BAR_HEIGHT - 1}" fill="none"'
                f' stroke="{GAP_COLOUR}" stroke-dasharray="4 3"/>'
                f'<text class="app-chart__value" x="{GAP_WIDTH + 6}" y="{value_y}">'
                f"{escape(bar.text)}</text>"
            )
            continue
        length = round(PLOT * bar.value / largest, 2) if largest else 0
        parts.append(
            f'<rect class="app-chart__bar" x="0" y="{top + BAR_TOP}" width="{length}"'
            f' height="{BAR_HEIGHT}" fill="{BAR_COLOUR}" data-value="{bar.value}"/>'
            f'<text class="app-chart__value" x="{length + 6}" y="{value_y}"'
            f' font-weight="bold">{escape(bar.text)}</text>'
        )
    parts.append("</svg>")
    return Markup("".join(parts))  # noqa: S704  (every text in it is escaped above)
