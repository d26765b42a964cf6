"""The console's pages, one router per page family; each route parses the request and calls a service."""
