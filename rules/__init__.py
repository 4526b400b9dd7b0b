"""greengate's domain: the disclosure model, rule packs and their evaluation."""
