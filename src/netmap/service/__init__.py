"""Use-cases shared by the CLI, the API and notebooks (one module per concern)."""
