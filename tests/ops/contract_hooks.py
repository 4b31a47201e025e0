"""Schemathesis hooks for tests/ops/contract_test.py: the known limits of what a generator can
send, each with its reason. The list may only shrink.

- `cursor` is an opaque token: only a value a list returned can be honoured, so any other string
  is refused with 422 ("is not a cursor this list returned"). A generator cannot know one.
- `sort` names the list's own sort fields (its description lists them); a generated string is
  almost never one of them, and is refused with 422 naming the fields allowed.
"""

import schemathesis


@schemathesis.hook
def map_query(context, query):
    if query:
        query.pop("cursor", None)
        query.pop("sort", None)
    return query
