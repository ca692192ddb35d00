"""Project dumps: one JSON file holding a whole project, written and read as a stream (never the whole dump
in memory). The file format is the one interchange format Planyard has, the dump of taiga-back (its keys
name the lists: `us_statuses`, `user_stories`, ...), so that a dump moves between the two servers."""
