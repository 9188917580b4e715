import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import * as z from 'zod/mini';
import { isRetryable } from './aws-errors';
import type { Logger } from './log';

/** An answer the client should read: a status, a stable code and a message that says what to do. */
export class HttpError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
    /** More for the client to read beside the code and message, such as when a limit resets. */
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

export interface JsonReply {
  statusCode: number;
  body: unknown;
}

/** The site's own origin, never `*`; `Vary` keeps caches from serving one origin's answer to another. */
export function corsHeaders(siteOrigin: string): Record<string, string> {
  return {
    'Access-Control-Allow-Origin': siteOrigin,
    Vary: 'Origin',
    'Content-Type': 'application/json',
    'Cache-Control': 'no-store',
  };
}

export function jsonResponse(siteOrigin: string, reply: JsonReply): APIGatewayProxyResult {
  return { statusCode: reply.statusCode, headers: corsHeaders(siteOrigin), body: JSON.stringify(reply.body) };
}

export function errorReply(statusCode: number, code: string, message: string, details: Record<string, unknown> = {}): JsonReply {
  return { statusCode, body: { error: { code, message, ...details } } };
}

export function readJsonBody(event: Pick<APIGatewayProxyEvent, 'body' | 'isBase64Encoded'>): unknown {
  if (!event.body) throw new HttpError(400, 'INVALID_JSON', 'Send a JSON object as the request body.');
  const text = event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString('utf8') : event.body;
  try {
    return JSON.parse(text);
  } catch {
    throw new HttpError(400, 'INVALID_JSON', 'The request body is not valid JSON.');
  }
}

/**
 * Validates a request body; the first problem becomes a 400 whose code names the field
 * (`codes[field]`), or `INVALID_REQUEST` when the body is not the expected object at all.
 */
export function parseRequest<Schema extends z.ZodMiniType>(schema: Schema, body: unknown, codes: Record<string, string>): z.infer<Schema> {
  const result = z.safeParse(schema, body);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const field = issue.path.length > 0 ? String(issue.path[0]) : undefined;
  const code = (field && codes[field]) || 'INVALID_REQUEST';
  throw new HttpError(400, code, field ? `${field}: ${issue.message}` : issue.message);
}

/**
 * Runs one API request: answers the CORS preflight, turns HttpError into its JSON answer and any
 * other failure into a 500 (503 when AWS is throttling us), every answer with CORS headers.
 */
export async function answerRequest(
  event: Pick<APIGatewayProxyEvent, 'httpMethod'>,
  options: { siteOrigin: string; logger: Logger },
  handle: () => Promise<JsonReply>,
): Promise<APIGatewayProxyResult> {
  const { siteOrigin, logger } = options;
  if (event.httpMethod === 'OPTIONS') {
    return {
      statusCode: 204,
      headers: {
        ...corsHeaders(siteOrigin),
        'Access-Control-Allow-Methods': 'OPTIONS,POST',
        'Access-Control-Allow-Headers': 'Content-Type',
        'Access-Control-Max-Age': '600',
      },
      body: '',
    };
  }
  if (event.httpMethod && event.httpMethod !== 'POST') {
    return jsonResponse(siteOrigin, errorReply(405, 'METHOD_NOT_ALLOWED', 'Use POST.'));
  }
  try {
    return jsonResponse(siteOrigin, await handle());
  } catch (error) {
    if (error instanceof HttpError) {
      logger.warn('request rejected', { code: error.code, statusCode: error.statusCode, reason: error.message });
      return jsonResponse(siteOrigin, errorReply(error.statusCode, error.code, error.message, error.details));
    }
    if (isRetryable(error)) {
      logger.warn('AWS is busy', { error });
      return jsonResponse(siteOrigin, errorReply(503, 'SERVICE_BUSY', 'The service is busy; try again in a few seconds.'));
    }
    logger.error('request failed', { error });
    return jsonResponse(siteOrigin, errorReply(500, 'INTERNAL_ERROR', 'Something went wrong on our side; try again later.'));
  }
}
