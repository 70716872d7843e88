#!/usr/bin/env python3
"""Renders a `fleetdeck report review --format html` page in headless Chromium and checks what it drew.

    scripts/review-html-browser.py REPORT.html OUTDIR

Installs Debian's chromium-headless-shell through scripts/apt-ensure.sh when no Chromium is on PATH; where none can
be had it prints "skipped: ..." and exits 77. The page must hold no script, event handler or address to fetch, and the
browser runs with every host name unresolvable (the report is one file that needs nothing else; headless Chromium
takes no screenshot with scripts switched off, so the page is checked for them instead). It writes OUTDIR/report.png (the page as a screen shows it),
OUTDIR/report.pdf (printed) and OUTDIR/charts.png (each inline SVG alone in a box of its own size, without its legend
swatches and target lines), decodes the PNGs with zlib, and exits 1 unless the page is not blank, the PDF was printed
and every chart drew its data: pixels in colour, which axes, labels and the white page never are. It prints one line per check, and the screenshot's path.
"""
import os
import re
import shutil
import struct
import subprocess
import sys
import zlib

SKIP = 77
WIDTH, HEIGHT = 1100, 1400
# A mark pixel: its channels differ by at least this much (black, grey and white ones never do).
MARK_CHROMA = 20
# What a chart must draw, and how much of the page may not be background.
MIN_MARK_PIXELS = 50
MIN_INK_SHARE = 0.01
MAX_CHARTS = 64
MAX_HTML_BYTES = 8 << 20


def browser():
    for name in ("chromium-headless-shell", "chromium"):
        path = shutil.which(name)
        if path:
            return path
    return None


def ensure_browser():
    found = browser()
    if found:
        return found
    script = os.path.join(os.path.dirname(os.path.abspath(__file__)), "apt-ensure.sh")
    r = subprocess.run([script, "chromium-headless-shell:chromium-headless-shell"], capture_output=True, text=True, timeout=600)
    if r.returncode != 0:
        print("apt-ensure.sh: " + (r.stderr.strip().splitlines() or ["exit %d" % r.returncode])[-1])
    return browser()


def render(chrome, url, scratch, width, height, extra):
    """Runs the browser once on `url` with `extra` flags (--screenshot=… or --print-to-pdf=…)."""
    args = [chrome, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-extensions",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
            "--host-resolver-rules=MAP * ~NOTFOUND",
            "--user-data-dir=" + os.path.join(scratch, "profile"), "--hide-scrollbars", "--force-device-scale-factor=1",
            "--window-size=%d,%d" % (width, height)] + extra + [url]
    r = subprocess.run(args, capture_output=True, text=True, timeout=60)
    if r.returncode != 0:
        sys.exit("browser exited %d: %s" % (r.returncode, r.stderr[-2000:]))


def paeth(a, b, c):
    p = a + b - c
    pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
    if pa <= pb and pa <= pc:
        return a
    return b if pb <= pc else c


def decode_png(path):
    """(width, height, rows of RGB(A) bytes, bytes per pixel) of an 8-bit RGB or RGBA PNG."""
    data = open(path, "rb").read()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError(path + ": not a PNG")
    pos, idat, header = 8, [], None
    while pos + 8 <= len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat.append(body)
        elif kind == b"IEND":
            break
        pos += 12 + length
    if header is None:
        raise ValueError(path + ": no IHDR")
    width, height, depth, colour, _, _, interlace = header
    if depth != 8 or colour not in (2, 6) or interlace != 0 or width * height > 50_000_000:
        raise ValueError(path + ": unsupported PNG (depth %d, colour type %d, interlace %d)" % (depth, colour, interlace))
    bpp = 4 if colour == 6 else 3
    stride = width * bpp
    # Exactly the rows the header promises, never more (a damaged or hostile file cannot inflate without bound).
    raw = zlib.decompressobj().decompress(b"".join(idat), height * (stride + 1))
    if len(raw) != height * (stride + 1):
        raise ValueError(path + ": %d bytes of image data, expected %d" % (len(raw), height * (stride + 1)))
    rows, prev = [], bytearray(stride)
    for y in range(height):
        start = y * (stride + 1)
        kind, line = raw[start], bytearray(raw[start + 1:start + 1 + stride])
        if kind == 1:
            for i in range(bpp, stride):
                line[i] = (line[i] + line[i - bpp]) & 255
        elif kind == 2:
            line = bytearray((x + p) & 255 for x, p in zip(line, prev))
        elif kind == 3:
            for i in range(stride):
                left = line[i - bpp] if i >= bpp else 0
                line[i] = (line[i] + ((left + prev[i]) >> 1)) & 255
        elif kind == 4:
            for i in range(stride):
                left = line[i - bpp] if i >= bpp else 0
                upleft = prev[i - bpp] if i >= bpp else 0
                line[i] = (line[i] + paeth(left, prev[i], upleft)) & 255
        elif kind != 0:
            raise ValueError(path + ": bad filter %d on row %d" % (kind, y))
        rows.append(line)
        prev = line
    return width, height, rows, bpp


