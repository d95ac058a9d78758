"""Who acts when no person does: a periodic job, a notice's outcome, an import run from the console.

Services take `actor` as a required keyword. Work done by a job passes `SystemActor("<job name>")`, which
permission checks accept (`is_system`), timelines record with `by_system` set and the job's name, and the
audit log records as `system:<job name>`."""

from dataclasses import dataclass


@dataclass(frozen=True)
class SystemActor:
    job: str

    is_system = True
    is_authenticated = False  # not a signed-in person: never passes a role or department check
    is_active = True
    is_staff = False
    is_superuser = False
    pk = None
    id = None

    def get_username(self) -> str:
        return f"system:{self.job}"

    def __str__(self) -> str:
        return self.get_username()


def is_system(actor) -> bool:
    return getattr(actor, "is_system", False) is True


# A member of the public without an account (an objector, a voter): the pages pass this, and the record
# they file (the objection, the ballot with its voter hash) says who they are.
PUBLIC = SystemActor("public")
