"""Persian text handling shared by every layer: normalisation, digits, dates. Qt-free."""
