// Stands in while a library folder has no sources yet (removed once all do).
