"""normalise package."""
