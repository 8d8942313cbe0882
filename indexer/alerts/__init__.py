"""Telling people when something comes back: saved searches and follows, what is new for them
after each build, Atom feeds and e-mail digests.

Modules, in the order things happen:
- follows.py: a `FollowRequest` (a saved search, a case, a body, a document's follow-ups;
  an address; daily or weekly) in, a stored `Follow` out, or the one the address already has for
  the same thing (the SQL: indexer/store/follows.py);
- collect.py: after a build, `collect(archive, now)` records what is new per follow (idempotent);
- citations.py: hits, decisions, meetings, documents, follow-ups as cited payloads;
- digest.py, mail.py, send.py: one e-mail per person and period over SMTP, sent once;
- confirm.py: double opt-in: the mail asking an address to confirm a follow made by anyone, and the confirming;
- tokens.py: signed unsubscribe and confirmation links; links.py: URLs of the app, originals and the API;
- feeds.py: Atom feeds of a saved search, a body, a case.
- audit.py: the audit log of who changed what (the API and the app write it, both show it).
"""
from __future__ import annotations

from indexer.alerts.collect import CollectReport, collect
from indexer.alerts.follows import (FollowRequest, SavedFollow, TooManyFollows, add_follow, get_follow, list_follows,
                                    remove_follows, save_follow)
from indexer.alerts.links import Links
from indexer.alerts.mail import SmtpSettings
from indexer.alerts.send import SendReport, period_of, send_digests
from indexer.alerts.tokens import unsubscribe

__all__ = ["CollectReport", "collect", "FollowRequest", "SavedFollow", "TooManyFollows", "add_follow", "get_follow",
           "list_follows", "remove_follows", "save_follow", "Links", "SmtpSettings", "SendReport", "period_of",
           "send_digests", "unsubscribe"]
