"""Every key, on one screen."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

HELP = """\
[b]Everywhere[/b]
  1 Accounts   2 Routines   3 Transfer history   4 Notifications   5 Users
  n  new routine (wizard)   f5 run due work now   ctrl+p command palette
  ?  this help   escape  back / cancel   q  quit

[b]Accounts[/b]
  enter activity   o open account   d record deposit   b record purchase
  f freeze/unfreeze   c close   a add person   r rename

[b]Account activity[/b]
  e edit a deposit or purchase   x delete it   ] next page   \\[ previous page

[b]Routines[/b]
  enter details   space pause/activate   x delete   a show deleted
  e edit details   r rename   s skip the next run   g run once now

[b]Transfer history[/b]
  / filters   r reset filters   c cancel pending   ] next page   \\[ previous page

[b]Users[/b]
  enter or s switch to   a add person   l set transfer limit   r rename

[b]New-routine wizard[/b]
  enter next   ctrl+b back   escape cancel

Mouse works too: click rows, buttons and the keys in the footer.
"""


class HelpScreen(ModalScreen[None]):
    BINDINGS = [Binding("escape,question_mark,q", "close", "Close")]

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide"):
            yield Static("Keys", classes="dialog-title")
            with VerticalScroll():
                yield Static(HELP)

    def action_close(self) -> None:
        self.dismiss(None)
