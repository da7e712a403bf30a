"""Find the passages of a text that repeat other texts, by character shingles.

Made for debrief reports: Chinese prose of a few thousand characters, compared
with the other reports of the same campaign and with the reporter's own report
of the year before. Chinese has no spaces to split words on, so texts are
compared by shingles: every run of `shingle_size` consecutive significant
characters. Whitespace, punctuation and control characters are not
significant, so re-punctuating a copied paragraph does not hide it.

Every shingle of every document is looked at. Sampling "anchor" shingles would
find every run of `min_passage` characters copied whole, but most passages of
real reports are stitched together from shorter matches (a stock phrase, a
name, a figure) with different sources or places, and those it would miss.

It stays fast in CPython, where a Python-level step costs more than the
comparison it does, by working on whole documents in C (struct, map, dict and
set operations, big-integer arithmetic), never a Python step per shingle:

- A shingle's key is its own encoded bytes: exact, no hash collisions.
- One dict numbers each distinct shingle of the targets by its first
  occurrence (its class); a list gives each class the bitmask of the documents
  holding it (bit i: the i-th document, targets first), so a target finds its
  matches with one look-up per shingle, however many documents share them.
- A source that at most two targets may repeat (a reporter's own report of
  last year) is compared with each of them through a set of its own shingles:
  its few thousand keys stay in the processor's cache, the big dict does not.
- Per-source character counts are bit-sliced (plane p holds bit p of every
  source's count): a sentence found in every report costs a few integer
  operations, not one per report.

Nothing proportional to documents x documents is built: memory is the index
(a few dozen bytes per shingle) and one target's work at a time.
"""

from .search import Passage, Repeats, find_repeats

__all__ = ["Passage", "Repeats", "find_repeats"]
