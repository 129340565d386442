#!/usr/bin/env bash
# Refresh the vendored front-end files (KERN UX CSS and fonts, htmx) from the npm packages
# pinned in package.json / package-lock.json. Run through `make kern`; commit the result.
set -euo pipefail
cd "$(dirname "$0")/.."
npm ci --no-audit --no-fund --silent
kern=node_modules/@kern-ux/native
dest=src/mitwirken/core/static/vendor
rm -rf "$dest/kern" "$dest/htmx"
mkdir -p "$dest/kern/fonts/fira-sans" "$dest/htmx"
cp "$kern/dist/kern.min.css" "$kern/LICENSE.md" "$dest/kern/"
# The faces mitwirken uses, subset to Latin … Latin Extended-A (a tenth of the size), with
# their stylesheet (font-display: swap, unicode-range).
uv=$(command -v uv || echo .tools/bin/uv)
"$uv" run --frozen python scripts/subset_fonts.py "$kern/dist/fonts" "$dest/kern/fonts"
cp scripts/fonts/fira-sans-OFL.txt "$dest/kern/fonts/fira-sans/OFL.txt"
cp node_modules/htmx.org/dist/htmx.min.js node_modules/htmx.org/LICENSE "$dest/htmx/"
echo "KERN UX $(node -p "require('./$kern/package.json').version"), htmx $(node -p "require('./node_modules/htmx.org/package.json').version") vendored into $dest"
