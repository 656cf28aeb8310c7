#!/usr/bin/env python3
"""Hand-written SVG for bench/run.py's scaling results (standard library only).

Two panels side by side: depeche's fresh indexing time against the article count (wall and
CPU time, with a dashed line proportional to the article count through the first point), and
the in-process search latency (p50, p95, p99, with the same kind of dashed line through the
first p50 point).

    python3 bench/plot.py bench/results/latest.json bench/results/scaling.svg
redraws the plot from a results file.
"""
import json
import math
import sys
from xml.sax.saxutils import escape

WIDTH, HEIGHT = 1000, 440
PANEL_WIDTH = WIDTH // 2
MARGIN_LEFT, MARGIN_RIGHT, MARGIN_TOP, MARGIN_BOTTOM = 70, 20, 84, 62
LEGEND_TOP = 42  # legend rows between the title and the plot, never over the data
COLOURS = ["#1f5fa8", "#d9730d", "#2e8b57", "#b03a48"]


def nice_step(span, target_ticks=5):
    """A step of 1, 2, 2.5 or 5 times a power of ten giving about target_ticks ticks."""
    if span <= 0:
        return 1.0
    raw = span / target_ticks
    power = 10 ** math.floor(math.log10(raw))
    for factor in (1, 2, 2.5, 5, 10):
        if factor * power >= raw:
            return factor * power
    return 10 * power


def axis_ticks(maximum):
    """Ticks from 0 to a round value at or above maximum."""
    step = nice_step(maximum)
    top = step * math.ceil(maximum / step - 1e-9) if maximum > 0 else step
    ticks, value = [], 0.0
    while value <= top + step / 1000:
        ticks.append(value)
        value += step
    return ticks


def count_label(value):
    """100000 -> 100k, 1000000 -> 1M, 2500 -> 2.5k."""
    if value == 0:
        return "0"
    if value >= 1_000_000:
        text, unit = value / 1_000_000, "M"
    elif value >= 1000:
        text, unit = value / 1000, "k"
    else:
        return f"{value:g}"
    return f"{text:g}{unit}"


def number_label(value):
    if value == 0:
        return "0"
    if abs(value) >= 100:
        return f"{value:.0f}"
    return f"{value:g}"


def panel(x0, title, x_label, y_label, series, references):
    """SVG elements for one panel whose left edge is at x0.

    series: [(name, [(x, y), ...]), ...] drawn solid with markers;
    references: [(name, [(x, y), ...]), ...] drawn dashed.
    """
    points = [p for _, pts in series + references for p in pts]
    out = []
    plot_left = x0 + MARGIN_LEFT
    plot_right = x0 + PANEL_WIDTH - MARGIN_RIGHT
    plot_top = MARGIN_TOP
    plot_bottom = HEIGHT - MARGIN_BOTTOM
    out.append(f'<text x="{(plot_left + plot_right) / 2:.1f}" y="24" text-anchor="middle" '
               f'font-size="15" font-weight="bold">{escape(title)}</text>')
    if not points:
        out.append(f'<text x="{(plot_left + plot_right) / 2:.1f}" y="{HEIGHT / 2:.1f}" '
                   f'text-anchor="middle">no data</text>')
        return out
    x_ticks = axis_ticks(max(p[0] for p in points))
    y_ticks = axis_ticks(max(p[1] for p in points))
    x_max, y_max = x_ticks[-1], y_ticks[-1]

    def sx(x):
        return plot_left + (plot_right - plot_left) * x / x_max

    def sy(y):
        return plot_bottom - (plot_bottom - plot_top) * y / y_max

    for tick in y_ticks:
        y = sy(tick)
        out.append(f'<line x1="{plot_left}" y1="{y:.1f}" x2="{plot_right}" y2="{y:.1f}" '
                   f'stroke="#e4e4e4"/>')
        out.append(f'<text x="{plot_left - 6}" y="{y + 4:.1f}" text-anchor="end">'
                   f'{number_label(tick)}</text>')
    for tick in x_ticks:
        x = sx(tick)
        out.append(f'<line x1="{x:.1f}" y1="{plot_bottom}" x2="{x:.1f}" y2="{plot_bottom + 5}" '
                   f'stroke="#333"/>')
        out.append(f'<text x="{x:.1f}" y="{plot_bottom + 19}" text-anchor="middle">'
                   f'{count_label(tick)}</text>')
    out.append(f'<line x1="{plot_left}" y1="{plot_bottom}" x2="{plot_right}" y2="{plot_bottom}" '
               f'stroke="#333"/>')
    out.append(f'<line x1="{plot_left}" y1="{plot_top}" x2="{plot_left}" y2="{plot_bottom}" '
               f'stroke="#333"/>')
    out.append(f'<text x="{(plot_left + plot_right) / 2:.1f}" y="{HEIGHT - 18}" '
               f'text-anchor="middle">{escape(x_label)}</text>')
    y_middle = (plot_top + plot_bottom) / 2
    out.append(f'<text x="{x0 + 18}" y="{y_middle:.1f}" text-anchor="middle" '
               f'transform="rotate(-90 {x0 + 18} {y_middle:.1f})">{escape(y_label)}</text>')

    legend = []
    for name, pts in references:
        path = " ".join(f"{sx(x):.1f},{sy(y):.1f}" for x, y in pts)
        out.append(f'<polyline points="{path}" fill="none" stroke="#888" stroke-width="1.5" '
                   f'stroke-dasharray="6 4"/>')
        legend.append((name, "#888", True))
    for index, (name, pts) in enumerate(series):
        colour = COLOURS[index % len(COLOURS)]
        path = " ".join(f"{sx(x):.1f},{sy(y):.1f}" for x, y in pts)
        out.append(f'<polyline points="{path}" fill="none" stroke="{colour}" stroke-width="2"/>')
        for x, y in pts:
            out.append(f'<circle cx="{sx(x):.1f}" cy="{sy(y):.1f}" r="3.5" fill="{colour}"/>')
        legend.append((name, colour, False))

    # Solid series first, then the dashed references; wrapped into rows that fit the panel.
    legend = legend[len(references):] + legend[:len(references)]
    x, y = plot_left, LEGEND_TOP
    for name, colour, dashed in legend:
        width = 30 + 7 * len(name) + 18
        if x + width > plot_right and x > plot_left:
            x, y = plot_left, y + 18
        dash = ' stroke-dasharray="6 4"' if dashed else ""
        out.append(f'<line x1="{x}" y1="{y}" x2="{x + 24}" y2="{y}" '
                   f'stroke="{colour}" stroke-width="2"{dash}/>')
        out.append(f'<text x="{x + 30}" y="{y + 4}">{escape(name)}</text>')
        x += width
    return out


