"""The fonts are subset (scripts/subset_fonts.py, `make kern`): every character the portal's
own texts use, and those of German and European names, must still be in every face — a
missing one would be drawn in a fallback font, or as a box."""

from pathlib import Path

import polib
import pytest
from fontTools.ttLib import TTFont

SRC = Path(__file__).resolve().parents[2] / "src" / "mitwirken"
FONTS = SRC / "core" / "static" / "vendor" / "kern" / "fonts"
FACES = sorted((FONTS / "fira-sans").glob("*.woff2"))
NAMES = "Öffentlichkeitsbeteiligung Straße € „Anführungszeichen“ ‚halbe‘ Łukasz Dvořák Şahin "
NAMES += "Ștefan Țuțu Gödöllő Søren Ærø François Jiří Ñuñez Œuvre — … → ẞ № ™ × ½ § © ° « »"


def _characters_of_the_portal() -> set[str]:
    texts = [entry.msgstr for entry in polib.pofile(SRC / "locale/de/LC_MESSAGES/django.po")]
    texts += [path.read_text() for path in SRC.rglob("*.html")]
    return {char for text in texts for char in text if char.isprintable() and char != " "}


def test_only_the_faces_the_pages_use_are_shipped():
    assert [face.stem for face in FACES] == [
        "FiraSans-Bold",
        "FiraSans-Italic",
        "FiraSans-Medium",
        "FiraSans-Regular",
        "FiraSans-SemiBold",
    ]
    assert (FONTS / "fira-sans" / "OFL.txt").read_text().count("SIL OPEN FONT LICENSE") >= 1
    for face in FACES:
        assert face.stat().st_size < 30_000, face  # the full faces were 130–150 KB
    stylesheet = (FONTS / "fira-sans.css").read_text()
    assert stylesheet.count("@font-face") == len(FACES)
    assert stylesheet.count("font-display: swap") == len(FACES)


@pytest.mark.parametrize("face", FACES, ids=lambda face: face.stem)
def test_every_face_has_every_character_of_the_portal_and_of_european_names(face):
    cmap = TTFont(face).getBestCmap()
    wanted = _characters_of_the_portal() | set(NAMES.replace(" ", ""))
    missing = sorted(char for char in wanted if ord(char) not in cmap)
    assert missing == [], f"{face.name} lacks {missing}"
