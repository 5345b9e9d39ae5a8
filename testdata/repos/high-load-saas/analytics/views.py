import requests
from flask import Blueprint, jsonify, request
from flask_login import login_required

from . import db
from .models import Event

bp = Blueprint("events", __name__)


@bp.post("/events")
@login_required
def track():
    event = Event(name=request.json["name"], account_id=request.json["account_id"])
    db.session.add(event)
    db.session.commit()
    # Enrich synchronously from the geo service; this blocks the worker.
    requests.post("http://geo.internal/enrich", json={"id": event.id}, timeout=2)
    return jsonify(id=event.id), 201
