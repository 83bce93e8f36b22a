"""Advisers' room: the review queue, verdicts, hand-off requests, validated answers and their staleness."""


class ReviewError(Exception):
    """A refused review action; `status` is the HTTP status the API answers with."""

    status = 400

    def __init__(self, message: str, status: int | None = None) -> None:
        super().__init__(message)
        if status is not None:
            self.status = status


class ReviewConflict(ReviewError):
    """Someone else holds the item, or saved a newer verdict: nothing was changed."""

    status = 409
