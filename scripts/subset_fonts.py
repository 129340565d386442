"""Subset KERN's Fira Sans to what German and European names need, for `make kern`.

KERN ships each face with the whole Unicode range of Fira Sans (130–150 KB a file). mitwirken
keeps the faces its pages use (KERN's weights 400, 500 and 600, our 700, and the regular
italic for emphasis in texts), cut to Latin, Latin-1, Latin Extended-A, the Romanian
letters of Latin Extended-B, punctuation, € and arrows, with kerning, the standard OpenType features
and the hints, and writes a stylesheet with ``font-display: swap`` and the ``unicode-range`` of
the subset. Fira Sans is under the SIL Open Font License, which allows subsetting; the
licence travels in LICENSE.md.

    python scripts/subset_fonts.py SOURCE_FONTS_DIR TARGET_FONTS_DIR
"""

import sys
from pathlib import Path

from fontTools import subset

# (file, weight, style); the first is preloaded by the base template.
FACES = [
    ("FiraSans-Regular", 400, "normal"),
    ("FiraSans-SemiBold", 600, "normal"),
    ("FiraSans-Medium", 500, "normal"),
    ("FiraSans-Bold", 700, "normal"),
    ("FiraSans-Italic", 400, "italic"),
]
UNICODES = [
    (0x0020, 0x007E),  # Basic Latin
    (0x00A0, 0x00FF),  # Latin-1 Supplement: ä ö ü ß « » § €-less currency, ×
    (0x0100, 0x017F),  # Latin Extended-A: Ł ř č ő …
    (0x0218, 0x021B),  # Ș ș Ț ț (Romanian)
    (0x02C6, 0x02C7),  # ˆ ˇ
    (0x02DA, 0x02DC),  # ˚ ˛ ˜
    (0x1E9E, 0x1E9E),  # ẞ
    (0x2010, 0x2027),  # dashes, quotes „“ ‚‘, bullets, …
    (0x2030, 0x203A),  # ‰ ′ ″ ‹ ›
    (0x20AC, 0x20AC),  # €
    (0x2116, 0x2116),  # №
    (0x2122, 0x2122),  # ™
    (0x2190, 0x2193),  # ← ↑ → ↓
    (0x2212, 0x2212),  # −
]


def unicode_range() -> str:
    return ", ".join(
        f"U+{start:04X}" if start == end else f"U+{start:04X}-{end:04X}" for start, end in UNICODES
    )


def subset_face(source: Path, target: Path) -> None:
    options = subset.Options()
    options.flavor = "woff2"
    # fontTools' default features (kerning, ligatures, marks, locale forms, fractions …) and
    # the TrueType hints, which keep small text crisp on Windows.
    options.name_IDs = ["*"]  # keep the names, including copyright and licence
    options.notdef_outline = True
    font = subset.load_font(str(source), options)
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=[code for start, end in UNICODES for code in range(start, end + 1)])
    subsetter.subset(font)
    subset.save_font(font, str(target), options)


def main(source_dir: str, target_dir: str) -> None:
    source, target = Path(source_dir), Path(target_dir)
    (target / "fira-sans").mkdir(parents=True, exist_ok=True)
    rules = []
    for name, weight, style in FACES:
        subset_face(source / "fira-sans" / f"{name}.woff2", target / "fira-sans" / f"{name}.woff2")
        rules.append(
            "@font-face {\n"
            "    font-family: 'Fira Sans';\n"
            f'    src: url("./fira-sans/{name}.woff2") format("woff2");\n'
            f"    font-weight: {weight};\n"
            f"    font-style: {style};\n"
            "    font-display: swap;\n"
            f"    unicode-range: {unicode_range()};\n"
            "}\n"
        )
    header = (
        "/* Fira Sans from KERN UX, subset by scripts/subset_fonts.py (make kern): the faces\n"
        "   mitwirken uses, Latin to Latin Extended-A, punctuation, €. SIL Open Font License. */\n"
    )
    (target / "fira-sans.css").write_text(header + "\n".join(rules))


if __name__ == "__main__":
    main(*sys.argv[1:])
