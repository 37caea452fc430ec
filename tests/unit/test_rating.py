from pca_tools.rating import RATINGS, rating_at_least, rating_rank


def test_order_best_first():
    assert RATINGS == ("AAA", "AA", "A", "B", "C")
    assert rating_rank("AAA") == 0
    assert rating_rank("C") == 4
    assert rating_rank(False) is None


def test_at_least():
    assert rating_at_least("AA", "A")
    assert rating_at_least("A", "A")
    assert not rating_at_least("B", "A")
    assert not rating_at_least(False, "A")
    assert rating_at_least(False, False)
    assert rating_at_least("C", None)
