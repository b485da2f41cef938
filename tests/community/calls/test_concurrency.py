"""Many members register for the last places at the same moment: never more registered than places.

A real race on PostgreSQL: each thread has its own database connection and transaction, and all of them start
registering together (a barrier). Without the row lock in registration.py, several transactions would count the
same free place and the call would be overbooked.
"""

import threading
from datetime import timedelta

import pytest
from django.db import connection, connections

from community.calls import registration as rules
from community.calls.models import CallState, Registration, RegistrationStatus

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="needs PostgreSQL (set DATABASE_URL): SQLite serialises all writers, so there is no race to test",
    ),
]

CAPACITY = 5
MEMBERS = 24


def _race(call, members, action) -> list:
    barrier = threading.Barrier(len(members))
    results, errors = [], []

    def run(member):
        try:
            barrier.wait(timeout=30)
            results.append(action(member, call))
        except Exception as error:  # collected and reported by the test
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(member,)) for member in members]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors, errors
    return results


def test_parallel_registrations_never_overbook(make_call, make_member):
    call = make_call("Der beliebte Call", start=timedelta(days=5), capacity=CAPACITY)
    members = [make_member(f"Person {number}") for number in range(MEMBERS)]

    results = _race(call, members, rules.register)

    assert len(results) == MEMBERS
    statuses = [registration.status for registration in results]
    assert statuses.count(RegistrationStatus.REGISTERED) == CAPACITY
    assert statuses.count(RegistrationStatus.WAITLISTED) == MEMBERS - CAPACITY
    stored = Registration.objects.filter(call=call)
    assert stored.filter(status=RegistrationStatus.REGISTERED).count() == CAPACITY
    assert stored.count() == MEMBERS
    state = CallState.objects.get(call=call)
    assert (state.registered_count, state.waitlist_count) == (CAPACITY, MEMBERS - CAPACITY)


def test_parallel_cancellations_fill_each_place_once(make_call, make_member):
    """Registered members cancel at the same moment: each freed place goes to exactly one waiting member, in the
    order of the waiting list."""
    call = make_call("Noch ein beliebter Call", start=timedelta(days=5), capacity=CAPACITY)
    members = [make_member(f"Mitglied {number}") for number in range(CAPACITY + 8)]
    for member in members:
        rules.register(member, call)
    leaving = members[:CAPACITY]

    results = _race(call, leaving, rules.cancel)

    promoted = [registration.user_id for result in results for registration in result.promoted]
    waiting_in_order = [member.pk for member in members[CAPACITY:]]
    assert sorted(promoted) == sorted(waiting_in_order[:CAPACITY])
    registered = Registration.objects.filter(call=call, status=RegistrationStatus.REGISTERED)
    assert set(registered.values_list("user_id", flat=True)) == set(waiting_in_order[:CAPACITY])
    assert (
        Registration.objects.filter(call=call, status=RegistrationStatus.WAITLISTED).count() == 8 - CAPACITY
    )
