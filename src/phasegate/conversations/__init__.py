"""Phase 3 for real: the conversation engine that answers customers, acts through verified actions, and hands
off to a person with the whole context (see docs/conversations.md)."""
