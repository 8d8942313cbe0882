"""Sending digests: an index directory, the mail server's settings, the links and the time in;
at most one message per person and period (a day for daily follows, an ISO week for weekly
ones) handed to SMTP, and a `SendReport` out.

Never twice: the matches go into a digest row first; the digest is marked sent only after
the server accepted the message. When the server is down (or refuses), the digest stays
pending, keeps its matches, gathers newer ones, and is sent by the next run.
"""
from __future__ import annotations

import smtplib
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from indexer.alerts.digest import compose
from indexer.alerts.follows import alert_store, describe_follows, utc_now
from indexer.alerts.links import Links
from indexer.alerts.mail import Mailer, SmtpSettings
from indexer.alerts.tokens import signing_key
from indexer.alerts.words import digest_language


@dataclass
class SendReport:
    """What one send run did."""

    sent: list[tuple[str, int]] = field(default_factory=list)  # (address, matches in the message)
    pending: list[tuple[str, str]] = field(default_factory=list)  # (address, why it is still waiting)
    later: list[str] = field(default_factory=list)  # addresses that had their digest this period already
    confirmations: int = 0  # mails asking an address to confirm a follow, sent this run

    def summary(self) -> str:
        text = (f"{len(self.sent)} digest{'' if len(self.sent) == 1 else 's'} sent, {len(self.pending)} pending, "
                f"{len(self.later)} waiting for the next period")
        if self.confirmations:
            text += f", {self.confirmations} asked to confirm a follow"
        return text + "".join(f"\n  pending for {email}: {why}" for email, why in self.pending)


def period_of(frequency: str, now: datetime | str | None = None) -> str:
    """The period a digest belongs to: "2026-03-12" (daily) or "2026-W11" (weekly), in UTC."""
    moment = datetime.fromisoformat(utc_now(now))
    if frequency == "weekly":
        year, week, _ = moment.isocalendar()
        return f"{year}-W{week:02d}"
    return moment.date().isoformat()


def send_digests(index_dir: Path | str, settings: SmtpSettings, links: Links,
                 now: datetime | str | None = None) -> SendReport:
    """Send every person their digest of what was collected and not sent yet (see the module),
    after the confirmation mails not sent yet (`indexer.alerts.confirm`)."""
    from indexer.alerts.confirm import send_confirmations

    at = utc_now(now)
    report = SendReport()
    key = signing_key(index_dir)
    down: Exception | None = None  # the server could not be reached: try nobody else this run
    with Mailer(settings) as mailer:
        report.confirmations, failed = send_confirmations(index_dir, mailer, settings, links, now=at)
    report.pending += [(email, f"confirmation: {why}") for email, why in failed]
    with alert_store(index_dir) as store, Mailer(settings) as mailer:
        for email, frequency in store.waiting_recipients():
            period = period_of(frequency, at)
            with store.writing():
                if store.digest_sent_in(email, frequency, period):
                    report.later.append(email)
                    continue
                digest_id = store.open_digest(email, frequency, period, at)
            matches = store.matches(digest_id=digest_id)
            follows = {f.id: f for f in store.follows(email) if not f.pending}
            order = list(dict.fromkeys(m.follow_id for m in matches if m.follow_id in follows))
            if not order:
                with store.writing():
                    store.delete_digest(digest_id)
                continue
            groups = [(follows[fid], [m for m in matches if m.follow_id == fid]) for fid in order]
            # one language for the whole message: that of most of the address's follows
            language = digest_language(follow.language for follow in follows.values())
            names = describe_follows(store, [follow for follow, _ in groups], language)
            message = compose(email, frequency, period, groups, links, key, settings.sender, names, language)
            try:
                if down is not None:
                    raise down
                mailer.send(message)
            except (smtplib.SMTPException, OSError) as exc:
                why = f"{type(exc).__name__}: {exc}"
                with store.writing():
                    store.digest_failed(digest_id, why)
                report.pending.append((email, why))
                if not isinstance(exc, (smtplib.SMTPRecipientsRefused, smtplib.SMTPDataError)):
                    down = exc
                continue
            with store.writing():
                store.digest_delivered(digest_id, at)
            report.sent.append((email, sum(len(m) for _, m in groups)))
    return report
