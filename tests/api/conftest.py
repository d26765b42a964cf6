"""The API tests use the intake tests' workspaces (a database of their own per module, emptied between
tests), the bundled router's analysis and the recording helpdesk."""

from tests.intake.conftest import analyzer, fake, fresh_url, module_workspace, workspace

__all__ = ["analyzer", "fake", "fresh_url", "module_workspace", "workspace"]
