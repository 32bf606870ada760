/**
 * Linking a Bluesky (AT Protocol) account with an app password: handle → DID → DID document → the
 * account's own PDS (never assume bsky.social), then a session there.
 */
import { browser } from 'wxt/browser';
import { t } from '../../i18n';
import { AuthError, ValidationError } from '../errors';
import { requestJson } from '../http';
import { originPattern } from '../server-address';
import type { LinkResult } from '../types';
import { atprotoServices, blueskyNetwork } from './description';
import { jwtExpiry, xrpcUrl, type Session } from './xrpc';

interface DidDocument {
  id?: string;
  alsoKnownAs?: string[];
  service?: { id?: string; type?: string; serviceEndpoint?: string }[];
}

interface Profile {
  displayName?: string;
  avatar?: unknown;
}

function cleanIdentifier(input: string): string {
  return input.trim().replace(/^@/, '').toLowerCase();
}

async function resolveHandle(service: string, handle: string): Promise<string | undefined> {
  try {
    const { data } = await requestJson<{ did?: string }>(xrpcUrl(service, 'com.atproto.identity.resolveHandle', { handle }), {
      timeoutMs: 10_000,
      followRedirects: true,
    });
    return data.did;
  } catch (error) {
    if (error instanceof ValidationError) return undefined; // "Unable to resolve handle"
    throw error;
  }
}

/** The account's PDS from its DID document (did:plc from the PLC directory, did:web from the host). */
async function resolvePds(did: string, plcDirectory: string): Promise<string> {
  const url = did.startsWith('did:web:')
    ? `https://${decodeURIComponent(did.slice('did:web:'.length))}/.well-known/did.json`
    : `${plcDirectory}/${encodeURIComponent(did)}`;
  const { data } = await requestJson<DidDocument>(url, { timeoutMs: 10_000, followRedirects: true });
  const pds = data.service?.find((entry) => entry.id?.endsWith('#atproto_pds') && entry.type === 'AtprotoPersonalDataServer');
  if (!pds?.serviceEndpoint) throw new ValidationError(t('errorBlueskyNoPds', did));
  return new URL(pds.serviceEndpoint).origin;
}

function avatarUrl(pds: string, did: string, avatar: unknown): string {
  const link = (avatar as { ref?: { $link?: string } } | undefined)?.ref?.$link;
  return link ? xrpcUrl(pds, 'com.atproto.sync.getBlob', { did, cid: link }) : '';
}

export async function readProfile(pds: string, did: string): Promise<Profile> {
  try {
    const { data } = await requestJson<{ value?: Profile }>(
      xrpcUrl(pds, 'com.atproto.repo.getRecord', { repo: did, collection: 'app.bsky.actor.profile', rkey: 'self' }),
      { timeoutMs: 10_000 },
    );
    return data.value ?? {};
  } catch {
    // No profile record yet: the handle stands in for the name.
    return {};
  }
}

/** The account and its session as the linking code stores them. */
export function linkedAccount(pds: string, session: Session, profile: Profile): LinkResult {
  const accountId = `bluesky:${session.did}`;
  return {
    profile: {
      id: accountId,
      network: 'bluesky',
      server: pds,
      remoteId: session.did,
      handle: `@${session.handle}`,
      displayName: profile.displayName || session.handle,
      avatarUrl: avatarUrl(pds, session.did, profile.avatar),
      software: 'bluesky',
      softwareVersion: '',
      capabilities: blueskyNetwork.capabilities,
      limits: blueskyNetwork.limits,
    },
    credential: {
      accountId,
      accessToken: session.accessJwt,
      refreshToken: session.refreshJwt,
      expiresAt: jwtExpiry(session.accessJwt),
      scope: 'app-password',
    },
  };
}

export async function linkWithAppPassword(input: Record<string, string>): Promise<LinkResult> {
  const { provider, plcDirectory } = atprotoServices(input);
  const host = new URL(provider).host;
  const identifier = cleanIdentifier(input.identifier ?? '');
  const password = (input.password ?? '').trim();
  if (!identifier) throw new ValidationError(t('errorBlueskyIdentifierEmpty'));
  if (!password) throw new ValidationError(t('errorBlueskyPasswordEmpty'));

  const did = identifier.startsWith('did:') ? identifier : await resolveHandle(provider, identifier);
  if (!did) throw new ValidationError(t('errorBlueskyUnknownHandle', identifier, host));
  const pds = await resolvePds(did, plcDirectory);
  if (pds !== provider && !(await browser.permissions.contains({ origins: [originPattern(pds)] }))) {
    throw new ValidationError(t('errorBlueskyPdsPermission', identifier, new URL(pds).host));
  }

  let session: Session;
  try {
    ({ data: session } = await requestJson<Session>(xrpcUrl(pds, 'com.atproto.server.createSession'), {
      method: 'POST',
      body: { identifier: did, password },
    }));
  } catch (error) {
    if (error instanceof AuthError) throw new AuthError(t('errorBlueskyWrongPassword', identifier), { cause: error });
    throw error;
  }
  if (session.did !== did) throw new ValidationError(t('errorBlueskyNoPds', did));
  return linkedAccount(pds, session, await readProfile(pds, did));
}
