"""The build steps of the handbook, one module a step; build.py runs them in order."""
