"""A questionnaire in pages: a section (a question of the kind "section", not asked) starts
a new page with its title (its label) and intro (its help text); the questions before the
first section form page 1, without a title."""

from dataclasses import dataclass, field

from .kinds import find_kind

__all__ = ["Page", "split_pages"]


@dataclass
class Page:
    title: str = ""
    intro: str = ""
    questions: list = field(default_factory=list)
    section: object = None  # the section Question that starts it (None for page 1 without one)


def split_pages(questions) -> list[Page]:
    """The pages of these questions (in their order). No questions, no pages; a section
    without questions after it is a page of its own (an intro or closing text); questions of
    a kind no longer registered are left out."""
    pages = []
    for question in questions:
        kind = find_kind(question.kind)
        if kind is None:
            continue
        if not kind.is_question:
            pages.append(Page(title=question.label, intro=question.help_text, section=question))
            continue
        if not pages:
            pages.append(Page())
        pages[-1].questions.append(question)
    return pages
