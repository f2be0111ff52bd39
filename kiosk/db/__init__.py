"""SQLite storage: connections, numbered migrations, repositories and the seed of data.db."""
