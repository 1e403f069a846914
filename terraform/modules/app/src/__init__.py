"""Lambda source of modules/app (handler.py) and its tests."""
