"""Live intake: the durable queue of incoming events, the worker that consumes it, and the effects outbox."""
