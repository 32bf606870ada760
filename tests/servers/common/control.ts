/**
 * The parts of the /__control/ surface both servers share: the faults and the
 * request log, reading a JSON body, and how bad input is reported (422
 * {"error": "..."}).
 *
 *   GET  /__control/faults     the current faults
 *   POST /__control/faults     JSON merged into `faults`, e.g. {"failWith503": 2}; answers the faults
 *   GET  /__control/requests   the request log
 *
 * Accounts, tokens and stored posts differ per server and stay in each
 * server's control.ts.
 */
import { SHARED_FAULT_TYPES, type RequestLogEntry, type SharedFaults } from './faults.js';
import { json, type Reply, type TextReply } from './http.js';

/** Bad input to the control surface (or to the JS API it mirrors): answered 422. */
export class ControlError extends Error {}

/** 'POST /__control/faults/' → 'POST /__control/faults', the key control switches on. */
export function controlAction(method: string, path: string): string {
  return `${method} ${path.replace(/\/$/, '')}`;
}

export function stringParam(params: Record<string, unknown>, key: string): string {
  const value = params[key];
  if (typeof value !== 'string') throw new ControlError(`${key} is required`);
  return value;
}

/**
 * Checks every key of `patch` against the known faults (the shared ones plus
 * `ownCounter`, the server's drop-after-store counter) before merging any.
 */
export function mergeFaults<F extends SharedFaults>(faults: F, patch: Record<string, unknown>, ownCounter: Exclude<keyof F, keyof SharedFaults> & string): F {
  const types: Record<string, 'number' | 'boolean'> = { [ownCounter]: 'number', ...SHARED_FAULT_TYPES };
  for (const [key, value] of Object.entries(patch)) {
    const type = types[key];
    if (!type) throw new ControlError(`unknown fault: ${key}`);
    if (typeof value !== type) throw new ControlError(`fault ${key} must be a ${type}`);
  }
  return Object.assign(faults, patch);
}

/**
 * Reads the JSON object a /__control/ request carries (none: no parameters) and
 * hands it to `answer` with the action; bad input, malformed JSON or a
 * ControlError, answers 422.
 */
export function answerControl<R extends Reply>(
  method: string,
  path: string,
  body: Buffer,
  answer: (action: string, params: Record<string, unknown>) => R,
): R | TextReply {
  try {
    let params: Record<string, unknown> = {};
    if (body.length) {
      const parsed = JSON.parse(body.toString('utf8')) as unknown;
      if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new ControlError('body must be a JSON object');
      params = parsed as Record<string, unknown>;
    }
    return answer(controlAction(method, path), params);
  } catch (error) {
    if (error instanceof ControlError || error instanceof SyntaxError) return json(422, { error: error.message });
    throw error;
  }
}

/** Answers the shared control routes; null for any other action. */
export function sharedControl<F extends SharedFaults>(
  action: string,
  server: { faults: F; requests: RequestLogEntry[]; ownCounter: Exclude<keyof F, keyof SharedFaults> & string },
  params: Record<string, unknown>,
): TextReply | null {
  switch (action) {
    case 'GET /__control/faults':
      return json(200, server.faults);
    case 'POST /__control/faults':
      return json(200, mergeFaults(server.faults, params, server.ownCounter));
    case 'GET /__control/requests':
      return json(200, server.requests);
    default:
      return null;
  }
}
