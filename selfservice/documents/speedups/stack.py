"""A render's frames in one chunk of CPython 3.11's frame stack."""

from __future__ import annotations

# CPython keeps its frames in 16 KB chunks of memory. It gives a chunk back to the system as
# soon as the frame that began it returns, and maps a new one at the next call: a loop whose
# calls cross the edge of a chunk maps and unmaps 16 KB at every call (python/cpython#142183,
# fixed in 2026 for 3.13 and newer, not in the 3.11 of Debian 12). Where WeasyPrint's deep
# layout recursion meets those edges depends on how deep its caller is: in the worker one
# render of the Arabic household mapped and unmapped 16 KB some 13,000 times (strace), and
# faulted every page in again, an eighth of the render. A render therefore starts in a frame
# that asks for STACK_SLOTS slots of stack it never uses: CPython gives that frame a chunk
# of its own, twice as large, and every frame of the layout fits in the rest of it, so no
# edge is crossed while it runs (tests/documents/test_speedups.py counts pages faulted in).
STACK_SLOTS = 1 << 17  # a megabyte; the deepest the household's layout goes is 66 frames, 25 KB


def with_stack_room(function, *args):
    """Return function(*args), called with a megabyte of frame stack to itself."""
    return function(*args)


with_stack_room.__code__ = with_stack_room.__code__.replace(co_stacksize=STACK_SLOTS)
