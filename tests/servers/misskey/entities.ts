/**
 * JSON entities as Misskey packs them (core/entities/*EntityService.ts):
 * UserLite, UserDetailedNotMe, MeDetailed, DriveFile, Note; and the role policies.
 */
import { parseAidx, type Account, type Ctx } from './state.js';
import type { StoredDriveFile, StoredNote } from './types.js';

/** RoleService DEFAULT_POLICIES (2025.4), with the drive limits of this server. */
export function policies(ctx: Ctx): Record<string, unknown> {
  return {
    gtlAvailable: true,
    ltlAvailable: true,
    canPublicNote: true,
    mentionLimit: 20,
    canInvite: false,
    inviteLimit: 0,
    inviteLimitCycle: 60 * 24 * 7,
    inviteExpirationTime: 0,
    canManageCustomEmojis: false,
    canManageAvatarDecorations: false,
    canSearchNotes: false,
    canUseTranslator: true,
    canHideAds: false,
    driveCapacityMb: ctx.cfg.driveCapacity / (1024 * 1024),
    maxFileSizeMb: ctx.cfg.maxFileSize / (1024 * 1024),
    alwaysMarkNsfw: false,
    canUpdateBioMedia: true,
    pinLimit: 5,
    antennaLimit: 5,
    wordMuteLimit: 200,
    webhookLimit: 3,
    clipLimit: 10,
    noteEachClipsLimit: 200,
    userListLimit: 10,
    userEachUserListsLimit: 50,
    rateLimitFactor: 1,
    avatarDecorationLimit: 1,
    canImportAntennas: true,
    canImportBlocking: true,
    canImportFollowing: true,
    canImportMuting: true,
    canImportUserLists: true,
    chatAvailability: 'available',
  };
}

/** UserEntityService#getIdenticonUrl: local users without an avatar get an identicon. */
export function avatarUrl(ctx: Ctx, account: Account): string {
  return `${ctx.url}/identicon/${encodeURIComponent(`${account.username.toLowerCase()}@${ctx.host}`)}`;
}

/** UserEntityService#getOnlineStatus */
function onlineStatus(account: Account): string {
  if (account.lastActiveAt === null) return 'unknown';
  const elapsed = Date.now() - account.lastActiveAt;
  return elapsed < 10 * 60 * 1000 ? 'online' : elapsed < 3 * 24 * 60 * 60 * 1000 ? 'active' : 'offline';
}

export function userLite(ctx: Ctx, account: Account): Record<string, unknown> {
  return {
    id: account.id,
    name: account.name,
    username: account.username,
    host: null,
    avatarUrl: avatarUrl(ctx, account),
    avatarBlurhash: null,
    avatarDecorations: [],
    isBot: false,
    isCat: false,
    emojis: {},
    onlineStatus: onlineStatus(account),
    badgeRoles: [],
  };
}

/** UserDetailedNotMe (what miauth/check answers with, packed for no one). */
export function userDetailed(ctx: Ctx, account: Account): Record<string, unknown> {
  return {
    ...userLite(ctx, account),
    url: null,
    uri: null,
    movedTo: null,
    alsoKnownAs: null,
    createdAt: account.createdAt,
    updatedAt: null,
    lastFetchedAt: null,
    bannerUrl: null,
    bannerBlurhash: null,
    isLocked: false,
    isSilenced: false,
    isLimited: false,
    isSuspended: false,
    description: null,
    location: null,
    birthday: null,
    lang: null,
    fields: [],
    verifiedLinks: [],
    followersCount: 0,
    followingCount: 0,
    notesCount: ctx.store.notesCount(account.id),
    pinnedNoteIds: [],
    pinnedNotes: [],
    pinnedPageId: null,
    pinnedPage: null,
    publicReactions: true,
    followingVisibility: 'public',
    followersVisibility: 'public',
    chatScope: 'mutual',
    canChat: true,
    roles: [],
    memo: null,
    twoFactorEnabled: false,
    usePasswordLessLogin: false,
    securityKeys: false,
  };
}

