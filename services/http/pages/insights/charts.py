"""Charts as SVG made on the server: each one an image with a title and a description, its
figures also in the table beside it (the chart adds nothing the table lacks)."""

from __future__ import annotations

from collections.abc import Sequence

from markupsafe import Markup, escape

BAR = "#1d70b8"  # GOV.UK blue: 4.5:1 and more against white
TEXT = "#0b0c0c"
HEAT = ("#f3f2f1", "#fde0c8", "#f9b27d", "#e86b1e", "#a23d00")  # little to much, light to dark


def _svg(width: int, height: int, title: str, desc: str, body: str, key: str) -> Markup:
    return Markup(
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}"'
        f' width="{width}" height="{height}" role="img"'
        f' aria-labelledby="{key}-title {key}-desc" focusable="false"'
        ' font-family="arial, sans-serif">'
        f'<title id="{key}-title">{escape(title)}</title>'
        f'<desc id="{key}-desc">{escape(desc)}</desc>{body}</svg>'
    )


def bars(
    key: str, title: str, items: Sequence[tuple[str, int | None]], *, unit: str = ""
) -> Markup:
    """Horizontal bars, one per label; a hidden count draws no bar and says "fewer than 5"."""
    label_w, bar_w, row_h = 220, 300, 26
    top = max((v or 0 for _, v in items), default=0) or 1
    parts = []
    for i, (label, value) in enumerate(items):
        y = i * row_h
        text = "fewer than 5" if value is None else f"{value:,}{unit}"
        width = 0 if value is None else round(bar_w * value / top)
        short = label if len(label) <= 30 else label[:29] + "…"
        parts.append(
            f'<text x="{label_w - 6}" y="{y + 17}" text-anchor="end" font-size="14"'
            f' fill="{TEXT}">{escape(short)}</text>'
            f'<rect x="{label_w}" y="{y + 4}" width="{width}" height="{row_h - 8}" fill="{BAR}"/>'
            f'<text x="{label_w + width + 6}" y="{y + 17}" font-size="14" fill="{TEXT}">'
            f"{escape(text)}</text>"
        )
    desc = "; ".join(
        f"{label}: {'fewer than 5' if v is None else f'{v:,}{unit}'}" for label, v in items
    )
    height = max(row_h, row_h * len(items))
    return _svg(label_w + bar_w + 110, height, title, desc or "No figures.", "".join(parts), key)


def columns(key: str, title: str, items: Sequence[tuple[str, int | None]]) -> Markup:
    """A trend: one column per period, oldest on the left, labelled every few periods."""
    height, base, left = 180, 150, 40
    step = max(6, min(24, 640 // max(1, len(items))))
    top = max((v or 0 for _, v in items), default=0) or 1
    parts = [
        f'<line x1="{left}" y1="{base}" x2="{left + step * len(items)}" y2="{base}"'
        f' stroke="{TEXT}" stroke-width="1"/>',
        f'<text x="{left - 4}" y="14" text-anchor="end" font-size="12" fill="{TEXT}">'
        f"{top:,}</text>",
        f'<text x="{left - 4}" y="{base}" text-anchor="end" font-size="12" fill="{TEXT}">0</text>',
    ]
    every = max(1, len(items) // 6)
    for i, (label, value) in enumerate(items):
        x = left + i * step
        h = 0 if value is None else round((base - 10) * value / top)
        parts.append(
            f'<rect x="{x + 1}" y="{base - h}" width="{step - 2}" height="{h}" fill="{BAR}"/>'
        )
        if value is None:
            parts.append(
                f'<text x="{x + step / 2}" y="{base - 4}" text-anchor="middle"'
                f' font-size="10" fill="{TEXT}">&lt;5</text>'
            )
        if i % every == 0:
            parts.append(
                f'<text x="{x}" y="{base + 18}" font-size="12" fill="{TEXT}">{escape(label)}</text>'
            )
    desc = "; ".join(f"{label}: {'fewer than 5' if v is None else v}" for label, v in items)
    width = left + step * len(items) + 60
    return _svg(width, height, title, desc or "No figures.", "".join(parts), key)


def grid(
    key: str,
    title: str,
    rows: Sequence[str],
    cols: Sequence[str],
    scores: dict[tuple[str, str], tuple[int, str]],
) -> Markup:
    """A heat grid: rows by columns, each cell shaded by a level 0-4 and labelled in words."""
    cell_w, cell_h, left, head = 74, 30, 70, 120
    parts = []
    for j, col in enumerate(cols):
        x = left + j * cell_w + cell_w / 2
        parts.append(
            f'<text transform="translate({x},{head - 6}) rotate(-40)" font-size="12"'
            f' fill="{TEXT}">{escape(col if len(col) <= 18 else col[:17] + "…")}</text>'
        )
    described = []
    for i, row in enumerate(rows):
        y = head + i * cell_h
        parts.append(
            f'<text x="{left - 6}" y="{y + 20}" text-anchor="end" font-size="13"'
            f' fill="{TEXT}">{escape(row)}</text>'
        )
        for j, col in enumerate(cols):
            level, label = scores.get((row, col), (0, ""))
            x = left + j * cell_w
            fill = HEAT[level]
            ink = "#ffffff" if level >= 4 else TEXT
            parts.append(
                f'<rect x="{x}" y="{y}" width="{cell_w - 2}" height="{cell_h - 2}" fill="{fill}"'
                f' stroke="#b1b4b6" stroke-width="1"/>'
                f'<text x="{x + cell_w / 2 - 1}" y="{y + 19}" text-anchor="middle" font-size="12"'
                f' fill="{ink}">{escape(label)}</text>'
            )
            if level >= 3:
                described.append(f"{row}, {col}: {label}")
    desc = "The cells with the most demand for the least local help: " + (
        "; ".join(described) if described else "none stand out."
    )
    width = left + cell_w * len(cols) + 10
    height = head + cell_h * len(rows) + 10
    return _svg(width, height, title, desc, "".join(parts), key)
