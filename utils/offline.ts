/**
 * A request that failed because the browser is offline reads "Could not reach … Check the address",
 * which sends the person looking for a typo. When the browser says it is offline (navigator.onLine
 * is false), the message says that instead. The browser can be wrong (some VPNs make it say offline),
 * so a delivery waits uncounted for a day at most (utils/outbox/delivery-state.ts).
 */
import { t } from './i18n';
import { isNetworkError, UnconfirmedWriteError, type NetworkError } from './networks/errors';

/** The browser says it has no network; when it cannot tell, it is taken to be online. */
export function browserOffline(): boolean {
  return globalThis.navigator?.onLine === false;
}

/**
 * A request that never got an answer (a transient error with no HTTP status, caused by the failed
 * fetch or its timeout) while the browser was offline. Not a post sent without its answer: that it
 * may be out already matters more than the connection.
 */
export function failedOffline(error: unknown, offline = browserOffline()): boolean {
  if (!offline || !isNetworkError(error) || error instanceof UnconfirmedWriteError) return false;
  return error.kind === 'transient' && error.status === undefined && error.cause !== undefined;
}

/** What a delivery's failure says: that the browser is offline and it goes out later, when that is why. */
export function deliveryErrorMessage(error: NetworkError, offline = browserOffline()): string {
  return failedOffline(error, offline) ? t('errorOfflineDelivery') : error.message;
}
