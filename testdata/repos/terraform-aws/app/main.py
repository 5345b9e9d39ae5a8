import json
import os

import boto3
from fastapi import FastAPI

app = FastAPI()
sqs = boto3.client("sqs")


@app.post("/exports")
async def request_export(body: dict):
    sqs.send_message(QueueUrl=os.environ["EXPORT_QUEUE_URL"], MessageBody=json.dumps(body))
    return {"queued": True}
