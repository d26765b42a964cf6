"""The web app: FastAPI with server-rendered Jinja2 + HTMX pages, assets vendored (works offline)."""
