-- Facts about the published version (demo or real); shown on every page, also before sign-in.
SELECT key, value FROM meta
