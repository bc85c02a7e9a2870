"""The terminal interview: replies (pure parsing), the session file, the screen (Rich) and the
flow of the conversation. It collects answers; it never scores or writes the plan."""
