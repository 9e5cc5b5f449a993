"""Project scripts (`python -m scripts.serve`); the shell scripts beside this are run directly."""
