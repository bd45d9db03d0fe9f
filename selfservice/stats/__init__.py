"""Follow-up statistics and synthetic demo data for the caseworker area."""
