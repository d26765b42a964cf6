"""The token-authenticated REST API for integrations (`/api/v1`), separate from the console's sign-in."""
