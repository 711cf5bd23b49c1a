// Placeholder; replaced by the probe work.
