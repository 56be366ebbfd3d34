"""The read layer: everything the app and the command line show, as plain rows, one function a list.

Reads speak plain SQL to the standard library's sqlite3 (``db``): no session, no ORM objects, and
nothing here writes. Each module is named by its role — ``people``, ``accounts``, ``activity``,
``routines``, ``transfers``, ``inbox`` — and both the app's screens and the command line call the
same function for the same list; the command line's JSON shapes are its own (``astra_tui.cli.shapes``).
"""
