"""Package marker: lets `python3 -m unittest discover -s terraform -p "*_test.py"` reach the Lambda sources."""
