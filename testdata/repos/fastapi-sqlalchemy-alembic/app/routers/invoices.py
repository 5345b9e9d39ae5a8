from fastapi import APIRouter, HTTPException
from sqlalchemy import select

from app.db import SessionLocal
from app.models import Invoice

router = APIRouter()


@router.get("/{invoice_id}")
async def get_invoice(invoice_id: int):
    async with SessionLocal() as session:
        invoice = (await session.execute(select(Invoice).where(Invoice.id == invoice_id))).scalar_one_or_none()
    if invoice is None:
        raise HTTPException(status_code=404)
    return {"id": invoice.id, "status": invoice.status, "amount_cents": invoice.amount_cents}
