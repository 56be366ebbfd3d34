"""Bank files in: OFX and QFX statements and CSV exports, read into rows, compared with what the book holds
(new, duplicate, refused), previewed with what they would set off, and written all or nothing.

- ``rows``: a bank row as read, and the cleaning every format shares (amounts, descriptions, keys).
- ``ofx``: OFX 1.x (SGML) and 2.x (XML) and QFX, parsed by ofxtools, one statement per account in the file.
- ``csvfile``: CSV read through a mapping; mappings saved by name, and common bank layouts recognised.
- ``plan``: the preview — a read of the book, nothing written.
- ``apply``: the write, in the caller's transaction.
"""
