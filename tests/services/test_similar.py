"""Similar past incidents: shared services first, then similar words; only finished ones."""

from __future__ import annotations

from desktop.services import directory, incidents, queries, records
from desktop.services.store import Store
from tests.helpers.review import review_done
from desktop.text.calendar import utcnow


def _finished(store: Store, title: str, service: str, root_cause: str, fix: str) -> str:
    incident = store.run(incidents.declare, title=title, service_ids=[service]).value
    store.run(incidents.edit, incident, root_cause=root_cause)
    change = store.run(records.open_change, incident, fix, outcome="successful",  # an outcome once implemented
                       implemented_at=utcnow()).value
    store.run(incidents.move, incident, "resolved", change)
    store.run(incidents.move, incident, "in_review")
    review_done(store, incident)
    store.run(incidents.move, incident, "closed")
    return incident


def test_shared_services_then_words_with_root_cause_and_fix(store: Store) -> None:
    payments = store.run(directory.add_service, "درگاه پرداخت").value
    mail = store.run(directory.add_service, "ایمیل سازمانی").value
    past_payment = _finished(store, "قطعی درگاه پرداخت", payments, "نشت اتصال در نسخه ۲٫۴", "بازگرداندن نسخه ۲٫۳")
    past_mail = _finished(store, "کندی ایمیل سازمانی", mail, "پر شدن صف پیام", "افزودن کارگزار")
    still_open = store.run(incidents.declare, title="قطعی درگاه پرداخت", service_ids=[payments]).value

    by_service = store.read(queries.similar, "خطای ناشناخته", (payments,))
    assert [s.id for s in by_service] == [past_payment]
    assert by_service[0].root_cause == "نشت اتصال در نسخه ۲٫۴"
    assert by_service[0].fix == "بازگرداندن نسخه ۲٫۳" and by_service[0].fix_outcome == "successful"

    by_words = store.read(queries.similar, "ايميل كند است", ())  # Arabic letters typed: still found
    assert [s.id for s in by_words] == [past_mail]
    both = store.read(queries.similar, "کندی ایمیل", (payments,))
    assert [s.id for s in both] == [past_payment, past_mail]  # a shared service ranks first
    assert still_open not in {s.id for s in store.read(queries.similar, "قطعی درگاه پرداخت", (payments,))}
    assert store.read(queries.similar, "قطعی درگاه", (payments,), past_payment) == []
