import pytest

from shop.orders.models import Order


@pytest.mark.django_db
def test_create_order():
    assert Order.objects.create(customer_email="a@example.com", total_cents=100).pk
