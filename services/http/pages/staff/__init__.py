"""The staff workspace's pages: sign-in, accounts, staff search and signposting."""
