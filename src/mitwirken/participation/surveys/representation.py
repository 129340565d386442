"""Who took part ("Wen wir erreicht haben – wer hier lebt"): for each demographic question of
a survey (age group, gender, district), the share of each option among the respondents who
answered it, beside the population's share that staff entered (census figures), and the
groups that are under-represented by more than the survey's margin. One query per
question (at most three)."""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count
from django.utils.translation import gettext as _

from mitwirken.questionnaires.charts import bar_chart
from mitwirken.questionnaires.models import Answer
from mitwirken.questionnaires.results import Bar

from ..models_surveys import DemographicQuestion


@dataclass
class Group:
    label: str
    count: int
    share: float | None  # percent of the respondents who answered the question
    reference: float | None  # percent of the population (None: not entered)

    @property
    def gap(self) -> float | None:
        if self.share is None or self.reference is None:
            return None
        return self.share - self.reference


@dataclass
class Dimension:
    question: object
    source: str
    answered: int
    groups: list = field(default_factory=list)
    under: list = field(default_factory=list)  # the groups under-represented
    chart: object = None


def representation(survey) -> list[Dimension]:
    demographics = list(
        DemographicQuestion.objects.filter(survey=survey)
        .select_related("question")
        .prefetch_related("question__choices")
    )
    dimensions = []
    for demographic in demographics:
        question = demographic.question
        counts = dict(
            Answer.choices.through.objects.filter(answer__question=question)
            .values("choice_id")
            .annotate(n=Count("answer_id"))
            .values_list("choice_id", "n")
        )
        answered = sum(counts.values())
        dimension = Dimension(question=question, source=demographic.source, answered=answered)
        bars = []
        for choice in question.choices.all():
            count = counts.get(choice.pk, 0)
            reference = demographic.reference.get(str(choice.pk))
            group = Group(
                label=choice.label,
                count=count,
                share=count * 100 / answered if answered else None,
                reference=float(Decimal(reference)) if reference not in (None, "") else None,
            )
            dimension.groups.append(group)
            if group.gap is not None and group.gap < -survey.margin:
                dimension.under.append(group)
            bars.append(
                Bar(
                    label=_("%(group)s: reached") % {"group": choice.label},
                    count=count,
                    value=group.share or 0,
                )
            )
            bars.append(
                Bar(
                    label=_("%(group)s: living here") % {"group": choice.label},
                    count=0,
                    value=group.reference or 0,
                )
            )
        dimension.chart = bar_chart(
            bars,
            chart_id=f"reached-{question.pk}",
            title=_("Whom we reached – who lives here: %(question)s (percent)")
            % {"question": question.label},
            scale=(0, 100),
        )
        dimensions.append(dimension)
    return dimensions
