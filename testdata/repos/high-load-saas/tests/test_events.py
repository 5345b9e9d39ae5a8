def test_requires_login(client):
    assert client.post("/events", json={"name": "x", "account_id": "a"}).status_code == 401
