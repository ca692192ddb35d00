"""Tags as rows with ids and colors: `store` (batched reads, row writes), `service` (calls by id)."""
