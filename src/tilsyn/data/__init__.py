"""The input contract: schema, reading, validation, the analytic store, synthetic data."""
