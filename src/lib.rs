//! ferrocdk facade (filled in by the foundation work).
