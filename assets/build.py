#!/usr/bin/env python3
"""Build the portal's front-end assets into static/ (run by `make assets`).

Needs `npm ci` in assets/ first (the Makefile target does that) and the project venv's
Python (fontTools + brotli). Node.js is only needed here, never to run the portal: the
outputs are committed.

    static/dist/portal.css            KERN UX subset + portal styles (sass, compressed)
    static/dist/fonts/*.woff2         Fira Sans 400 + 600, subset to the unicode-range
                                      declared in assets/scss/_fonts.scss
    static/dist/fonts/OFL.txt         Fira Sans licence
    static/dist/KERN-LICENSE.md       KERN's EUPL-1.2 licence
    static/vendor/leaflet/            leaflet.js, leaflet.css, images/, LICENSE, VERSION

The build is deterministic: the same inputs give byte-identical outputs. Outputs are
written from scratch (static/dist/ and static/vendor/leaflet/ are build products only).
Paths are resolved relative to this file, so it can run from any directory.
"""

from __future__ import annotations

import gzip
import io
import json
import logging
import re
import shutil
import subprocess
import sys
from pathlib import Path

ASSETS = Path(__file__).resolve().parent
ROOT = ASSETS.parent
NODE_MODULES = ASSETS / "node_modules"
KERN = NODE_MODULES / "@kern-ux" / "native"
LEAFLET = NODE_MODULES / "leaflet"
SASS = NODE_MODULES / ".bin" / ("sass.cmd" if sys.platform == "win32" else "sass")

SCSS_ENTRY = ASSETS / "scss" / "portal.scss"
FONTS_SCSS = ASSETS / "scss" / "_fonts.scss"
OFL = ASSETS / "fonts" / "OFL.txt"

DIST = ROOT / "static" / "dist"
CSS_OUT = DIST / "portal.css"
FONTS_OUT = DIST / "fonts"
LEAFLET_OUT = ROOT / "static" / "vendor" / "leaflet"

# Fira Sans source file (in @kern-ux/native/dist/fonts/fira-sans/) -> output file.
# The output names must match $portal-font-faces in assets/scss/_fonts.scss.
FONTS = {
    "FiraSans-Regular.woff2": "fira-sans-400.woff2",
    "FiraSans-SemiBold.woff2": "fira-sans-600.woff2",
}
# TrueType hinting helps small text on Windows; dropping it would save ~15 KB (both fonts).
FONT_HINTING = True
# OpenType features kept: fontTools' defaults (kern, liga, calt, locl, frac, mark, …)
# plus tabular figures for numeric table columns (font-variant-numeric: tabular-nums).
FONT_EXTRA_FEATURES = ["tnum"]

# Custom properties that are plain palette/scale primitives. KERN declares ~300 of them
# (all colour palettes, every size step); the ones nothing refers to are removed from
# the compiled CSS. Semantic tokens (--kern-color-layout-*, --kern-metric-*,
# --kern-typography-*, …) are always kept, and so is any primitive that a rule or a
# kept token refers to, including ones used in assets/scss/_layout.scss.
PRIMITIVE_TOKEN = re.compile(
    r"--kern-(?:color-[a-z]+(?:-colorpalette-\d+)?-\d{3}|\d+|font-size-\d+)"
)


class BuildError(Exception):
    pass


# --------------------------------------------------------------------------------- checks


def check_node_modules() -> None:
    if not SASS.exists() or not KERN.is_dir() or not LEAFLET.is_dir():
        raise BuildError(
            "assets/node_modules is missing or incomplete: "
            "run `make assets` (or `cd assets && npm ci`)."
        )
    wanted = json.loads((ASSETS / "package.json").read_text(encoding="utf-8"))["dependencies"]
    for name, version in wanted.items():
        manifest = NODE_MODULES / name / "package.json"
        installed = json.loads(manifest.read_text(encoding="utf-8"))["version"]
        if installed != version:
            raise BuildError(
                f"{name} {installed} is installed but package.json pins {version}: "
                "run `cd assets && npm ci`."
            )


# ------------------------------------------------------------------------------------- CSS


