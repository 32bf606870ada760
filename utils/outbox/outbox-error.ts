/** A publish or retry the outbox cannot take, with a message for people. */
export class OutboxError extends Error {
  override readonly name = 'OutboxError';
}
