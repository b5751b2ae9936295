"""Reports up the chain: the Chair's report to Council and the cycle roll-up."""
