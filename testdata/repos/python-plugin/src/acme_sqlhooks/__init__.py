"""SQLAlchemy dialect and hooks for AcmeDB."""
