"""Test fakes that ship in the package and serve the tests and the demo alike.

`fakes`: a local OpenAI-compatible chat server, a scripted LLM, in-memory helpdesk and store back ends.
`helpdesk_server`: a recording HTTP server standing in for Zendesk or Chatwoot, and the app served by uvicorn.
"""

from phasegate.testing.fakes import FakeChatServer, MemoryCommerce, MemoryHelpdesk, Mode, ScriptedLLM
from phasegate.testing.helpdesk_server import FakeHelpdesk, Recorded, ServedApp, echo_responder

__all__ = [
    "FakeChatServer",
    "FakeHelpdesk",
    "MemoryCommerce",
    "MemoryHelpdesk",
    "Mode",
    "Recorded",
    "ScriptedLLM",
    "ServedApp",
    "echo_responder",
]
