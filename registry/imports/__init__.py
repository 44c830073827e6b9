"""Importers of the public openness datasets: the European Open Source AI Index (osai.py)
and the LF AI & Data Model Openness Tool (mot.py), written into the registry by engine.py.
Licence strings are mapped in licenses.py, organisation and model names matched in
aliases.py. ``manage.py import_osai`` and ``import_mot`` run them; docs/imports.md explains.
"""
