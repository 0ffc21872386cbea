"""The wall's rotation: overview pages, then a focus page per sev1; a new sev1 first."""

from desktop.services.wall_rotation import LONGEST_S, SHORTEST_S, Page, Rotation, interval


def test_pages_rotate_and_a_new_sev1_jumps_the_queue() -> None:
    rotation = Rotation()
    assert rotation.update(2, ["a"]) == Page("overview", 0)  # the first picture is not news
    assert [rotation.advance(), rotation.advance(), rotation.advance()] == [
        Page("overview", 1), Page("focus", "a"), Page("overview", 0)]
    assert rotation.update(2, ["a", "b"]) == Page("focus", "b")
    assert rotation.update(2, ["a", "b"]) == Page("focus", "b")  # not news twice


def test_the_page_shown_stays_or_falls_back_when_it_is_gone() -> None:
    rotation = Rotation()
    rotation.update(3, ["a"])
    assert rotation.show(Page("overview", 2)) and not rotation.show(Page("focus", "zz"))
    assert rotation.update(2, ["a"]) == Page("overview", 1)  # fewer pages: the last one
    rotation.show(Page("focus", "a"))
    assert rotation.update(2, []) == Page("overview", 0)  # its sev1 resolved: back to the overview
    assert rotation.update(0, []) == Page("overview", 0) and rotation.pages == [Page("overview", 0)]


def test_the_interval_setting_is_bounded_and_forgiving() -> None:
    assert interval(30) == 30 and interval("45") == 45
    assert interval(1) == SHORTEST_S and interval(10**9) == LONGEST_S
    assert interval("soon") == interval(None) == 20


def test_the_metrics_page_comes_after_the_overview_pages_and_stays() -> None:
    from desktop.services.wall_rotation import METRICS

    rotation = Rotation(metrics=True)
    assert rotation.show(METRICS)  # there from the start, before any picture
    assert rotation.update(2, ["a"]) == METRICS  # the page shown stays
    assert rotation.pages == [Page("overview", 0), Page("overview", 1), METRICS, Page("focus", "a")]
    assert [rotation.advance(), rotation.advance()] == [Page("focus", "a"), Page("overview", 0)]
    assert rotation.update(1, ["a", "b"]) == Page("focus", "b")  # a new sev1 still jumps the queue
    rotation.show(METRICS)
    assert rotation.update(0, []) == METRICS
