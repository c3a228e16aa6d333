"""Staff pages for room lettings: venue managers and agency bookers."""
