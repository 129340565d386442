"""The subset fonts draw German and European text exactly as KERN's full fonts do: Chromium
renders the same line with both, face by face, and the pixels must be identical (no missing
glyph in "Öffentlichkeitsbeteiligung", "Straße", "€", „Anführungszeichen“ or "Łukasz
Dvořák", no changed kerning)."""

import shutil
from pathlib import Path

import pytest
from PIL import Image, ImageChops

ROOT = Path(__file__).resolve().parents[2]
FULL = ROOT / "node_modules" / "@kern-ux" / "native" / "dist" / "fonts" / "fira-sans"
SUBSET = ROOT / "src" / "mitwirken" / "core" / "static" / "vendor" / "kern" / "fonts" / "fira-sans"
FACES = [("Regular", 400, "normal"), ("Medium", 500, "normal"), ("SemiBold", 600, "normal")]
FACES += [("Bold", 700, "normal"), ("Italic", 400, "italic")]
TEXT = (
    "Öffentlichkeitsbeteiligung in der Straße – 12,50 € – „Anführungszeichen“ – "
    "Łukasz Dvořák → Ștefan"
)


def _page(folder: Path) -> Path:
    rules, lines = [], []
    for name, weight, style in FACES:
        shutil.copy(FULL / f"FiraSans-{name}.woff2", folder / f"full-{name}.woff2")
        shutil.copy(SUBSET / f"FiraSans-{name}.woff2", folder / f"subset-{name}.woff2")
        for kind in ("full", "subset"):
            rules.append(
                f"@font-face{{font-family:{kind};src:url('{kind}-{name}.woff2');"
                f"font-weight:{weight};font-style:{style}}}"
            )
            lines.append(
                f'<p class="{kind}" style="font-family:{kind};font-weight:{weight};'
                f'font-style:{style}">{TEXT}</p>'
            )
    html = folder / "fonts.html"
    html.write_text(
        f"<!DOCTYPE html><meta charset=utf-8><style>{''.join(rules)}"
        f"body{{font-size:20px;margin:10px}}p{{margin:4px 0}}</style>{''.join(lines)}"
    )
    return html


def test_the_subset_fonts_render_text_exactly_as_the_full_fonts(browser, tmp_path):
    if not FULL.exists():
        pytest.skip("KERN's full fonts are not installed (npm ci)")
    page = browser.new_page(viewport={"width": 1000, "height": 330})
    page.goto(_page(tmp_path).as_uri())
    page.evaluate("document.fonts.ready")
    statuses = page.evaluate("Array.from(document.fonts).map(font => font.status)")
    assert statuses == ["loaded"] * 2 * len(FACES)
    page.screenshot(path=tmp_path / "fonts.png")
    boxes = page.evaluate(
        "Array.from(document.querySelectorAll('p')).map(p => {"
        "const r = p.getBoundingClientRect(); return [r.x, r.y, r.right, r.bottom]})"
    )
    page.close()
    shot = Image.open(tmp_path / "fonts.png").convert("RGB")
    for (name, _weight, _style), full, subset in zip(FACES, boxes[::2], boxes[1::2], strict=True):
        drawn_full = shot.crop(tuple(int(value) for value in full))
        drawn_subset = shot.crop(tuple(int(value) for value in subset))
        assert ImageChops.difference(drawn_full, drawn_subset).getbbox() is None, name
