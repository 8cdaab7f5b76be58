"""The archive's data model and loading: data files, pages and their macro calls, periods, vocabulary.

May import only `macros.errors` and the standard and data libraries (never MkDocs)."""
