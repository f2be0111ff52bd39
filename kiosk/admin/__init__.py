"""Staff use cases shared by the command line and the staff screens."""
