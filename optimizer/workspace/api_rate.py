"""Each API token's rate, counted in the workspace: a bucket of ``rate`` requests a
minute, refilled evenly, that every server process of the workspace draws on (two
app processes behind a proxy do not give a token twice its rate).

One request takes one from the bucket in one write transaction: SQLite takes its
write lock first (``BEGIN IMMEDIATE``), PostgreSQL locks the token's row
(``SELECT ... FOR UPDATE``), so requests at the same moment are counted one after
another. The moments are seconds of the wall clock, which the processes share.
"""

from __future__ import annotations

import math

from optimizer.workspace.database import Workspace
from optimizer.workspace.tables import ApiRate


def take_request(ws: Workspace, token_id: int, rate: int, moment: float) -> int:
    """Take one request from the bucket of token ``token_id`` at ``moment``: 0 when
    it is allowed, else the whole seconds to wait before the next one is."""
    with ws.write() as session:
        row = session.get(ApiRate, token_id, with_for_update=True)
        if row is None:  # a token made before its bucket was: start it full
            row = ApiRate(token_id=token_id)
            session.add(row)
        left = float(rate) if row.requests_left is None else row.requests_left
        since = moment if row.counted_at is None else row.counted_at
        left = min(float(rate), left + max(0.0, moment - since) * rate / 60)
        row.counted_at = moment
        if left < 1:
            row.requests_left = left
            return math.ceil((1 - left) * 60 / rate)
        row.requests_left = left - 1
        return 0
