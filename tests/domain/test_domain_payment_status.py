"""An invoice's payment status from its amount and what was paid."""

from decimal import Decimal

import pytest

from heka_asoy.domain.payment_status import excess, payment_status

D = Decimal


@pytest.mark.parametrize(
    ("amount", "paid", "current", "expected"),
    [
        (D("450"), D("0"), "open", "open"),
        (D("450"), D("0.01"), "open", "partly_paid"),
        (D("450"), D("450.00"), "partly_paid", "paid"),
        (D("450"), D("450.01"), "paid", "overpaid"),
        (D("450"), D("500"), "credited", "credited"),
    ],
)
def test_payment_status(amount, paid, current, expected):
    assert payment_status(amount, paid, current) == expected


def test_excess_is_what_was_paid_beyond_the_amount():
    assert excess(D("300"), D("350")) == D("50")
    assert excess(D("300"), D("200")) == 0
