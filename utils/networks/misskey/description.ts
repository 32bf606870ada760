/** Misskey and its forks (Sharkey, Firefish, Iceshrimp): what pages know about them. */
import { countCodePoints } from '../../text/graphemes';
import { measured } from '../../text/measure';
import { signInMethod, tokenMethod } from '../link-methods';
import type { LinkMethod, NetworkDescription } from '../types';

/** Misskey's drive `comment` (alt text) limit: DB_MAX_IMAGE_COMMENT_LENGTH. */
export const MISSKEY_COMMENT_LIMIT = 512;

/** The ways to link a Misskey account (utils/networks/link-registry.ts); the popup does not carry them. */
export const misskeyLinkMethods: readonly LinkMethod[] = [/* @__PURE__ */ signInMethod('miauth', 'linkMisskeyMiAuth', 'linkMisskeyMiAuthHelp'), /* @__PURE__ */ tokenMethod('linkMisskeyToken', 'linkMisskeyTokenHelp')];

export const misskeyNetwork = {
  id: 'misskey',
  name: 'Misskey',
  label: 'networkMisskey',
  /**
   * notes/create validates its parameters with Ajv, whose `maxLength` counts code points
   * (ucs2length) of the text as sent, against `maxNoteTextLength` from /api/meta
   * (packages/backend/src/server/api/endpoints/notes/create.ts). The content warning has its own
   * limit (`contentWarningLimit`) and does not count.
   */
  measure: (text, _spoilerText, limits) => measured(countCodePoints(text), limits.maxCharacters),
  capabilities: {
    maxImages: 16,
    altText: true,
    altTextLimit: MISSKEY_COMMENT_LIMIT,
    imageSizeLimit: 30 * 1024 * 1024,
    imageTypes: ['image/jpeg', 'image/png', 'image/gif', 'image/webp', 'image/avif'],
    contentWarning: 'text',
    // notes/create: cw maxLength 100.
    contentWarningLimit: 100,
    visibilities: ['public', 'unlisted', 'followers', 'mentioned'],
    language: false,
    textOnlyAllowed: true,
    threads: true,
  },
  // Upstream's default; each server says its own in /api/meta.
  limits: { maxCharacters: 3000 },
} satisfies NetworkDescription;
