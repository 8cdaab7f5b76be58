"""Copies of the site to take away: each summary's PDF (printed by Chromium) and the offline bundle.

May import `macros.archive`, `macros.site` (for the PDF links) and `macros.errors`; `browser` uses only the standard library."""
