"""Lambda sources of modules/roster_pipeline (csv_to_json.py, dispatch.py) and their tests."""
