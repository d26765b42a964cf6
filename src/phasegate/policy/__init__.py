"""The escalation policy as data, and the pure decision: (analysis, context, policy) -> Decision.

Imports no web framework, database or network code (a test pins this).
"""
