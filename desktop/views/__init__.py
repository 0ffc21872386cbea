"""Qt widgets, item models and delegates. Everything a person reads is translated here."""
