"""The evaluation dashboard of a project (staff): per module its figures (participants,
contributions by channel, …) and a link to its own evaluation, and the contributions of all
modules over time, week by week, as a chart with its table. Each module kind says what it
counts (``statistics`` in ``modules.register_module_kind``):

    statistics(module) -> ModuleStatistics(figures=[(label, number), ...],
                                            per_day={date: count}, url=staff url or "")
"""

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.utils.translation import gettext as _

from mitwirken.questionnaires.charts import bar_chart
from mitwirken.questionnaires.results import Bar

from .modules import module_kind


@dataclass
class ModuleStatistics:
    figures: list = field(default_factory=list)  # (label, number)
    per_day: dict = field(default_factory=dict)  # date -> contributions that day
    url: str = ""  # the module's own evaluation


@dataclass
class ModuleFigures:
    module: object
    statistics: ModuleStatistics


@dataclass
class Week:
    starts_on: date
    count: int


def _monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


def weeks_of(per_day: dict) -> list[Week]:
    """The contributions per calendar week, from the first to the last week with any (weeks
    without contributions included, so the chart shows the gaps)."""
    if not per_day:
        return []
    counts: dict[date, int] = {}
    for day, count in per_day.items():
        counts[_monday(day)] = counts.get(_monday(day), 0) + count
    first, last = min(counts), max(counts)
    weeks, monday = [], first
    while monday <= last:
        weeks.append(Week(monday, counts.get(monday, 0)))
        monday += timedelta(weeks=1)
    return weeks


MAX_WEEKS_IN_CHART = 60


def project_dashboard(project) -> dict:
    """What the dashboard shows: the figures of each module and the weekly contributions."""
    modules, per_day = [], {}
    for module in project.modules.all():
        kind = module_kind(module.kind)
        if kind is None or kind.statistics is None:
            continue
        statistics = kind.statistics(module)
        modules.append(ModuleFigures(module, statistics))
        for day, count in statistics.per_day.items():
            per_day[day] = per_day.get(day, 0) + count
    weeks = weeks_of(per_day)
    total = sum(week.count for week in weeks)
    shown = weeks[-MAX_WEEKS_IN_CHART:]
    chart = bar_chart(
        [
            Bar(
                label=_("week of %(date)s") % {"date": week.starts_on.strftime("%d.%m.%Y")},
                count=week.count,
                percent=100 * week.count / total if total else None,
            )
            for week in shown
        ],
        chart_id="contributions-per-week",
        title=_("contributions per week"),
    )
    return {"modules": modules, "weeks": weeks, "chart": chart, "total": total}
