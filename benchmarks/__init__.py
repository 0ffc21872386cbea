"""Speed targets, measured on this machine: ``python -m benchmarks`` prints the table."""