def compile_scss() -> str:
    cmd = [
        str(SASS),
        "--style=compressed",
        "--no-source-map",
        "--no-error-css",
        "--quiet-deps",  # KERN's sources use Sass features that are deprecated upstream
        f"--load-path={NODE_MODULES}",
        str(SCSS_ENTRY),
    ]
    result = subprocess.run(cmd, capture_output=True, text=True, encoding="utf-8", cwd=ASSETS)
    if result.stderr.strip():
        print(result.stderr.rstrip(), file=sys.stderr)
    if result.returncode != 0:
        raise BuildError("sass failed")
    css = result.stdout
    # Compressed output starts with a BOM when the CSS has non-ASCII characters; the
    # stylesheet is served as UTF-8 anyway, and a BOM-less file diffs more cleanly.
    css = css.lstrip("\ufeff")
    if not css.endswith("\n"):
        css += "\n"
    return css


def _custom_property_declarations(css: str) -> list[tuple[int, int, str, str]]:
    """(start, end, name, value) of each `--name:value` declaration in compressed CSS.

    `end` is the index of the `;` or `}` that ends the value. Comments, strings and
    parentheses (url(), var(), color-mix()) are skipped correctly."""
    ident = re.compile(r"--[A-Za-z0-9_-]+")
    found = []
    i, n = 0, len(css)
    quote = None
    while i < n:
        c = css[i]
        if quote:
            if c == "\\":
                i += 2
                continue
            if c == quote:
                quote = None
            i += 1
            continue
        if c in "\"'":
            quote = c
        elif css.startswith("/*", i):
            i = css.index("*/", i + 2) + 2
            continue
        elif c in "{;":
            m = ident.match(css, i + 1)
            if m and css.startswith(":", m.end()):
                j, depth, q = m.end() + 1, 0, None
                while j < n:
                    ch = css[j]
                    if q:
                        if ch == "\\":
                            j += 2
                            continue
                        if ch == q:
                            q = None
                    elif ch in "\"'":
                        q = ch
                    elif ch in "([":
                        depth += 1
                    elif ch in ")]":
                        depth -= 1
                    elif depth == 0 and ch in ";}":
                        break
                    j += 1
                found.append((i + 1, j, m.group(0), css[m.end() + 1 : j]))
                i = j
                continue
        i += 1
    return found


VAR_REF = re.compile(r"var\(\s*(--[A-Za-z0-9_-]+)")


def _undeclared_references(css: str) -> set[str]:
    declared = {d[2] for d in _custom_property_declarations(css)}
    return set(VAR_REF.findall(css)) - declared


def prune_unused_primitive_tokens(css: str) -> tuple[str, int]:
    decls = _custom_property_declarations(css)
    chars = list(css)
    for start, end, _, _ in decls:
        chars[start:end] = " " * (end - start)
    outside = "".join(chars)  # the CSS without any custom-property declaration
    values: dict[str, list[str]] = {}
    for _, _, name, value in decls:
        values.setdefault(name, []).append(value)
    keep = set(VAR_REF.findall(outside)) | {
        name for name in values if not PRIMITIVE_TOKEN.fullmatch(name)
    }
    todo = list(keep)
    while todo:
        for value in values.get(todo.pop(), []):
            for ref in VAR_REF.findall(value):
                if ref not in keep:
                    keep.add(ref)
                    todo.append(ref)
    out, last, removed = [], 0, set()
    for start, end, name, _ in decls:
        if name in keep:
            continue
        removed.add(name)
        out.append(css[last:start])
        last = end + 1 if css[end] == ";" else end
    out.append(css[last:])
    pruned = "".join(out).replace(";}", "}")
    # Drop rules (and then @media blocks) that became empty.
    empty = re.compile(r"(?<=[{}])[^{}]*\{\}")
    while True:
        shorter = empty.sub("", pruned)
        if shorter == pruned:
            break
        pruned = shorter
    if _undeclared_references(pruned) != _undeclared_references(css):
        raise BuildError("pruning tokens removed a custom property that is still referenced")
    return pruned, len(removed)


