"""A local Growatt cloud: the legacy ShinePhone API and OpenAPI v1 over simulated plants."""
