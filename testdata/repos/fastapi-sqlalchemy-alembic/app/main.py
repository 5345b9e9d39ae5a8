from fastapi import FastAPI

from app.routers import invoices

app = FastAPI(title="Billing API", version="0.6.0")
app.include_router(invoices.router, prefix="/invoices")


@app.get("/healthz")
async def healthz() -> dict[str, str]:
    return {"status": "ok"}
