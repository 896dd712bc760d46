"""The portal package has no models of its own.

This module exists so that Django sends ``post_migrate`` to this app, which syncs the
role groups (see ``apps.py``).
"""
