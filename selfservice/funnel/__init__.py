"""Where applicants stop, and what they say after sending: counted without tracking anyone.

The counters (:mod:`selfservice.funnel.models`) are sums per day, language, channel and step;
the answers to the question after sending are kept with their month, language and channel.
Nothing in these tables names or points to a draft, a record, a session or a person.
"""
