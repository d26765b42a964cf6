"""Helpdesk connectors (Zendesk, Chatwoot): webhooks in, calls out, as `phasegate.helpdesk` plugins."""
