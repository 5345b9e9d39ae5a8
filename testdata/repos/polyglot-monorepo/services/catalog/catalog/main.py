import os

from fastapi import FastAPI, HTTPException
from motor.motor_asyncio import AsyncIOMotorClient

app = FastAPI(title="catalog")
db = AsyncIOMotorClient(os.environ.get("MONGO_URL", "mongodb://localhost:27017"))["catalog"]


@app.get("/products/{sku}")
async def product(sku: str):
    doc = await db.products.find_one({"sku": sku}, {"_id": 0})
    if doc is None:
        raise HTTPException(404)
    return doc
