"""Sentence encoders that run offline: the static distillation of all-MiniLM-L6-v2 and its tokenizer."""