/** MeDetailed (`i`); secrets only for the native token, as `includeSecrets: isSecure`. */
export function meDetailed(ctx: Ctx, account: Account, opts: { includeSecrets: boolean }): Record<string, unknown> {
  return {
    ...userDetailed(ctx, account),
    avatarId: null,
    bannerId: null,
    followedMessage: null,
    isModerator: false,
    isAdmin: false,
    injectFeaturedNote: true,
    receiveAnnouncementEmail: true,
    alwaysMarkNsfw: false,
    autoSensitive: false,
    carefulBot: false,
    autoAcceptFollowed: true,
    noCrawle: false,
    preventAiLearning: true,
    isExplorable: true,
    isDeleted: false,
    twoFactorBackupCodesStock: 'none',
    hideOnlineStatus: false,
    hasUnreadSpecifiedNotes: false,
    hasUnreadMentions: false,
    hasUnreadAnnouncement: false,
    unreadAnnouncements: [],
    hasUnreadAntenna: false,
    hasUnreadChannel: false,
    hasUnreadNotification: false,
    hasPendingReceivedFollowRequest: false,
    unreadNotificationsCount: 0,
    mutedWords: [],
    hardMutedWords: [],
    mutedInstances: [],
    mutingNotificationTypes: [],
    notificationRecieveConfig: {},
    emailNotificationTypes: ['follow', 'receiveFollowRequest'],
    achievements: [],
    loggedInDays: 1,
    policies: policies(ctx),
    ...(opts.includeSecrets ? { email: null, emailVerified: false, securityKeysList: [] } : {}),
  };
}

/** DriveFileEntityService#pack; `self` shows the owner's view (same here: local files). */
export function driveFileJson(file: StoredDriveFile): Record<string, unknown> {
  return {
    id: file.id,
    createdAt: file.createdAt,
    name: file.name,
    type: file.type,
    md5: file.md5,
    size: file.size,
    isSensitive: file.isSensitive,
    blurhash: file.blurhash,
    properties: file.width !== null && file.height !== null ? { width: file.width, height: file.height } : {},
    url: file.url,
    thumbnailUrl: file.thumbnailUrl,
    comment: file.comment,
    folderId: file.folderId,
    folder: null,
    userId: file.userId,
    user: null,
  };
}

/** NoteEntityService#isVisibleForMe (no follow graph here: followers-only means the author). */
export function isVisibleFor(note: StoredNote, meId: string | null): boolean {
  if (note.visibility === 'public' || note.visibility === 'home') return true;
  if (meId === null) return false;
  if (note.userId === meId) return true;
  return note.visibility === 'specified' && note.visibleUserIds.includes(meId);
}

/** A pure renote: a renote with no text, files or poll of its own (misc/is-renote.ts). */
export function isPureRenote(note: StoredNote): boolean {
  return note.renoteId !== null && note.text === null && note.cw === null && note.fileIds.length === 0 && note.poll === null;
}

/**
 * NoteEntityService#pack. Local notes have no `url`/`uri` (those are for remote
 * notes); the web page is `${origin}/notes/${id}`. `detail` (the default) adds the
 * packed reply and renote, the poll and clippedCount. Notes the viewer may not see
 * are hidden (NoteEntityService#hideNote): text, cw, files and poll removed.
 */
export function noteJson(ctx: Ctx, note: StoredNote, meId: string | null, opts: { detail?: boolean } = {}): Record<string, unknown> {
  const detail = opts.detail ?? true;
  const author = ctx.store.accounts.get(note.userId)!;
  const hidden = !isVisibleFor(note, meId);
  const reply = note.replyId ? ctx.store.findNote(note.replyId) : undefined;
  const renote = note.renoteId ? ctx.store.findNote(note.renoteId) : undefined;
  const packed: Record<string, unknown> = {
    id: note.id,
    createdAt: parseAidx(note.id).toISOString(),
    userId: note.userId,
    user: userLite(ctx, author),
    text: hidden ? null : note.text,
    cw: hidden ? null : note.cw,
    visibility: note.visibility,
    localOnly: note.localOnly,
    reactionAcceptance: note.reactionAcceptance,
    ...(note.visibility === 'specified' && !hidden ? { visibleUserIds: note.visibleUserIds } : {}),
    renoteCount: ctx.store.notes.filter((n) => n.renoteId === note.id).length,
    repliesCount: ctx.store.notes.filter((n) => n.replyId === note.id).length,
    reactionCount: 0,
    reactions: {},
    reactionEmojis: {},
    fileIds: hidden ? [] : note.fileIds,
    files: hidden ? [] : note.files.map(driveFileJson),
    replyId: note.replyId,
    renoteId: note.renoteId,
    ...(note.poll ? { hasPoll: true } : {}),
    ...(hidden ? { isHidden: true } : {}),
  };
  if (detail) {
    packed.clippedCount = 0;
    if (reply) packed.reply = noteJson(ctx, reply, meId, { detail: false });
    if (renote) packed.renote = noteJson(ctx, renote, meId, { detail: true });
    if (note.poll && !hidden) {
      packed.poll = {
        multiple: note.poll.multiple,
        expiresAt: note.poll.expiresAt,
        choices: note.poll.choices.map((text) => ({ text, votes: 0, isVoted: false })),
      };
    }
  }
  return packed;
}
