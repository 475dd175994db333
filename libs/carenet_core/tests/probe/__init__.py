"""A tiny service used only to test the shared plumbing through real HTTP and a real database."""
