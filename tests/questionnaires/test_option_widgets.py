"""The option lists render in Python (a survey page has hundreds of options) exactly as the
templates render them."""

import pytest

from mitwirken.questionnaires.kinds import (
    CheckboxSelectMultiple,
    HorizontalRadioSelect,
    OptionsInPython,
    RadioSelect,
)

CHOICES = [(1, "Auto"), (2, "Rad <b>&</b> „Bus“"), (3, "zu Fuß")]


def _both(widget, name, value, attrs=None):
    fast = widget.render(name, value, attrs)
    slow = super(OptionsInPython, widget).render(name, value, attrs)
    return str(fast), str(slow)


@pytest.mark.parametrize(
    "make, value",
    [
        (lambda: RadioSelect(choices=CHOICES), 2),
        (lambda: RadioSelect(choices=CHOICES), None),
        (lambda: CheckboxSelectMultiple(choices=CHOICES), [1, 3]),
        (lambda: HorizontalRadioSelect(choices=[(n, str(n)) for n in range(11)]), 7),
        (lambda: RadioSelect(choices=CHOICES, attrs={"required": True, "data-x": 'a"b'}), 1),
    ],
)
@pytest.mark.parametrize("attrs", [{"id": "id_q7"}, None])
def test_the_python_rendering_is_the_templates(make, value, attrs):
    fast, slow = _both(make(), "q7", value, attrs)
    assert fast == slow


def test_full_options_are_marked_and_disabled_the_same():
    widget = RadioSelect(choices=CHOICES)
    widget.full, widget.disable_full = {2}, True
    fast, slow = _both(widget, "q7", None, {"id": "id_q7"})
    assert fast == slow
    assert "disabled" in fast and "ausgebucht" in fast
