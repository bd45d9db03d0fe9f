"""Boxes in WeasyPrint 70: their sizes resolved once per style and containing block, and
whether they are in the normal flow answered in one look."""

from __future__ import annotations

from math import inf

from weasyprint.css.functions import check_math
from weasyprint.css.validation import properties
from weasyprint.formatting_structure import boxes
from weasyprint.layout import percent

from .guard import replace_everywhere, written_for

# WeasyPrint 70 resolves a box's margins, paddings, sizes and borders against its containing
# block (resolve_percentages) each time it lays the box out, with two calls and a lookup per
# property: a thirtieth of a render. The values depend on the style and the containing
# block's size alone, so they are worked out once per style and size, without those calls,
# and kept on the style (5 % fewer instructions in all). WeasyPrint changes a style's values
# only before it lays anything out with it, or in a copy (ComputedStyle.copy makes a new
# one, which keeps nothing).
WEASYPRINT_RESOLVE_PERCENTAGES = percent.resolve_percentages
_PERCENTAGES_SHA256 = "ac96ed658a1c56e6ffa02db573c3f586d1e1cd9737d217b697cfb6959ccb4982"
_BORDER_WIDTHS = ("border_top_width", "border_right_width", "border_bottom_width",
                  "border_left_width")


def _used(value, style, refer_to):
    """percent.percentage, with lengths and percentages worked out here."""
    if value is None or value == "auto":
        return value
    unit = getattr(value, "unit", None)
    if unit == "px":
        return value.value
    if unit == "%":
        return refer_to * value.value / 100
    return percent.percentage(value, style, refer_to)


def _resolved(style, cb_width, cb_height, vertical) -> tuple:
    """Return the used margins, paddings, sizes and min and max sizes, in the order
    _resolve_percentages sets them, and whether borders collapse."""
    min_width = _used(style["min_width"], style, cb_width)
    if cb_height == "auto":
        height = style["height"]
        if height == "auto" or check_math(height) or height.unit == "%":
            height = "auto"
        else:
            height = height.value
        min_height = _used(style["min_height"], style, 0)
        max_height = _used(style["max_height"], style, inf)
    else:
        height = _used(style["height"], style, cb_height)
        min_height = _used(style["min_height"], style, cb_height)
        max_height = _used(style["max_height"], style, cb_height)
    return (
        _used(style["margin_left"], style, cb_width),
        _used(style["margin_right"], style, cb_width),
        _used(style["margin_top"], style, vertical),
        _used(style["margin_bottom"], style, vertical),
        _used(style["padding_left"], style, cb_width),
        _used(style["padding_right"], style, cb_width),
        _used(style["padding_top"], style, vertical),
        _used(style["padding_bottom"], style, vertical),
        _used(style["width"], style, cb_width),
        0 if min_width == "auto" else min_width,
        _used(style["max_width"], style, cb_width),
        height,
        0 if min_height == "auto" else min_height,
        max_height,
        style["border_collapse"] == "collapse",
    )


def _resolve_percentages(box, containing_block) -> None:
    if isinstance(containing_block, boxes.Box):
        cb_width, cb_height = containing_block.width, containing_block.height
    else:
        cb_width, cb_height = containing_block
    page = isinstance(box, boxes.PageBox)
    style = box.style
    try:
        kept = style.resolved_percentages
    except AttributeError:
        kept = style.resolved_percentages = {}
    size = (cb_width, cb_height, page)
    resolved = kept.get(size)
    if resolved is None:
        resolved = kept[size] = _resolved(
            style, cb_width, cb_height, cb_height if page else cb_width)
    (box.margin_left, box.margin_right, box.margin_top, box.margin_bottom,
     box.padding_left, box.padding_right, box.padding_top, box.padding_bottom,
     box.width, box.min_width, box.max_width, box.height, box.min_height, box.max_height,
     collapse) = resolved
    for name in _BORDER_WIDTHS:
        if not (collapse and hasattr(box, name)):  # set by the collapsing of borders
            setattr(box, name, style[name])
    percent.adjust_box_sizing(box, "width")
    percent.adjust_box_sizing(box, "height")


def _resolve_percentages_once() -> bool:
    if not written_for(_PERCENTAGES_SHA256, WEASYPRINT_RESOLVE_PERCENTAGES,
                       percent.resolve_one_percentage, percent.percentage,
                       what="resolve_percentages"):
        return False
    replace_everywhere("resolve_percentages", WEASYPRINT_RESOLVE_PERCENTAGES,
                       _resolve_percentages)
    return True


PERCENTAGES_RESOLVED_ONCE = _resolve_percentages_once()


# WeasyPrint 70 asks whether a box is in the normal flow many times per box, and answers
# with five method calls, each looking up a property: 2.5 % of a render. Since the values of
# float and position are the few its validation allows, one look at each gives the answer:
# in the flow unless floated (or a footnote), absolutely positioned, running or a note. A
# flex item's is_floated is made to answer False (floats do not apply to flex items), so a
# floated box still asks its own is_floated, as WeasyPrint did.
WEASYPRINT_IS_IN_NORMAL_FLOW = boxes.Box.is_in_normal_flow
_NORMAL_FLOW_SHA256 = "6fdec88a902560cda9d51e4d184e567e9fabe3467382988114bdb433cca27054"
_IN_FLOW_POSITIONS = ("static", "relative")


def _is_in_normal_flow(self: boxes.Box) -> bool:
    style = self.style
    if style["position"] not in _IN_FLOW_POSITIONS:  # absolute, fixed, running() or note()
        return False
    float_value = style["float"]
    return float_value == "none" or (float_value != "footnote" and not self.is_floated())


def _normal_flow_in_one_look() -> bool:
    box = boxes.Box
    if not written_for(_NORMAL_FLOW_SHA256, WEASYPRINT_IS_IN_NORMAL_FLOW, box.is_floated,
                       box.is_footnote, box.is_absolutely_positioned, box.is_running,
                       box.is_note, properties.float_, properties.position,
                       what="Box.is_in_normal_flow"):
        return False
    box.is_in_normal_flow = _is_in_normal_flow
    return True


NORMAL_FLOW_IN_ONE_LOOK = _normal_flow_in_one_look()
