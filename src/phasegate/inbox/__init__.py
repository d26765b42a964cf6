"""The console inbox: its read model (filters, search, escalations first) and the saved views."""
