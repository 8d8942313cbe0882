"""People in the minutes: records, paragraphs and decisions in; per person the meetings attended and
missed, the votes cast where the record names members or their party, the proposals made and what they
said where the record has speakers, out. Worked out from the stored minutes when the archive is asked
(`search.people`), never stored by a build: no extraction rule (`minutes.RULES_VERSION` leaves this
folder out).

The modules, each on the ones before it:
* `names`: a written name → the name with its party or role kept apart, the key names are compared by,
  a party's ballot letter, the one member of a meeting a short or misspelt name names;
* `attendance`: a meeting's records, and what its items' decisions say of who was away → who was present
  and absent (`Presence`): the one reading of it, the meeting view (`minutes.meetings`) lists it too;
* `votes`: decisions → the votes named members cast (`CastVote`);
* `proposals`: a paragraph → the proposals it says someone made (`Proposal`);
* `person`: what the archive says about one person (`Person`, `Statement`);
* `variants`: people by name → one person's spellings of their name put together;
* `gather`: all of these → every person by name, with their party's votes.
"""
