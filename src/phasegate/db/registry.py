"""Imports every table module so that `Base.metadata` is complete (for Alembic and tests)."""

from phasegate.aftercare import models as aftercare_models
from phasegate.api import models as api_models
from phasegate.auth import models as auth_models
from phasegate.auth import sessions as auth_sessions
from phasegate.conversations import models as conversations_models
from phasegate.db.base import Base
from phasegate.drafts import models as drafts_models
from phasegate.evals import models as evals_models
from phasegate.inbox import models as inbox_models
from phasegate.intake import models as intake_models
from phasegate.knowledge import models as knowledge_models
from phasegate.metrics import models as metrics_models
from phasegate.rollout import models as rollout_models
from phasegate.scheduler import models as scheduler_models
from phasegate.store import models as store_models
from phasegate.tickets import models as tickets_models

MODULES = (
    aftercare_models,
    api_models,
    intake_models,
    auth_models,
    conversations_models,
    auth_sessions,
    drafts_models,
    evals_models,
    inbox_models,
    knowledge_models,
    metrics_models,
    rollout_models,
    scheduler_models,
    store_models,
    tickets_models,
)
metadata = Base.metadata
