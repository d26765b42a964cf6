"""The signed-in user as the console sees it on each request."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from phasegate.auth.service import can_manage_rollout


class UserRead(BaseModel):
    """A user without the password hash; what a request carries once signed in."""

    model_config = ConfigDict(from_attributes=True, frozen=True)

    id: int
    username: str
    role: str

    @property
    def can_manage_rollout(self) -> bool:
        """Whether this user may change phases, the policy and the kill switch."""
        return can_manage_rollout(self.role)
