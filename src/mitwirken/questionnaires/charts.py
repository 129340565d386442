"""Bar charts of results as server-side SVG (``questionnaires/results/bar_chart.html``): no
JavaScript, nothing from elsewhere, no style attribute (the strict CSP allows SVG
presentation attributes such as ``fill`` and ``width``), in the colours of KERN UX. Every
chart has a table beside it with the same numbers (the templates under
``questionnaires/results/kinds/``); the SVG is an image (``role="img"``) whose title says
what it shows and where its numbers are.

The geometry is computed here and handed to the template as text: the template language
would print a float with the German decimal comma, which SVG does not read."""

from dataclasses import dataclass

from django.utils import formats
from django.utils.translation import gettext as _

# KERN UX: the action colour (as the header's rule), the hued layout background, the border.
BAR_FILL = "#171a2b"
TRACK_FILL = "#f0f2f7"
TRACK_STROKE = "#c6cad9"
TEXT_FILL = "#171a2b"

WIDTH = 640
LABEL_WIDTH = 220  # the labels, right-aligned before the bars
VALUE_WIDTH = 120  # the figure after each bar
GAP = 8
ROW_HEIGHT = 30
BAR_HEIGHT = 18
FONT_SIZE = 14
LABEL_CHARACTERS = 30  # longer labels are cut with "…" (the table has them in full)
NBSP = "\u00a0"


def decimal(number, places=1) -> str:
    """A number in the active language's format: 12,5 in German; an int without decimals;
    "–" for none."""
    if number is None:
        return "–"
    if float(number).is_integer() and places:
        return formats.number_format(int(number), 0, use_l10n=True, force_grouping=True)
    return formats.number_format(
        round(float(number), places), places, use_l10n=True, force_grouping=True
    )


def percent(number, places=1) -> str:
    return "–" if number is None else f"{decimal(number, places)}{NBSP}%"


def _svg_number(number) -> str:
    """A coordinate as SVG reads it (a point, never a comma)."""
    return f"{number:.1f}".rstrip("0").rstrip(".")


def _short(label) -> str:
    label = " ".join(str(label).split())
    return label if len(label) <= LABEL_CHARACTERS else label[: LABEL_CHARACTERS - 1] + "…"


@dataclass
class ChartBar:
    label: str
    y: str
    text_y: str
    width: str
    value_x: str
    value_text: str


@dataclass
class BarChart:
    id: str
    title: str
    bars: list
    width: str = str(WIDTH)
    height: str = "0"
    label_x: str = str(LABEL_WIDTH)
    bar_x: str = str(LABEL_WIDTH + GAP)
    bar_area: str = str(WIDTH - LABEL_WIDTH - VALUE_WIDTH - 2 * GAP)
    bar_height: str = str(BAR_HEIGHT)
    font_size: str = str(FONT_SIZE)
    bar_fill: str = BAR_FILL
    track_fill: str = TRACK_FILL
    track_stroke: str = TRACK_STROKE
    text_fill: str = TEXT_FILL


def bar_chart(bars, *, chart_id, title, scale=None) -> BarChart | None:
    """A horizontal bar chart of ``bars`` (``results.Bar``): by count (with its percentage),
    or, with ``scale=(low, high)``, by each bar's ``value`` on that scale (a matrix row's
    mean). None when there is nothing to draw."""
    bars = list(bars)
    if not bars:
        return None
    area = WIDTH - LABEL_WIDTH - VALUE_WIDTH - 2 * GAP
    if scale is None:
        most = max((bar.count for bar in bars), default=0)
    chart_bars = []
    for index, bar in enumerate(bars):
        if scale is None:
            share = bar.count / most if most else 0
            text = f"{decimal(bar.count, 0)}"
            if bar.percent is not None:
                text += f" ({percent(bar.percent)})"
        else:
            low, high = scale
            value = bar.value
            share = 0 if value is None or high <= low else (value - low) / (high - low)
            text = decimal(value)
        share = min(max(share, 0), 1)
        top = GAP + index * ROW_HEIGHT
        width = area * share
        chart_bars.append(
            ChartBar(
                label=_short(bar.label),
                y=_svg_number(top + (ROW_HEIGHT - BAR_HEIGHT) / 2),
                text_y=_svg_number(top + ROW_HEIGHT / 2 + FONT_SIZE / 3),
                width=_svg_number(width),
                value_x=_svg_number(LABEL_WIDTH + 2 * GAP + area),
                value_text=text,
            )
        )
    return BarChart(
        id=chart_id,
        title=_("Bar chart: %(title)s. The table below holds the same figures.") % {"title": title},
        bars=chart_bars,
        height=_svg_number(2 * GAP + len(bars) * ROW_HEIGHT),
    )


def chart_of(result) -> BarChart | None:
    """The chart of one question's result (``results.QuestionResult``), if it has one."""
    from . import reading

    if result.read_as == reading.TEXT or not result.answered:
        return None
    chart_id = f"chart-{result.question.pk}"
    if result.read_as == reading.MATRIX:
        title = _("mean per row of “%(question)s”") % {"question": result.label}
        return bar_chart(result.bars, chart_id=chart_id, title=title, scale=(0, result.maximum))
    if result.read_as == reading.RANKING:
        title = _("how often each option of “%(question)s” was put first") % {
            "question": result.label
        }
        return bar_chart(result.bars, chart_id=chart_id, title=title)
    return bar_chart(
        result.bars,
        chart_id=chart_id,
        title=_("answers to “%(question)s”") % {"question": result.label},
    )
