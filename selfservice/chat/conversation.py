"""The questionnaire as a conversation: what the bot says next and which answers to save.

One turn is a pure function of the questionnaire, the draft's answers, the chat's state and
what the person sent (:func:`respond`). The form engine decides everything about questions:
the order and conditions come from :func:`~selfservice.questionnaire.engine.plan`, input is
read by :func:`~selfservice.questionnaire.forms.read_answer`, so a message about bad input is
word for word the web form's. Bot messages are stored as message ids and values, never as
rendered text, so that they show in the page's language and, for an interpreter, in Swedish.

A question counts as dealt with when it has an answer, when the person skipped it in the
chat, or when it is optional and its page was saved by the web form (the form shows every
question of a page at once, so an empty optional field there was seen and left empty).
"""

from __future__ import annotations

from selfservice.chat.commands import Conversation
from selfservice.chat.messages import Message, dump, load, unpack
from selfservice.chat.model import ChatState, Context, Outcome, Save, Turn, paragraph
from selfservice.chat.texts import (
    BUTTON_LABELS,
    CANCEL,
    COMMANDS,
    CONFIRM_RESTART,
    GREETING_HELP,
    WELCOME_BACK,
)
from selfservice.chat.words import match_command, yes_or_no
from selfservice.i18n import Text
from selfservice.questionnaire.engine import Answers

__all__ = ["BUTTON_LABELS", "COMMANDS", "ChatState", "Context", "Message", "Outcome", "Save",
           "Turn", "begin", "dump", "load", "respond", "resume", "unpack"]


def begin(ctx: Context, state: ChatState | None, answers: Answers) -> Outcome:
    """Open a conversation: greet, then ask the first question not dealt with."""
    talk = Conversation(ctx, state or ChatState(), answers)
    talk.say(paragraph(Text(ctx.journey.greeting)), paragraph(Text(GREETING_HELP)))
    talk.advance()
    return talk.finish()


def resume(ctx: Context, state: ChatState, answers: Answers) -> Outcome:
    """Catch up with answers given in the web form since the chat last spoke."""
    talk = Conversation(ctx, state, answers)
    current = talk.current()
    if current is not None:
        if talk.state.revisit or not talk._resolved(*current, talk.planned()[1]):
            return talk.finish()
    elif talk.state.asking is None and talk.next_question() is None:
        return talk.finish()
    talk.say(paragraph(Text(WELCOME_BACK)))
    talk.advance()
    return talk.finish()


def respond(ctx: Context, state: ChatState, answers: Answers, turn: Turn) -> Outcome:
    """Take one turn: understand what the person sent, save what it answers, reply."""
    talk = Conversation(ctx, state, answers)
    typed = turn.text.strip()
    if turn.command:
        talk.command(turn.command)
    elif turn.change:
        talk.pick(turn.change)
    elif turn.entry:
        talk.show_entry(turn.entry)
    elif typed and (command := match_command(ctx, typed)):
        talk.command(command, typed=typed)
    elif talk.state.awaiting == "restart" and typed and yes_or_no(ctx, typed):
        if yes_or_no(ctx, typed) == "yes":
            talk.command(CONFIRM_RESTART, typed=typed)
        else:
            talk.command(CANCEL, typed=typed)
    else:
        talk.state.awaiting = None
        talk.answer(turn)
    return talk.finish()
