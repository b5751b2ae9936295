"""cwg: the digital secretariat of a Council Working Group."""
