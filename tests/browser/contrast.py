"""WCAG 2.2 contrast of what Chromium computed for an element, worked out here in Python.

The browser only reports computed styles (``MEASURE``); the luminance, the compositing of
translucent backgrounds and the ratios are our own, so the figures do not depend on a tool
that tests only the resting state or skips a script (axe leaves Arabic text out).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

TEXT_MINIMUM = 4.5  # 1.4.3 Contrast (Minimum), normal-size text
INDICATOR_MINIMUM = 3.0  # 1.4.11 Non-text Contrast, a state of a user interface component

# Shared by the two scripts below: each ancestor's background and opacity (innermost first),
# so that Python can composite them onto the white canvas, and whether a node shows text.
_HELPERS = """
    const layers = node => {
        const out = [];
        for (let n = node; n; n = n.parentElement) {
            const s = getComputedStyle(n);
            out.push([s.backgroundColor, parseFloat(s.opacity)]);
        }
        return out;
    };
    const showsText = n => {
        const r = n.getBoundingClientRect();
        // checkVisibility: a closed <details> still lays its content out, unseen.
        return r.width > 1 && r.height > 1 && n.checkVisibility({visibilityProperty: true})
            && [...n.childNodes].some(c => c.nodeType === 3 && c.textContent.trim());
    };
    const text = n => ({text: (n.value || n.innerText || "").trim().slice(0, 30),
                        color: getComputedStyle(n).color, layers: layers(n)});
"""

# The computed styles of one element (focused or hovered) and of the text inside it.
MEASURE = """el => {""" + _HELPERS + """
    const fields = ["text", "tel", "email", "number", "search", "password"];
    const carriers = el.matches("input, select, textarea")
        ? (el.matches("select, textarea") || fields.includes(el.type) ? [el] : [])
        : [el, ...el.querySelectorAll("*")].filter(showsText);
    const s = getComputedStyle(el);
    const label = (el.innerText || el.value || el.getAttribute("aria-label") || el.name || "")
        .trim().replace(/\\s+/g, " ").slice(0, 40);
    return {
        name: `${el.tagName.toLowerCase()}${el.id ? "#" + el.id : ""} "${label}"`,
        texts: carriers.map(text),
        outline: [s.outlineStyle, parseFloat(s.outlineWidth) || 0, s.outlineColor],
        shadow: s.boxShadow,
        inside: layers(el),
        outside: layers(el.parentElement),
    };
}"""

# Every text on the page as it rests, each with the element that shows it.
RESTING = """() => {""" + _HELPERS + """
    return {name: "page", texts: [...document.body.querySelectorAll("*")].filter(showsText)
        .map(n => ({...text(n), text: `${n.tagName.toLowerCase()}.${n.classList[0] || ""} «`
                   + `${(n.innerText || "").trim().slice(0, 30)}»`}))};
}"""

_COLOUR = re.compile(r"rgba?\(([\d.]+),? ([\d.]+),? ([\d.]+)(?:[,/] ?([\d.]+))?\)")
_SHADOW = re.compile(r"(rgba?\([^)]*\))\s+(-?[\d.]+)px\s+(-?[\d.]+)px\s+(-?[\d.]+)px"
                     r"\s+(-?[\d.]+)px(\s+inset)?")

Colour = tuple[float, float, float]


def parse(css: str) -> tuple[Colour, float]:
    """Return the sRGB channels and the alpha of a computed CSS colour."""
    found = _COLOUR.fullmatch(css.strip())
    if not found:
        raise ValueError(f"not a computed rgb() colour: {css!r}")
    red, green, blue, alpha = found.groups()
    return (float(red), float(green), float(blue)), float(alpha) if alpha else 1.0


def blend(top: Colour, bottom: Colour, alpha: float) -> Colour:
    return tuple(a * alpha + b * (1 - alpha) for a, b in zip(top, bottom, strict=True))


def background(layers: list[list]) -> tuple[Colour, float]:
    """Composite an element's ancestors' backgrounds onto white; also return its opacity."""
    colour: Colour = (255.0, 255.0, 255.0)
    opacity = 1.0
    for css, layer_opacity in reversed(layers):
        opacity *= layer_opacity
        rgb, alpha = parse(css)
        colour = blend(rgb, colour, alpha * opacity)
    return colour, opacity


def luminance(colour: Colour) -> float:
    """Relative luminance as WCAG 2.2 defines it."""
    def linear(channel: float) -> float:
        c = channel / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4
    red, green, blue = (linear(c) for c in colour)
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def ratio(one: Colour, other: Colour) -> float:
    lighter, darker = sorted((luminance(one), luminance(other)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


@dataclass
class Finding:
    """One measured figure: what was measured, in which state, and whether it passes."""

    page: str
    state: str
    element: str
    kind: str  # "text" or "indicator"
    ratio: float

    @property
    def passes(self) -> bool:
        return self.ratio >= (TEXT_MINIMUM if self.kind == "text" else INDICATOR_MINIMUM)

    def __str__(self) -> str:
        return f"{self.page} | {self.state} | {self.kind} {self.ratio:.2f}:1 | {self.element}"


def text_ratios(measured: dict) -> list[tuple[str, float]]:
    """Return each text's contrast with the background it is painted on."""
    found = []
    for text in measured["texts"]:
        behind, opacity = background(text["layers"])
        rgb, alpha = parse(text["color"])
        found.append((text["text"], ratio(blend(rgb, behind, alpha * opacity), behind)))
    return found


def indicator_ratio(measured: dict) -> float:
    """Return the best contrast of a focus indicator's colours with what they are drawn on.

    An outline and an outer shadow lie on the background around the element, an inset shadow
    on the element's own; a two-colour indicator passes when one of its colours stands out
    (WCAG technique C40). No outline and no shadow at all is 0, a missing indicator.
    """
    outside, _ = background(measured["outside"])
    inside, _ = background(measured["inside"])
    parts = []
    style, width, colour = measured["outline"]
    if style != "none" and width > 0:
        parts.append((colour, outside))
    for css, x, y, _blur, spread, inset in _SHADOW.findall(measured["shadow"]):
        if float(spread) > 0 or float(x) or float(y):
            parts.append((css, inside if inset else outside))
    best = 0.0
    for css, behind in parts:
        rgb, alpha = parse(css)
        if alpha > 0:
            best = max(best, ratio(blend(rgb, behind, alpha), behind))
    return best


def findings(page: str, state: str, measured: dict, *, focused: bool) -> list[Finding]:
    """Return the text figures of a measured element, and its indicator's when focused."""
    found = [Finding(page, state, f"{measured['name']} «{text}»", "text", value)
             for text, value in text_ratios(measured)]
    if focused:
        found.append(Finding(page, state, measured["name"], "indicator",
                             indicator_ratio(measured)))
    return found
