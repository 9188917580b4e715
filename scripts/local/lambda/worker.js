// @ts-check
'use strict';
// One Lambda execution environment: loads a handler bundle and runs one invocation at a time, as the Node.js
// runtime does in its sandbox. Plain JavaScript on purpose: a worker thread is a fresh Node.js instance that neither
// tsx (registered in the main thread only) nor ts-jest reaches, so it could not load TypeScript.
const { parentPort, workerData } = require('node:worker_threads');
const { format } = require('node:util');
const { pathToFileURL } = require('node:url');
const path = require('node:path');

/** @type {{ bundlePath: string, handlerName: string }} */
const { bundlePath, handlerName } = workerData;
const port = /** @type {import('node:worker_threads').MessagePort} */ (parentPort);

/** @type {string | undefined} Lambda prints "undefined" for lines written outside an invocation. */
let currentRequestId;

// The runtime replaces the console so each call becomes one log event with a timestamp, request id and level.
// Sent over the port rather than stdout so a line always arrives before the result of its invocation.
const LEVELS = { log: 'INFO', info: 'INFO', warn: 'WARN', error: 'ERROR', debug: 'DEBUG', trace: 'TRACE' };
for (const [method, level] of Object.entries(LEVELS)) {
  /** @type {any} */ (console)[method] = (/** @type {unknown[]} */ ...args) =>
    port.postMessage({ type: 'log', time: new Date().toISOString(), requestId: String(currentRequestId), level, text: format(...args) });
}

const initStartedAt = performance.now();
const handlerReady = loadHandler();
handlerReady.then(
  () => port.postMessage({ type: 'ready', initDurationMs: performance.now() - initStartedAt }),
  (error) => port.postMessage({ type: 'ready', initDurationMs: performance.now() - initStartedAt, error: toErrorObject(error) }),
);

port.on('message', async (/** @type {{ requestId: string, payload: string, context: Record<string, unknown> & { deadlineMs: number } }} */ message) => {
  const { requestId, payload, context } = message;
  currentRequestId = requestId;
  try {
    const handler = await handlerReady;
    const result = await callHandler(handler, JSON.parse(payload), lambdaContext(context));
    // The result crosses as JSON, as it does on Lambda: undefined becomes null, a Date becomes a string.
    port.postMessage({ type: 'result', requestId, payload: JSON.stringify(result) ?? 'null' });
  } catch (error) {
    port.postMessage({ type: 'error', requestId, error: toErrorObject(error) });
  } finally {
    currentRequestId = undefined;
  }
});

async function loadHandler() {
  /** @type {Record<string, unknown>} */
  let exported;
  try {
    exported = bundlePath.endsWith('.mjs') ? await import(pathToFileURL(bundlePath).href) : require(bundlePath);
  } catch (error) {
    throw asImportError(error);
  }
  const handler = exported[handlerName];
  if (typeof handler !== 'function') {
    const module = path.basename(bundlePath).replace(/\.[cm]?js$/, '');
    throw named('Runtime.HandlerNotFound', `${module}.${handlerName} is undefined or not exported`);
  }
  return /** @type {(...args: unknown[]) => unknown} */ (handler);
}

/** Callback-style handlers (three parameters) are still supported by nodejs22.x; async ones resolve. */
function callHandler(/** @type {(...args: unknown[]) => unknown} */ handler, /** @type {unknown} */ event, /** @type {object} */ context) {
  return new Promise((resolve, reject) => {
    const callback = (/** @type {unknown} */ error, /** @type {unknown} */ result) => (error ? reject(error) : resolve(result));
    const returned = /** @type {any} */ (handler(event, context, callback));
    if (returned && typeof returned.then === 'function') returned.then(resolve, reject);
    else if (handler.length < 3) resolve(returned);
  });
}

function lambdaContext(/** @type {Record<string, unknown> & { deadlineMs: number }} */ data) {
  const { deadlineMs, ...fields } = data;
  return {
    ...fields,
    callbackWaitsForEmptyEventLoop: true,
    getRemainingTimeInMillis: () => Math.max(0, deadlineMs - Date.now()),
  };
}

/** The error object Lambda returns: `{errorType, errorMessage, stack}`; a thrown string has errorType "string". */
function toErrorObject(/** @type {any} */ error) {
  if (error !== null && typeof error === 'object' && 'message' in error) {
    return { errorType: String(error.name ?? 'Error'), errorMessage: String(error.message), stack: typeof error.stack === 'string' ? error.stack : undefined };
  }
  return { errorType: typeof error, errorMessage: String(error) };
}

/** The runtime's names for a bundle that cannot be loaded. */
function asImportError(/** @type {any} */ error) {
  if (error instanceof SyntaxError) return named('Runtime.UserCodeSyntaxError', `SyntaxError: ${error.message}`, error.stack);
  if (error?.code === 'MODULE_NOT_FOUND' || error?.code === 'ERR_MODULE_NOT_FOUND') return named('Runtime.ImportModuleError', `Error: ${error.message}`, error.stack);
  return error;
}

function named(/** @type {string} */ name, /** @type {string} */ message, /** @type {string | undefined} */ stack = undefined) {
  const error = new Error(message);
  error.name = name;
  if (stack) error.stack = stack;
  return error;
}
