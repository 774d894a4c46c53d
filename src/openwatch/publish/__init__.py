"""Publishers: the static site and its Atom feeds (a face beside cli/)."""
