"""What the minutes say: paragraphs in, `Decision`s, `FollowUp`s (promises of later action and
where they were taken up again) and the meeting view out.
"""
