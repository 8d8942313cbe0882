"""The Streamlit app's pages and shared pieces; `app.py` wires them together."""
