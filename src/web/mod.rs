//! Browser layer (filled in by the page issue).
