"""Report rows computed in SQL, and writers for them."""
