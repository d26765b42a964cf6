"""The help center: articles with versions, and retrieval over them."""
