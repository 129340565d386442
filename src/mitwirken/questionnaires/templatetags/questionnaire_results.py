"""Filters of the results templates: numbers in the active language's format and the chart
of a question's result."""

from django import template

from mitwirken.questionnaires import charts

register = template.Library()


@register.filter
def decimal(number, places=1):
    """12,5 in German (an int without decimals), "–" for none."""
    return charts.decimal(number, int(places))


@register.filter
def percent(number, places=1):
    """12,5 % in German, "–" for none."""
    return charts.percent(number, int(places))


@register.filter
def result_chart(result):
    """The bar chart of a ``results.QuestionResult`` (None for free texts)."""
    return charts.chart_of(result)
