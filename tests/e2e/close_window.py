#!/usr/bin/python3
"""Closes a top-level X11 window the way a window manager's close button does: it sends the
WM_DELETE_WINDOW client message, so the app sees a close request it may refuse or turn into
"hide". With --minimize, asks for it to be minimized instead (ICCCM WM_CHANGE_STATE with
IconicState) and, as there is no window manager under Xvfb to act on it, unmaps it as one
would. Usage: close_window.py TITLE [--minimize]. Exits 1 if no window has that title."""
import sys

from Xlib import X, Xutil, display, protocol


def find(window, title, atom_name):
    name = window.get_full_property(atom_name, X.AnyPropertyType)
    if name is not None and name.value in (title.encode(), title):
        return window
    for child in window.query_tree().children:
        found = find(child, title, atom_name)
        if found is not None:
            return found
    return None


def main():
    title = sys.argv[1]
    minimize = "--minimize" in sys.argv[2:]
    d = display.Display()
    net_wm_name = d.intern_atom("_NET_WM_NAME")
    root = d.screen().root
    window = find(root, title, net_wm_name) or find(root, title, d.intern_atom("WM_NAME"))
    if window is None:
        print(f"no window titled {title!r}", file=sys.stderr)
        return 1
    if minimize:
        change_state = d.intern_atom("WM_CHANGE_STATE")
        event = protocol.event.ClientMessage(
            window=window, client_type=change_state, data=(32, [Xutil.IconicState, 0, 0, 0, 0])
        )
        root.send_event(event, event_mask=X.SubstructureRedirectMask | X.SubstructureNotifyMask)
        window.unmap()
    else:
        protocols = d.intern_atom("WM_PROTOCOLS")
        delete = d.intern_atom("WM_DELETE_WINDOW")
        event = protocol.event.ClientMessage(window=window, client_type=protocols, data=(32, [delete, X.CurrentTime, 0, 0, 0]))
        window.send_event(event)
    d.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
