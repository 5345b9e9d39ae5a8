import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient, GetCommand } from "@aws-sdk/lib-dynamodb";

const db = DynamoDBDocumentClient.from(new DynamoDBClient({}));

export const handler = async (event: { pathParameters: { id: string } }) => {
  const out = await db.send(new GetCommand({ TableName: process.env.TABLE_NAME, Key: { pk: event.pathParameters.id } }));
  return out.Item ? { statusCode: 200, body: JSON.stringify(out.Item) } : { statusCode: 404, body: "" };
};