def check_css(css: str) -> None:
    if re.search(r"@import\b", css):
        raise BuildError("portal.css contains @import: everything must be compiled into one file")
    for url in css_urls(css):
        if url.startswith("data:") or url.startswith("#"):
            continue
        if re.match(r"^(?:[a-z][a-z0-9+.-]*:|//)", url, re.I):
            raise BuildError(f"portal.css refers to another origin: url({url})")
        if not (CSS_OUT.parent / url.split("?")[0].split("#")[0]).is_file():
            raise BuildError(f"portal.css refers to a missing file: url({url})")
    # Only the two shipped weights may be asked for (anything else would be synthesised
    # or substituted). Weights set through tokens are checked by the token overrides.
    for weight in re.findall(r"font-weight:\s*([^;}]+)", css):
        weight = weight.strip()
        if weight.startswith("var(") or weight in {"400", "600", "normal", "inherit"}:
            continue
        raise BuildError(f"portal.css asks for font-weight {weight}; only 400 and 600 are shipped")


def css_urls(css: str) -> list[str]:
    urls = []
    for m in re.finditer(r"url\(\s*(?:\"([^\"]*)\"|'([^']*)'|([^)\s]*))\s*\)", css):
        urls.append(next(g for g in m.groups() if g is not None))
    return urls


# ----------------------------------------------------------------------------------- fonts


def font_unicode_range() -> tuple[str, list[int]]:
    text = FONTS_SCSS.read_text(encoding="utf-8")
    m = re.search(r'^\$portal-font-unicode-range:\s*"([^"]+)"\s*;', text, re.M)
    if not m:
        raise BuildError(f"$portal-font-unicode-range not found in {FONTS_SCSS}")
    spec = m.group(1)
    codepoints: set[int] = set()
    for part in spec.split(","):
        rm = re.fullmatch(r"\s*U\+([0-9A-Fa-f]{1,6})(?:-([0-9A-Fa-f]{1,6}))?\s*", part)
        if not rm:
            raise BuildError(f"bad unicode-range part {part!r} in {FONTS_SCSS}")
        first = int(rm.group(1), 16)
        last = int(rm.group(2) or rm.group(1), 16)
        codepoints.update(range(first, last + 1))
    return spec, sorted(codepoints)


def subset_fonts() -> list[Path]:
    # fontTools warns about harmless quirks of the Fira files (OS/2 fsSelection bits).
    logging.getLogger("fontTools").setLevel(logging.ERROR)
    from fontTools import subset
    from fontTools.ttLib import TTFont

    _, codepoints = font_unicode_range()
    outputs = []
    for source_name, out_name in FONTS.items():
        source = KERN / "dist" / "fonts" / "fira-sans" / source_name
        font = TTFont(source, recalcBBoxes=True, recalcTimestamp=False)
        cmap = font.getBestCmap()
        controls = lambda cp: cp < 0x20 or 0x7F <= cp < 0xA0  # noqa: E731 (never drawn)
        missing = [cp for cp in codepoints if cp not in cmap and not controls(cp)]
        if missing:
            raise BuildError(
                f"{source_name} has no glyph for {', '.join(f'U+{cp:04X}' for cp in missing)}: "
                f"remove them from $portal-font-unicode-range in {FONTS_SCSS.name}"
            )
        options = subset.Options()
        options.flavor = "woff2"
        options.hinting = FONT_HINTING
        options.layout_features = [*options.layout_features, *FONT_EXTRA_FEATURES]
        options.name_IDs = ["*"]  # keep copyright, trademark and licence (OFL) records
        options.name_languages = ["*"]
        options.notdef_outline = True
        options.recalc_timestamp = False
        options.recalc_bounds = True
        subsetter = subset.Subsetter(options)
        subsetter.populate(unicodes=[cp for cp in codepoints if cp in cmap])
        subsetter.subset(font)
        # Reproducible: the modification date stays the source font's, never "now".
        font["head"].modified = TTFont(source)["head"].modified
        buffer = io.BytesIO()
        font.flavor = "woff2"
        font.save(buffer, reorderTables=True)
        target = FONTS_OUT / out_name
        target.write_bytes(buffer.getvalue())
        outputs.append(target)
    shutil.copyfile(OFL, FONTS_OUT / "OFL.txt")
    outputs.append(FONTS_OUT / "OFL.txt")
    return outputs


