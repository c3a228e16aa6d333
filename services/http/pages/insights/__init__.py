"""The commissioners' insights pages (/insights): demand and supply, unmet searches, the
directory's health; tables, server-made SVG charts and CSV files, all from read models."""
