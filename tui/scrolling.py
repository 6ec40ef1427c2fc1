"""Growing a scrolling widget without laying the screen out.

Textual lays the whole screen out whenever a widget's virtual size changes (the widget
may gain or lose a scroll bar). A widget whose own size is set by its container (not by
its content) and whose vertical scroll bar shows before and after the change affects
nothing outside itself: updating its scroll bars in place is enough. The log and the
units list use :func:`refresh_in_place` from their ``refresh``.
"""

from __future__ import annotations

from textual.widget import Widget


def scrolls_already(widget: Widget) -> bool:
    """True if *widget*'s vertical scroll bar shows and would still show at its new size.

    Its virtual width must also fit (no horizontal scroll bar would appear).
    """
    region = widget.scrollable_content_region
    virtual = widget.virtual_size
    return (widget.show_vertical_scrollbar and region.height > 0
            and virtual.height > region.height and virtual.width <= region.width + 1)


def refresh_in_place(widget: Widget, layout: bool, recompose: bool) -> bool:
    """Whether a refresh of *widget* still needs a layout of the screen.

    A layout asked for only because the virtual size changed is not needed while
    :func:`scrolls_already` holds: the scroll bars are updated now instead.
    """
    if layout and not recompose and scrolls_already(widget):
        widget._scroll_update(widget.virtual_size)
        return False
    return layout
