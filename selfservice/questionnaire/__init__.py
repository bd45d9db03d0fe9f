"""The form engine: the questionnaire definition and everything derived from it.

Pure of Flask's app: the app's loaded forms are reached through :mod:`selfservice.current`.
"""
