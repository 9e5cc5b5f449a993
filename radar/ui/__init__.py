"""Streamlit helpers shared by the pages: view state in the URL, cached data access, sidebar, rendering."""
