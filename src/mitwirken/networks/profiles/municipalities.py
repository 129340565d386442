"""The official municipality key (*Amtlicher Gemeindeschlüssel*, AGS): eight digits, the first
two the state (01 Schleswig-Holstein … 16 Thüringen), the first five the district (*Kreis*),
all eight the municipality (Köln: 05315000, in district 05315, in state 05).

No well-kept package on PyPI carries the official list of municipalities (Destatis'
Gemeindeverzeichnis GV100AD must be downloaded from Destatis; ``gv100ad-py`` only reads that
file). So the key is checked for its form and its state, the state's name is derived from it,
and the person types the municipality's name.
"""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# The 16 states by the first two digits of the key (proper names: not translated).
STATES = {
    "01": "Schleswig-Holstein",
    "02": "Hamburg",
    "03": "Niedersachsen",
    "04": "Bremen",
    "05": "Nordrhein-Westfalen",
    "06": "Hessen",
    "07": "Rheinland-Pfalz",
    "08": "Baden-Württemberg",
    "09": "Bayern",
    "10": "Saarland",
    "11": "Berlin",
    "12": "Brandenburg",
    "13": "Mecklenburg-Vorpommern",
    "14": "Sachsen",
    "15": "Sachsen-Anhalt",
    "16": "Thüringen",
}
_KEY = re.compile(r"[0-9]{8}")


def normalise_key(value: str) -> str:
    """What people type (``05 3 15 000``, ``05315000``) without spaces and dots."""
    return re.sub(r"[\s.]", "", value or "")


def validate_key(value: str) -> None:
    if not _KEY.fullmatch(value):
        raise ValidationError(
            _(
                "The official municipality key has exactly 8 digits, e.g. 05315000 for Köln. "
                "You find it in the municipality list of the Federal Statistical Office."
            ),
            code="municipality_key_format",
        )
    if value[:2] not in STATES:
        raise ValidationError(
            _(
                "The official municipality key starts with the number of a state, from 01 "
                "(Schleswig-Holstein) to 16 (Thüringen)."
            ),
            code="municipality_key_state",
        )


def state_code(key: str) -> str:
    return key[:2] if key else ""


def state_name(key: str) -> str:
    return STATES.get(state_code(key), "")


def district_key(key: str) -> str:
    return key[:5] if key else ""
