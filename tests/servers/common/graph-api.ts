/**
 * What Meta's Graph API does the same way for Threads and Instagram, both being
 * served by it (graph.threads.net, graph.instagram.com): the error envelope, the
 * `fields=` selector, and how times are written. Both local servers build these
 * here; what the two real APIs answer differently (messages, codes, headers, the
 * length of trace ids, which fields a node has) stays in each server's own files.
 */

// ---------------------------------------------------------------------------
// The error envelope
// https://developers.facebook.com/docs/graph-api/guides/error-handling

/** An error's fields under their wire names; absent ones are left out of the answer. */
export interface GraphErrorBody {
  message: string;
  /** OAuthException when absent: the type of most Graph errors. */
  type?: string | undefined;
  code: number;
  error_subcode?: number | undefined;
  is_transient?: boolean | undefined;
  error_user_title?: string | undefined;
  error_user_msg?: string | undefined;
}

export interface GraphErrorEnvelope {
  error: {
    message: string;
    type: string;
    code: number;
    error_subcode?: number;
    is_transient?: boolean;
    error_user_title?: string;
    error_user_msg?: string;
    fbtrace_id: string;
  };
}

/**
 * {"error": {...}}, the keys in the order of Meta's samples: message, type, code,
 * error_subcode, is_transient, user title/msg, fbtrace_id. Each server makes its
 * own `fbtraceId`, as Threads and Instagram answer them at different lengths.
 */
export function graphErrorEnvelope(body: GraphErrorBody, fbtraceId: string): GraphErrorEnvelope {
  return {
    error: {
      message: body.message,
      type: body.type ?? 'OAuthException',
      code: body.code,
      ...(body.error_subcode !== undefined && { error_subcode: body.error_subcode }),
      ...(body.is_transient !== undefined && { is_transient: body.is_transient }),
      ...(body.error_user_title !== undefined && { error_user_title: body.error_user_title }),
      ...(body.error_user_msg !== undefined && { error_user_msg: body.error_user_msg }),
      fbtrace_id: fbtraceId,
    },
  };
}

/** The WWW-Authenticate header Graph sends with an OAuthException: invalid_token for code 190, invalid_request otherwise. */
export function oauthChallenge(code: number, message: string): string {
  const kind = code === 190 ? 'invalid_token' : 'invalid_request';
  return `OAuth "Facebook Platform" "${kind}" "${message.replace(/"/g, "'")}"`;
}

/** Graph's date in 190 messages: "Tuesday, 02-Jul-24 10:00:00 PDT" (Graph always writes Pacific time). */
export function pacificTime(ms: number): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', {
      timeZone: 'America/Los_Angeles',
      weekday: 'long',
      day: '2-digit',
      month: 'short',
      year: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
      timeZoneName: 'short',
    })
      .formatToParts(new Date(ms))
      .map((p) => [p.type, p.value]),
  );
  return `${parts.weekday}, ${parts.day}-${parts.month}-${parts.year} ${parts.hour}:${parts.minute}:${parts.second} ${parts.timeZoneName}`;
}

// ---------------------------------------------------------------------------
// fields=id,owner{id},children{id,media_url}

export interface FieldRequest {
  name: string;
  /** Sub-fields asked for with braces (`children{id,media_url}`); null when none. */
  sub: FieldRequest[] | null;
}

/**
 * Parses a fields list, nested braces included; null when none is given.
 * `dropModifiers`: `media.limit(5)` is read as `media` (the Instagram server);
 * otherwise the modifier stays in the name, which then names no field (the
 * Threads server).
 */
export function parseFields(spec: string | undefined, { dropModifiers = false } = {}): FieldRequest[] | null {
  if (spec === undefined || spec.trim() === '') return null;
  let at = 0;
  const parseList = (): FieldRequest[] => {
    const out: FieldRequest[] = [];
    while (at < spec.length) {
      const start = at;
      while (at < spec.length && !',{}'.includes(spec[at]!)) at++;
      const written = spec.slice(start, at).trim();
      const name = dropModifiers ? written.replace(/\..*$/, '') : written;
      let sub: FieldRequest[] | null = null;
      if (spec[at] === '{') {
        at++;
        sub = parseList();
        if (spec[at] === '}') at++;
      }
      if (name) out.push({ name, sub });
      if (spec[at] === ',') {
        at++;
        continue;
      }
      if (spec[at] === '}' || at >= spec.length) break;
    }
    return out;
  };
  return parseList();
}

// ---------------------------------------------------------------------------
// Times

/** ISO 8601 the way Graph writes it: seconds and "+0000" (Threads' Postman collection: "2024-09-12T23:17:39+0000"). */
export function graphTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, '+0000');
}
