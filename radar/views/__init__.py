"""Views: the registry of pages and view types (registry), the hashable view spec (spec) and the pure builders
that turn a spec into its figure, table and finding (build). No Streamlit here."""
