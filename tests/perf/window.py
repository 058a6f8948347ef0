#!/usr/bin/python3
"""Minimizes a top-level X11 window the way a window manager's minimize button asks it to:
the ICCCM WM_CHANGE_STATE client message with IconicState. Usage: window.py minimize TITLE.
Exits 1 if no window has that title."""
import sys

from Xlib import X, Xutil, display, protocol


def find(window, title, atom):
    name = window.get_full_property(atom, X.AnyPropertyType)
    if name is not None and name.value in (title.encode(), title):
        return window
    for child in window.query_tree().children:
        found = find(child, title, atom)
        if found is not None:
            return found
    return None


def main():
    action, title = sys.argv[1], sys.argv[2]
    if action != "minimize":
        print(f"unknown action {action!r}", file=sys.stderr)
        return 2
    d = display.Display()
    root = d.screen().root
    window = find(root, title, d.intern_atom("_NET_WM_NAME")) or find(root, title, d.intern_atom("WM_NAME"))
    if window is None:
        print(f"no window titled {title!r}", file=sys.stderr)
        return 1
    change_state = d.intern_atom("WM_CHANGE_STATE")
    event = protocol.event.ClientMessage(
        window=window, client_type=change_state, data=(32, [Xutil.IconicState, 0, 0, 0, 0])
    )
    root.send_event(event, event_mask=X.SubstructureRedirectMask | X.SubstructureNotifyMask)
    # Without a window manager (bare Xvfb) nobody acts on the request: unmap it as one would.
    window.unmap()
    d.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
