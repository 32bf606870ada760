/**
 * A Mastodon-compatible server's own limits: /api/v2/instance (Mastodon 4.0+), falling back to
 * /api/v1/instance (older Mastodon, Pleroma's `max_toot_chars`). Where a server publishes nothing,
 * Mastodon's defaults (./description.ts) hold.
 */
import { t } from '../../i18n';
import type { Capabilities, TextLimits } from '../../model';
import { TransientError, ValidationError } from '../errors';
import { requestJson } from '../http';
import { mastodonNetwork } from './description';

interface InstanceConfiguration {
  statuses?: { max_characters?: number; max_media_attachments?: number; characters_reserved_per_url?: number };
  media_attachments?: {
    supported_mime_types?: string[];
    image_size_limit?: number;
    image_matrix_limit?: number;
    description_limit?: number;
  };
}

interface InstanceV2 {
  domain?: string;
  version?: string;
  configuration?: InstanceConfiguration;
}

interface InstanceV1 {
  uri?: string;
  version?: string;
  max_toot_chars?: number;
  configuration?: InstanceConfiguration;
}

export interface Instance {
  domain: string;
  version: string;
  limits: TextLimits;
  capabilities: Capabilities;
}

function instanceFrom(origin: string, source: InstanceV2 & InstanceV1): Instance {
  const statuses = source.configuration?.statuses ?? {};
  const media = source.configuration?.media_attachments ?? {};
  const types = media.supported_mime_types?.filter((type) => type.startsWith('image/'));
  const defaults = mastodonNetwork.capabilities;
  return {
    domain: source.domain ?? source.uri?.replace(/^https?:\/\//, '') ?? new URL(origin).host,
    version: source.version ?? '',
    limits: {
      maxCharacters: statuses.max_characters ?? source.max_toot_chars ?? mastodonNetwork.limits.maxCharacters,
      urlLength: statuses.characters_reserved_per_url ?? mastodonNetwork.limits.urlLength,
    },
    capabilities: {
      ...defaults,
      maxImages: statuses.max_media_attachments ?? defaults.maxImages,
      imageTypes: types && types.length > 0 ? types : defaults.imageTypes,
      imageSizeLimit: media.image_size_limit ?? defaults.imageSizeLimit,
      imageMaxPixels: media.image_matrix_limit ?? defaults.imageMaxPixels,
      altTextLimit: media.description_limit ?? defaults.altTextLimit,
    },
  };
}

/** The server's limits; any answer that is not an instance document means "not a Mastodon API". */
export async function readInstance(origin: string): Promise<Instance> {
  const host = new URL(origin).host;
  const notMastodon = (cause: unknown) => new ValidationError(t('errorNotMastodon', host), { cause });
  try {
    const { data } = await requestJson<InstanceV2>(`${origin}/api/v2/instance`, { timeoutMs: 10_000 });
    if (data && typeof data === 'object' && (data.configuration || data.domain)) return instanceFrom(origin, data);
  } catch (error) {
    // Unreachable or timed out: v1 would fail the same way. Anything else (404 on servers without v2,
    // HTML, a 5xx) gets a second chance at v1 before we decide.
    if (error instanceof TransientError && error.status === undefined) throw error;
  }
  try {
    const { data } = await requestJson<InstanceV1>(`${origin}/api/v1/instance`, { timeoutMs: 10_000 });
    if (data && typeof data === 'object' && (data.uri || data.version)) return instanceFrom(origin, data);
    throw notMastodon(undefined);
  } catch (error) {
    if (error instanceof TransientError && (error.status === undefined || error.status >= 500)) throw error;
    throw notMastodon(error);
  }
}

/** What an account on this server can take, given the software NodeInfo names. */
export function capabilitiesOn(instance: Instance, software: string): Capabilities {
  // Pixelfed is photo-first and rejects statuses without media.
  return { ...instance.capabilities, textOnlyAllowed: software.toLowerCase() !== 'pixelfed' };
}
