import middy from "@middy/core";
import jsonBodyParser from "@middy/http-json-body-parser";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient, PutCommand } from "@aws-sdk/lib-dynamodb";
import { randomUUID } from "node:crypto";

const db = DynamoDBDocumentClient.from(new DynamoDBClient({}));

export const handler = middy(async (event: { body: { total: number } }) => {
  const id = randomUUID();
  await db.send(new PutCommand({ TableName: process.env.TABLE_NAME, Item: { pk: id, total: event.body.total } }));
  return { statusCode: 201, body: JSON.stringify({ id }) };
}).use(jsonBodyParser());
