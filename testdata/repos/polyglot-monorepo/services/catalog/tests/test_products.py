from mongomock_motor import AsyncMongoMockClient


async def test_lookup():
    db = AsyncMongoMockClient()["catalog"]
    await db.products.insert_one({"sku": "A1"})
    assert await db.products.find_one({"sku": "A1"})
