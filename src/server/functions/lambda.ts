/**
 * Lambda-compatible functions, `handler(event, context)`: Netlify's event and `clientContext`
 * in, `{ statusCode, headers, multiValueHeaders, body, isBase64Encoded }` out. The callback form
 * (`handler(event, context, callback)`) is supported too.
 */
import type { FunctionAnswer, Invocation } from './invocation.js';

/** Content types whose body Netlify passes as text; anything else arrives base64-encoded. */
const TEXT = /^(text\/|application\/(json|x-www-form-urlencoded|xml|javascript|graphql)|[^;]*\+(json|xml))/i;

export interface LambdaEvent {
  path: string;
  httpMethod: string;
  headers: Record<string, string>;
  multiValueHeaders: Record<string, string[]>;
  queryStringParameters: Record<string, string>;
  multiValueQueryStringParameters: Record<string, string[]>;
  /** null when the request has no body, as in Netlify's `HandlerEvent`. */
  body: string | null;
  isBase64Encoded: boolean;
  rawUrl: string;
  rawQuery: string;
}

export function lambdaEvent(call: Invocation): LambdaEvent {
  const headers: Record<string, string> = {};
  const multiValueHeaders: Record<string, string[]> = {};
  for (const [name, value] of call.headers) {
    headers[name] = headers[name] === undefined ? value : `${headers[name]}, ${value}`;
    (multiValueHeaders[name] ??= []).push(value);
  }
  const queryStringParameters: Record<string, string> = {};
  const multiValueQueryStringParameters: Record<string, string[]> = {};
  for (const [key, value] of call.url.searchParams) {
    queryStringParameters[key] =
      queryStringParameters[key] === undefined ? value : `${queryStringParameters[key]}, ${value}`;
    (multiValueQueryStringParameters[key] ??= []).push(value);
  }
  const binary = call.body.length > 0 && !TEXT.test(headers['content-type'] ?? 'text/plain');
  return {
    path: call.url.pathname,
    httpMethod: call.method,
    headers,
    multiValueHeaders,
    queryStringParameters,
    multiValueQueryStringParameters,
    body: call.body.length ? call.body.toString(binary ? 'base64' : 'utf8') : null,
    isBase64Encoded: binary,
    rawUrl: call.url.href,
    rawQuery: call.url.search.slice(1),
  };
}

/** The `clientContext` Netlify gives: identity URL and admin token, the caller's claims, and both base64 in `custom.netlify`. */
export function clientContext(call: Invocation): Record<string, unknown> {
  const identity = { url: call.identity.url, token: call.identity.token };
  const user = call.identity.user;
  const netlify = Buffer.from(JSON.stringify(user ? { identity, user } : { identity })).toString('base64');
  return { identity, ...(user ? { user } : {}), custom: { netlify } };
}

interface LambdaResult {
  statusCode?: unknown;
  headers?: Record<string, unknown>;
  multiValueHeaders?: Record<string, unknown[]>;
  body?: unknown;
  isBase64Encoded?: boolean;
}

export class FunctionResponseError extends Error {}

export async function runLambda(
  handler: (event: unknown, context: unknown, callback?: unknown) => unknown,
  call: Invocation,
  deadline: number,
): Promise<FunctionAnswer> {
  const result = await new Promise<unknown>((resolve, reject) => {
    const callback = (error: unknown, value?: unknown) =>
      error ? reject(error instanceof Error ? error : new Error(String(error))) : resolve(value);
    const context = {
      callbackWaitsForEmptyEventLoop: true,
      functionName: call.name,
      functionVersion: '$LATEST',
      invokedFunctionArn: `arn:aws:lambda:local:0:function:${call.name}`,
      memoryLimitInMB: '1024',
      awsRequestId: call.requestId,
      logGroupName: `/aws/lambda/${call.name}`,
      logStreamName: call.requestId,
      getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
      clientContext: clientContext(call),
      done: callback,
      succeed: (value: unknown) => resolve(value),
      fail: (error: unknown) => callback(error ?? new Error('failed')),
    };
    try {
      const returned = handler(lambdaEvent(call), context, callback);
      if (returned && typeof (returned as Promise<unknown>).then === 'function')
        (returned as Promise<unknown>).then(resolve, reject);
      else if (handler.length < 3) resolve(returned);
    } catch (error) {
      reject(error);
    }
  });
  return lambdaAnswer(result as LambdaResult | undefined);
}

function lambdaAnswer(result: LambdaResult | undefined): FunctionAnswer {
  if (!result || typeof result !== 'object')
    throw new FunctionResponseError(
      'the function returned nothing: a Lambda-compatible handler must return { statusCode, body }',
    );
  const status = Number(result.statusCode);
  if (!Number.isInteger(status) || status < 100 || status > 599) {
    throw new FunctionResponseError(
      `the function returned statusCode ${JSON.stringify(result.statusCode)}: it must be a number from 100 to 599`,
    );
  }
  const headers: Array<[string, string]> = [];
  for (const [name, value] of Object.entries(result.headers ?? {})) headers.push([name, String(value)]);
  for (const [name, values] of Object.entries(result.multiValueHeaders ?? {})) {
    for (const value of values ?? []) headers.push([name, String(value)]);
  }
  const text = result.body === undefined || result.body === null ? '' : String(result.body);
  return { status, headers, body: Buffer.from(text, result.isBase64Encoded ? 'base64' : 'utf8') };
}
