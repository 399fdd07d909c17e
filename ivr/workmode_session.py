"""The ``*5<code>`` feature code: an agent changes work mode from the phone.

The dialplan (context ``from-agents``) calls ``AGI(.../workmode,<endpoint>,<extension>)``.
The code is checked against the modes ringdesk knows at this moment, the agent hears
whether it worked, and the change itself (database, then AMI QueuePause) is carried out
by ``change_mode`` without keeping the agent on the line.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from twisted.logger import Logger

from ringdesk.callcenter.agents.modes import ModeSpec, code_dialled
from ringdesk.ivr.agi.parser import AgiEnvironment
from ringdesk.ivr.agi.script import ANSWER, HANGUP, AgiScript, stream_file

CHANGED = "ringdesk/mode-changed"
UNKNOWN = "ringdesk/mode-unknown"

ModeChanger = Callable[[str, ModeSpec], None]

log = Logger()


def workmode_session(modes: Callable[[], Mapping[str, ModeSpec]],
                     change_mode: ModeChanger) -> Callable[[AgiEnvironment], AgiScript]:
    def session(environment: AgiEnvironment) -> AgiScript:
        args = environment.arguments
        endpoint = args[0] if args else ""
        code = code_dialled(args[1] if len(args) > 1 else environment.extension)
        mode = modes().get(code or "")
        yield ANSWER
        if not endpoint or mode is None:
            log.warn("workmode_unknown endpoint={endpoint} code={code}",
                     endpoint=endpoint, code=code)
            yield stream_file(UNKNOWN)
        else:
            change_mode(endpoint, mode)
            yield stream_file(CHANGED)
        yield HANGUP

    return session


def dispatch(handlers: Mapping[str, Callable[[AgiEnvironment], AgiScript]],
             default: str) -> Callable[[AgiEnvironment], AgiScript]:
    """One FastAGI port, several scripts: ``agi://host/<script>`` picks the handler."""
    def handler(environment: AgiEnvironment) -> AgiScript:
        chosen = handlers.get(environment.script) or handlers[default]
        return chosen(environment)

    return handler
