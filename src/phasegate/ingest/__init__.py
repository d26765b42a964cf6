"""Reading outside files line by line: errors that name the line, the field and the reason."""
