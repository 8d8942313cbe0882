"""Embedding: passages in, vectors out (the bundled model, torch or ONNX backends, a per-machine
vector cache, and the passage text each paragraph is embedded as).
"""
