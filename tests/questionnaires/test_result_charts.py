"""The results as a page shows them: an SVG bar chart per question (no script, no style
attribute, an image with a title) and a table with the same figures, German numbers."""

import re

import pytest
from django.template.loader import render_to_string
from django.utils import translation
from django_scopes import scope

from mitwirken.questionnaires import charts
from mitwirken.questionnaires.results import Bar, questionnaire_results

from .answers import Survey

pytestmark = pytest.mark.django_db


@pytest.fixture
def page(org_a):
    survey = Survey(org_a)
    with scope(organisation=org_a), translation.override("de"):
        results = questionnaire_results(survey.questionnaire)
        html = render_to_string("questionnaires/results/questionnaire.html", {"results": results})
    return survey, html


def _section(html, label):
    start = html.index(f">{label}</h2>")
    end = html.find("<section", start)
    return html[start : end if end > 0 else len(html)]


def test_every_chart_is_an_image_with_a_title_and_has_a_table(page):
    _survey, html = page
    svgs = re.findall(r"<svg[^>]*>.*?</svg>", html, re.S)
    assert len(svgs) == 9  # every question but the free text
    for svg in svgs:
        chart_id = re.search(r'aria-labelledby="([^"]+)"', svg).group(1)
        assert 'role="img"' in svg and f'<title id="{chart_id}">Balkendiagramm: ' in svg
        assert "Die Tabelle darunter enthält dieselben Zahlen." in svg
    assert html.count("<table") == 9
    # the strict CSP: nothing inline, nothing from elsewhere
    assert "style=" not in html and "<script" not in html
    assert " src=" not in html and 'href="http' not in html


def test_figures_are_german_and_coordinates_are_svg_numbers(page):
    _survey, html = page
    themes = _section(html, "Themen")
    # 2 of 3 people who answered chose Klima: 66,7 % in the table and beside the bar
    assert re.search(
        r'<th scope="row" class="kern-table__cell">Klima</th>\s*'
        r"<td[^>]*>2</td>\s*<td[^>]*>66,7\xa0%</td>",
        themes,
    )
    assert "2 (66,7\xa0%)</text>" in themes
    assert "3 von 4 haben diese Frage beantwortet (75\xa0%)." in themes
    assert "mehr als 100 % ergeben" in themes
    # coordinates are written with a point, whatever the language
    for number in re.findall(r' (?:width|height|y|x)="([^"]+)"', themes):
        assert number == "100%" or re.fullmatch(r"[0-9]+(\.[0-9])?", number), number
    scale = _section(html, "Zufrieden?")
    assert "<dt>Mittelwert</dt>\n            <dd>4,3</dd>" in scale
    assert "<dd>1 (gar nicht)</dd>" in scale and "<dd>5 (sehr)</dd>" in scale
    assert "<dd>4</dd>" in scale  # the median, a whole number without decimals


def test_matrix_ranking_number_date_and_texts_render_their_tables(page):
    _survey, html = page
    matrix = _section(html, "Bewertung")
    assert re.search(
        r'<th scope="row" class="kern-table__cell">Essen</th>\s*'
        r"(<td[^>]*>[0-9]</td>\s*){5}<td[^>]*>2</td>\s*<td[^>]*>3</td>",
        matrix,
    )
    assert "Mittelwert je Zeile von „Bewertung“" in matrix
    ranking = _section(html, "Wichtig")
    assert re.search(
        r">Geld</th>\s*<td[^>]*>1,3</td>\s*<td[^>]*>2</td>\s*<td[^>]*>66,7\xa0%", ranking
    )
    number = _section(html, "Alter")
    assert "<dt>Kleinster Wert</dt>\n            <dd>30</dd>" in number
    assert ">30–32</th>" in number
    date = _section(html, "Anreise")
    assert "Vom 05.01.2024 bis zum 09.03.2024." in date and ">Februar 2024</th>" in date
    texts = _section(html, "Dienststelle")
    assert "<svg" not in texts and "Amt 2" in texts
    assert "=HYPERLINK(&quot;http://böse.example&quot;)" in texts  # escaped, shown as text


def test_the_filter_form_and_its_messages(org_a):
    survey = Survey(org_a)
    with scope(organisation=org_a), translation.override("de"):
        value = f"{survey.yes_no.pk}:1"
        results = questionnaire_results(survey.questionnaire, params={"filter": value})
        html = render_to_string("questionnaires/results/questionnaire.html", {"results": results})
        assert f'<option value="{value}" selected>ja</option>' in html
        assert '<label class="kern-label" for="results-filter">' in html
        assert "Nur die Antworten von Personen mit der Antwort „Wieder dabei?“: ja." in html
        assert "2 von 4 Antworten." in html and 'href="?"' in html
        results = questionnaire_results(survey.questionnaire, params={"filter": "1:<script>"})
        html = render_to_string("questionnaires/results/questionnaire.html", {"results": results})
        assert "Dieser Filter passt zu keiner Frage dieses Fragebogens" in html
        assert "<script>" not in html and "4 Antworten." in html


def test_a_chart_scales_its_bars_and_cuts_long_labels():
    with translation.override("de"):
        chart = charts.bar_chart(
            [Bar("kurz", 4, 80.0), Bar("ein sehr langer Text " * 5, 1, 20.0)],
            chart_id="c",
            title="Test",
        )
    assert chart.bars[0].width == chart.bar_area and chart.bars[1].width == "71"
    assert chart.bars[1].label.endswith("…") and len(chart.bars[1].label) == 30
    assert chart.bars[0].value_text == "4 (80\xa0%)"
    assert charts.bar_chart([], chart_id="c", title="leer") is None
    with translation.override("de"):
        assert (charts.decimal(1234.56), charts.percent(12.345), charts.decimal(None)) == (
            "1.234,6",
            "12,3\xa0%",
            "–",
        )
    with translation.override("en"):
        assert charts.percent(12.345) == "12.3\xa0%"
