"""The input contract (spec 02): schema, reading, validation, the analytic store, synthetic data."""