def linear_through_first(points):
    """The line y = y0 * x / x0 through the first point, over the points' x range."""
    if not points or points[0][0] <= 0:
        return []
    x0, y0 = points[0]
    return [(x, y0 * x / x0) for x, _ in points]


def scaling_svg(rows, caption=""):
    """rows: [{"articles", "wall_s", "cpu_s", "p50_ms", "p95_ms", "p99_ms"}, ...] (None skipped)."""
    rows = sorted(rows, key=lambda row: row["articles"])

    def series(key):
        return [(row["articles"], row[key]) for row in rows if row.get(key) is not None]

    wall, cpu = series("wall_s"), series("cpu_s")
    p50, p95, p99 = series("p50_ms"), series("p95_ms"), series("p99_ms")
    left = panel(0, "Fresh indexing (depeche, JSONL)", "articles", "seconds",
                 [("wall time", wall), ("CPU time (user+sys)", cpu)],
                 [("proportional to articles", linear_through_first(wall))] if wall else [])
    right = panel(PANEL_WIDTH, "Search latency (in-process)", "articles", "milliseconds",
                  [("p50", p50), ("p95", p95), ("p99", p99)],
                  [("p50 proportional to articles", linear_through_first(p50))] if p50 else [])
    body = "\n".join(left + right)
    caption_element = ""
    if caption:
        caption_element = (f'<text x="{WIDTH / 2}" y="{HEIGHT - 2}" text-anchor="middle" '
                           f'font-size="11" fill="#555">{escape(caption)}</text>')
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" '
            f'viewBox="0 0 {WIDTH} {HEIGHT}" font-family="DejaVu Sans, Arial, sans-serif" '
            f'font-size="12">\n<rect width="100%" height="100%" fill="white"/>\n{body}\n'
            f'{caption_element}\n</svg>\n')


def rows_from_results(results):
    """The plot's rows from a bench/run.py results object."""
    rows = []
    for entry in results.get("scale", {}).get("sizes", []):
        summary = entry.get("summary") or {}
        if summary.get("wall_s") is None:
            continue
        rows.append({"articles": entry["articles"], **summary})
    return rows


def main(argv):
    if len(argv) != 3:
        print("usage: plot.py RESULTS.json OUT.svg", file=sys.stderr)
        return 2
    with open(argv[1], encoding="utf-8") as handle:
        results = json.load(handle)
    with open(argv[2], "w", encoding="utf-8") as handle:
        handle.write(scaling_svg(rows_from_results(results), results.get("caption", "")))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
