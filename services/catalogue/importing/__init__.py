"""Reading directory feeds (Open Referral UK v1 and 3.0) into catalogue records."""