def count(rows, bpp, box):
    """(ink, marks) in box (x, y, w, h): pixels not white, and pixels in colour."""
    x0, y0, w, h = box
    ink = marks = 0
    for line in rows[y0:y0 + h]:
        for i in range(x0 * bpp, (x0 + w) * bpp, bpp):
            r, g, b = line[i], line[i + 1], line[i + 2]
            if r < 245 or g < 245 or b < 245:
                ink += 1
                if max(r, g, b) - min(r, g, b) >= MARK_CHROMA:
                    marks += 1
    return ink, marks


# What a chart draws whatever its data: legend swatches (ReviewSVG's 12x12 squares) and dashed target lines.
SCAFFOLD = [re.compile(r'<rect\b[^>]*\bwidth="12(?:\.0)?"[^>]*\bheight="12(?:\.0)?"[^>]*/>'),
            re.compile(r"<line\b[^>]*\bstroke-dasharray[^>]*/>")]


def marks_only(svg):
    """The chart without its scaffold: what is left in colour is its data."""
    for pattern in SCAFFOLD:
        svg = pattern.sub("", svg)
    return svg


def charts_page(svgs):
    """A page with each chart alone (data marks, axes and labels) in a white box of its own size, one under
    another; their boxes."""
    boxes, parts, y = [], [], 0
    for svg in map(marks_only, svgs):
        size = re.search(r'<svg\b[^>]*\bwidth="(\d+)"[^>]*\bheight="(\d+)"', svg)
        if not size:
            sys.exit("a chart without a width and height: " + svg[:120])
        w, h = int(size.group(1)), int(size.group(2))
        boxes.append((0, y, w, h))
        parts.append('<div style="position:absolute;left:0;top:%dpx;width:%dpx;height:%dpx">%s</div>' % (y, w, h, svg))
        y += h + 8
    page = ('<!DOCTYPE html><html><head><meta charset="utf-8"><style>body{margin:0;background:#fff}'
            'svg{display:block}</style></head><body>' + "".join(parts) + "</body></html>")
    return page, boxes, max([b[2] for b in boxes] + [1]), y


def main():
    if len(sys.argv) != 3:
        sys.exit("usage: review-html-browser.py REPORT.html OUTDIR")
    report, out = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
    chrome = ensure_browser()
    if not chrome:
        print("skipped: no headless Chromium, and apt could not install chromium-headless-shell (run as root with network)")
        sys.exit(SKIP)
    html = open(report, encoding="utf-8").read(MAX_HTML_BYTES)
    found = re.search(r"<script|\son[a-z]+\s*=|javascript:|(?:src|href)\s*=\s*[\"']?(?:https?:|//)", html, re.I)
    if found:
        sys.exit("the report is not self-contained: it holds " + found.group(0))
    os.makedirs(out, exist_ok=True)
    shot, pdf, charts = (os.path.join(out, n) for n in ("report.png", "report.pdf", "charts.png"))
    render(chrome, "file://" + report, out, WIDTH, HEIGHT, ["--screenshot=" + shot])
    render(chrome, "file://" + report, out, WIDTH, HEIGHT, ["--print-to-pdf=" + pdf, "--no-pdf-header-footer"])
    svgs = re.findall(r"<svg\b.*?</svg>", html, re.S)[:MAX_CHARTS]
    failures = []
    if not svgs:
        failures.append("the report has no charts")
    else:
        page, boxes, w, h = charts_page(svgs)
        page_path = os.path.join(out, "charts.html")
        with open(page_path, "w", encoding="utf-8") as f:
            f.write(page)
        render(chrome, "file://" + page_path, out, w, h, ["--screenshot=" + charts])
        _, _, rows, bpp = decode_png(charts)
        for i, box in enumerate(boxes):
            ink, marks = count(rows, bpp, box)
            print("chart %d (%dx%d): %d pixels drawn, %d in colour" % (i + 1, box[2], box[3], ink, marks))
            if marks < MIN_MARK_PIXELS:
                failures.append("chart %d drew %d pixels in colour (fewer than %d): empty" % (i + 1, marks, MIN_MARK_PIXELS))
    width, height, rows, bpp = decode_png(shot)
    ink, _ = count(rows, bpp, (0, 0, width, height))
    print("page %dx%d: %.1f %% of its pixels drawn" % (width, height, 100.0 * ink / (width * height)))
    if ink < MIN_INK_SHARE * width * height:
        failures.append("the page is blank")
    with open(pdf, "rb") as f:
        head = f.read(5)
    pdf_bytes = os.path.getsize(pdf)
    print("pdf: %s (%d bytes)" % (pdf, pdf_bytes))
    if head != b"%PDF-" or pdf_bytes < 2000:
        failures.append("the PDF was not printed")
    print("screenshot: " + shot)
    for failure in failures:
        print("FAIL: " + failure)
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