# --------------------------------------------------------------------------------- leaflet


def copy_leaflet() -> list[Path]:
    version = json.loads((LEAFLET / "package.json").read_text(encoding="utf-8"))["version"]
    (LEAFLET_OUT / "images").mkdir(parents=True)
    outputs = []
    # The minified build ends with a sourceMappingURL comment for a .map file we do not
    # ship; Django's ManifestStaticFilesStorage (production) fails on such dangling
    # references, so the comment is dropped. The code itself is untouched.
    js = (LEAFLET / "dist" / "leaflet.js").read_text(encoding="utf-8")
    js = re.sub(r"\n//# sourceMappingURL=\S+\s*$", "\n", js)
    (LEAFLET_OUT / "leaflet.js").write_text(js, encoding="utf-8", newline="\n")
    outputs.append(LEAFLET_OUT / "leaflet.js")
    for name in ("dist/leaflet.css", "LICENSE"):
        target = LEAFLET_OUT / Path(name).name
        shutil.copyfile(LEAFLET / name, target)
        outputs.append(target)
    for image in sorted((LEAFLET / "dist" / "images").iterdir()):
        shutil.copyfile(image, LEAFLET_OUT / "images" / image.name)
        outputs.append(LEAFLET_OUT / "images" / image.name)
    (LEAFLET_OUT / "VERSION").write_text(f"{version}\n", encoding="utf-8", newline="\n")
    outputs.append(LEAFLET_OUT / "VERSION")
    leaflet_css = (LEAFLET_OUT / "leaflet.css").read_text(encoding="utf-8")
    for url in css_urls(leaflet_css):
        if not url.startswith(("#", "data:")) and not (LEAFLET_OUT / url).is_file():
            raise BuildError(f"leaflet.css refers to a missing file: url({url})")
    return outputs


# ------------------------------------------------------------------------------------ main


def gzip_size(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=9, mtime=0))


def brotli_size(data: bytes) -> int | None:
    try:
        import brotli
    except ImportError:
        return None
    return len(brotli.compress(data, quality=11))


def report(paths: list[Path]) -> None:
    print(f"\n{'file':<48} {'raw':>9} {'gzip':>9} {'brotli':>9}")
    for path in paths:
        data = path.read_bytes()
        if path.suffix in (".woff2", ".png"):  # compressed formats are served as they are
            gz = br = None
        else:
            gz, br = gzip_size(data), brotli_size(data)
        fmt = lambda v: "-" if v is None else f"{v:,}"  # noqa: E731
        print(f"{path.relative_to(ROOT).as_posix():<48} {len(data):>9,} {fmt(gz):>9} {fmt(br):>9}")


def main() -> int:
    try:
        check_node_modules()
        css = compile_scss()
        css, pruned = prune_unused_primitive_tokens(css)

        for directory in (DIST, LEAFLET_OUT):
            if directory.exists():
                shutil.rmtree(directory)
        FONTS_OUT.mkdir(parents=True)

        fonts = subset_fonts()
        CSS_OUT.write_text(css, encoding="utf-8", newline="\n")
        check_css(css)
        kern_license = DIST / "KERN-LICENSE.md"
        shutil.copyfile(KERN / "LICENSE.md", kern_license)
        leaflet = copy_leaflet()
    except BuildError as error:
        print(f"assets/build.py: error: {error}", file=sys.stderr)
        return 1

    kern_version = json.loads((KERN / "package.json").read_text(encoding="utf-8"))["version"]
    print(f"KERN {kern_version}: {pruned} unused primitive tokens left out of portal.css")
    report([CSS_OUT, *fonts, kern_license, *leaflet])
    first_visit = gzip_size(CSS_OUT.read_bytes()) + sum(
        p.stat().st_size for p in fonts if p.suffix == ".woff2"
    )
    print(f"\nportal.css (gzip) + fonts: {first_visit:,} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
