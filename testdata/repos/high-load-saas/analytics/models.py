from . import db


class Event(db.Model):
    id = db.Column(db.BigInteger, primary_key=True)
    account_id = db.Column(db.String(36), index=True, nullable=False)
    name = db.Column(db.String(120), nullable=False)
    created_at = db.Column(db.DateTime, server_default=db.func.now())
