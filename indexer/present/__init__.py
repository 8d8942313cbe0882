"""Presenting: `Hit`s, decisions and follow-ups in, text, HTML, CSV and Markdown for people out.
Shared by the command line and the app.
"""
