"""What her diary shows: the fixed list of habit/morning pairs compared honestly (`stats`, no
Flask) and the page and JSON that show them (`views`). The method: docs/insights.md."""
