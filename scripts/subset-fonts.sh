#!/usr/bin/env bash
# Cuts the DejaVu Sans fonts embedded into PDFs (assets/fonts) down to the scripts salons write in: every Latin
# block (Vietnamese included), IPA and combining marks, Greek, Cyrillic, punctuation, currency, letterlike
# symbols, arrows, mathematical operators and geometric shapes. libharu 2.3.0 embeds only the outlines a
# document uses, but spends time and bytes on every character the font maps (a width for each, a CID-to-glyph
# map, the glyph index tables): with the full 6,000-character fonts a one-page invoice took about 45 ms of CPU
# and 185 KB, with these cuts about 12 ms and 50 KB. Run it again after a DejaVu upgrade; the output is
# committed, so building needs no fontTools.
# Usage: scripts/subset-fonts.sh   (needs fonts-dejavu-core and python3-fonttools)
set -euo pipefail
cd "$(dirname "$0")/.."
unicodes="U+0020-007E,U+00A0-024F,U+0259,U+02B0-02FF,U+0300-036F,U+0370-03FF,U+0400-04FF,U+1E00-1EFF"
unicodes+=",U+2000-206F,U+20A0-20BF,U+2100-214F,U+2190-21FF,U+2200-22FF,U+25A0-25FF,U+FB00-FB06,U+FFFD"
for face in DejaVuSans DejaVuSans-Bold; do
  # The names stay: the Bitstream Vera licence asks a modified font to avoid "Bitstream" and "Vera" only.
  # FFTM (FontForge's timestamps) cannot be subset and is dropped, quietly.
  /usr/bin/python3 -m fontTools.subset "/usr/share/fonts/truetype/dejavu/$face.ttf" --unicodes="$unicodes" \
    --layout-features='*' --name-IDs='*' --drop-tables+=FFTM --output-file="assets/fonts/$face.ttf"
done
ls -l assets/fonts
