"""phasegate: phased AI for customer service, with escalation logic customers can trust."""

__version__ = "0.1.0"
