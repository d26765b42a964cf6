"""The commerce side: customers, catalog, orders with shipments, returns and refunds."""
