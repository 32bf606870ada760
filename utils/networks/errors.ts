/**
 * Typed errors every adapter throws, so the outbox decides what to do from the kind alone and the
 * person reads a sentence that says what happened and what to do.
 * `message` is already written for people; `detail` keeps what the server said.
 */
export interface ErrorOptions {
  cause?: unknown;
  detail?: string;
  status?: number;
  code?: string;
}

export type NetworkErrorKind = 'auth' | 'rate-limit' | 'validation' | 'transient';

export abstract class NetworkError extends Error {
  abstract readonly kind: NetworkErrorKind;
  /** What the server said, verbatim, when it said something. */
  readonly detail?: string;
  /** The HTTP status, when there was an answer. */
  readonly status?: number;
  /** The server's machine-readable error name (XRPC `error`, Misskey `error.code`). */
  readonly code?: string;
  constructor(message: string, options?: ErrorOptions) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.detail = options?.detail;
    this.status = options?.status;
    this.code = options?.code;
  }
}

/** The token was revoked or lacks a scope: the account must be linked again. */
export class AuthError extends NetworkError {
  readonly kind = 'auth';
  override readonly name = 'AuthError';
}

/** The server asked us to slow down; `retryAt` is when it allows the next request. */
export class RateLimitError extends NetworkError {
  readonly kind = 'rate-limit';
  override readonly name = 'RateLimitError';
  constructor(
    message: string,
    readonly retryAt: number,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/** The server refused the content itself; retrying the same request cannot help. */
export class ValidationError extends NetworkError {
  readonly kind = 'validation';
  override readonly name = 'ValidationError';
}

/** Network failure, timeout or a 5xx: the same request may succeed later. */
export class TransientError extends NetworkError {
  readonly kind = 'transient';
  override readonly name: string = 'TransientError';
}

/**
 * A request that creates something (a post) got no answer in time: it may well have been done. Tried
 * again like any transient failure (the request is safe to repeat), but the person is told it was
 * sent and waits for confirmation, not that it failed.
 */
export class UnconfirmedWriteError extends TransientError {
  override readonly name = 'UnconfirmedWriteError';
}

export function isNetworkError(error: unknown): error is NetworkError {
  return error instanceof NetworkError;
}
