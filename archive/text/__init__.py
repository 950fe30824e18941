"""Pure text functions with no project imports (so models and analysis can both use them)."""
