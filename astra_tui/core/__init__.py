"""The engine: money, time, schedules, routine rules, ledger operations and the processor.

Nothing in this package imports Textual; the command line and the app both use it.
"""
