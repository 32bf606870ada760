import { browser } from 'wxt/browser';
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'preact/hooks';
import { checkPublish } from '../utils/compose-rules';
import { readAccounts, type ComposerStart } from '../utils/composer-start';
import { forgetFirstScreenDraft, rememberFirstScreen } from '../utils/first-screen';
import type { Draft, Visibility } from '../utils/db';
import { readSetting, writeSetting } from '../utils/settings';
import {
  addImages,
  applyDraftChanges,
  draftMedia,
  keepAsNewDraft,
  editsBetween,
  makeCurrent,
  openCurrentDraft,
  removeImage,
  startNewDraft,
  type PendingDraftChanges,
} from '../utils/drafts';
import { t, uiLanguage, type MessageKey } from '../utils/i18n';
import { sendMessage } from '../utils/messages';
import { DeliveryList } from './DeliveryList';
import { DestinationPicker } from './DestinationPicker';
import { MediaTray } from './MediaTray';
import { useQuery } from './use-query';

function labelKey(label: string): MessageKey {
  return `label_${label.replace(/-/g, '_')}` as MessageKey;
}

/** The host permission pattern for the first web link of `text`, for its preview card. */
function linkCardSite(text: string): string | undefined {
  const match = /https?:\/\/[^\s/?#]+/i.exec(text);
  if (!match) return undefined;
  try {
    const url = new URL(match[0]);
    return `${url.protocol}//${url.hostname}/*`;
  } catch {
    return undefined;
  }
}

/** Whether the browser can decode the file: a damaged file is refused when added, not at publish. */
async function isReadableImage(file: File): Promise<boolean> {
  if (!file.type.startsWith('image/')) return false;
  try {
    const bitmap = await createImageBitmap(file);
    bitmap.close();
    return true;
  } catch {
    return false;
  }
}

/** Typing pauses this long before the draft is written (and always on pagehide). */
export const AUTOSAVE_DELAY_MS = 300;

const VISIBILITIES: Visibility[] = ['public', 'unlisted', 'followers', 'mentioned'];
const VISIBILITY_LABEL = {
  public: 'visibilityPublic',
  unlisted: 'visibilityUnlisted',
  followers: 'visibilityFollowers',
  mentioned: 'visibilityMentioned',
} as const;
const COMMON_LANGUAGES = ['en', 'de', 'fr', 'es', 'it', 'pt', 'nl', 'sv', 'da', 'fi', 'no', 'pl', 'cs', 'uk', 'ru', 'tr', 'ar', 'he', 'hi', 'ja', 'ko', 'zh'];

type DraftFields = PendingDraftChanges['fields'];

function languageOptions(current: string): { code: string; name: string }[] {
  const names = new Intl.DisplayNames([uiLanguage()], { type: 'language' });
  const codes = Array.from(new Set([current, uiLanguage(), ...COMMON_LANGUAGES])).filter(Boolean);
  return codes.map((code) => ({ code, name: names.of(code) ?? code })).sort((a, b) => a.name.localeCompare(b.name));
}

interface Props {
  /** The first screen, read before rendering (utils/composer-start): no empty shell that fills in later. */
  start: ComposerStart;
  /**
   * When `start` came from the page copy (utils/first-screen): the same read from IndexedDB. The
   * composer adopts it when it arrives, keeping anything typed meanwhile; writes wait for it.
   */
  confirmed?: Promise<ComposerStart>;
  /**
   * The popup keeps the page copy of its first screen up to date for the next popup. Any other
   * composer (the compose page) only forgets the copy's draft when it shows or edits one.
   */
  keepsFirstScreenCopy?: boolean;
  /** Shown in the compose page, where there is room: opens the popup's composer in a tab. */
  onExpand?: () => void;
}

/** Compose once, pick destinations, publish. Every change is saved as a draft. */
export function Composer({ start, confirmed, keepsFirstScreenCopy = false, onExpand }: Props) {
  const [draft, setDraft] = useState<Draft>(start.draft);
  const [selected, setSelected] = useState<Set<string>>(() => new Set(start.selected));
  const [showWarning, setShowWarning] = useState(start.draft.spoilerText.length > 0);
  // The full language list needs Intl.DisplayNames and a sort: built just after the first paint.
  const [allLanguages, setAllLanguages] = useState(false);
  const [postId, setPostId] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  const [imageProblems, setImageProblems] = useState<string[]>([]);
  const textRef = useRef<HTMLTextAreaElement>(null);
  const pending = useRef<PendingDraftChanges | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  // The draft as rendered, for callbacks that run later (adopting the IndexedDB read).
  const shown = useRef(draft);
  shown.current = draft;
  const selectionChanged = useRef(false);
  // A draft handed to the outbox is deleted there: the page copy must not bring it back.
  const retired = useRef<string | null>(null);
  // Resolves once the draft on screen is known to be the stored current one; every write waits for it.
  const settled = useRef<Promise<void>>(Promise.resolve());
  // Publishing waits until what was painted is confirmed (tens of milliseconds after opening).
  const [confirming, setConfirming] = useState(!!confirmed);

  // Account health ("needs re-link") can change while the composer is open: read again now and then.
  const accounts = useQuery(readAccounts, [], ['accounts'], 2_000, start.accounts);
  // Kept with the id of the draft they belong to: right after the draft changes, they are the last one's.
  const mediaOf = useQuery(async () => ({ draftId: draft.id, items: await draftMedia(draft.id) }), [draft.id], ['media'], 5_000, {
    draftId: start.draft.id,
    items: start.media,
  });
  const media = mediaOf?.draftId === draft.id ? mediaOf.items : [];
  const requireAltText = useQuery(() => readSetting('requireAltText', false), [], ['settings'], 5_000, start.requireAltText) ?? false;

  const load = useCallback(async (draftPromise: Promise<Draft>) => {
    const next = await draftPromise;
    setDraft(next);
    setShowWarning(next.spoilerText.length > 0);
    textRef.current?.focus();
  }, []);

  // What the page copy needs, as of this render (read when it is written, which may be later).
  const latest = useRef({ mediaOf, accounts, selected, requireAltText });
  latest.current = { mediaOf, accounts, selected, requireAltText };
  const keepCopy = useCallback(() => {
    if (!keepsFirstScreenCopy) {
      forgetFirstScreenDraft();
      return;
    }
    const { mediaOf, accounts, selected, requireAltText } = latest.current;
    const onScreen = shown.current;
    // A draft with images is left to IndexedDB; one handed to the outbox is gone from it.
    const showable = mediaOf?.draftId === onScreen.id && mediaOf.items.length === 0 && onScreen.id !== retired.current;
    rememberFirstScreen({ draft: showable ? onScreen : null, accounts: accounts ?? [], selected: Array.from(selected), requireAltText });
  }, []);
  useEffect(keepCopy, [draft, mediaOf, accounts, selected, requireAltText]);

  /** Write what is pending now; resolves when it is on disk. */
  const flush = useCallback(async () => {
    await settled.current;
    clearTimeout(timer.current);
    const changes = pending.current;
    pending.current = null;
    if (changes) await applyDraftChanges(changes);
  }, []);

  /**
   * The composer painted from the page copy; IndexedDB has now answered.
   * - The same draft is current: the copy is never behind it (utils/first-screen) but can be ahead,
   *   holding a popup's last edits still on their way to disk. Its fields, and anything typed
   *   meanwhile, are kept and written.
   * - Another draft is current and nothing was typed: show that one.
   * - Another draft is current and the person typed into the copy's: what they see becomes a new
   *   current draft, and the other stays in the drafts list. No words are lost, none are merged
   *   into a text the person did not see, and no published or deleted draft comes back by its id.
   */
  const adopt = useCallback(async (stored: ComposerStart) => {
    const typed = pending.current;
    if (!selectionChanged.current) setSelected(new Set(stored.selected));
    let next: Draft;
    if (stored.draft.id === start.draft.id) {
      const fields = { ...editsBetween(start.draft, stored.draft), ...typed?.fields };
      next = { ...stored.draft, ...fields };
      if (Object.keys(fields).length > 0) {
        pending.current = { draftId: next.id, fields, alts: typed?.alts ?? {} };
        clearTimeout(timer.current);
        timer.current = setTimeout(() => void flush(), AUTOSAVE_DELAY_MS);
      }
    } else if (!typed) {
      next = stored.draft;
      setShowWarning(next.spoilerText.length > 0);
    } else {
      pending.current = null;
      let kept: Draft;
      try {
        kept = await keepAsNewDraft({ ...shown.current, ...typed.fields });
      } catch (keepError) {
        pending.current = typed; // still on screen, and still to be saved
        throw keepError;
      }
      // Typed while it was being written: those edits belong to the kept draft too.
      const typedSince = pending.current as PendingDraftChanges | null;
      if (typedSince) pending.current = { ...typedSince, draftId: kept.id };
      next = { ...kept, ...typedSince?.fields };
    }
    shown.current = next;
    setDraft(next);
  }, []);

  useLayoutEffect(() => {
    if (confirmed) {
      settled.current = confirmed.then(adopt).then(() => {
        setConfirming(false);
        keepCopy();
      }, (readError: unknown) => {
        setError(t('errorPageStart', readError instanceof Error ? readError.message : String(readError)));
      });
    }
  }, []);

  useEffect(() => {
    // The text box has `autofocus`, which the browser applies as it paints without an extra layout
    // (calling focus() while rendering forced one: about 5 ms of the popup's start). Just in case:
    if (document.activeElement !== textRef.current) textRef.current?.focus();
    setAllLanguages(true);
    // Wakes the worker: if it was stopped mid-delivery, it resumes now rather than at the next alarm.
    void sendMessage('outbox.wake', {}).catch(() => undefined);
  }, []);

  useEffect(() => {
    // A closing popup may be torn down before its own IndexedDB write commits, so the last edits
    // also go to the background, which outlives the page.
    const onHide = () => {
      // Written now, synchronously: a popup closed right after a keystroke has no later moment.
      keepCopy();
      const changes = pending.current;
      if (changes) void sendMessage('draft.save', changes).catch(() => undefined);
      void flush();
    };
    const onVisibility = () => {
      if (document.visibilityState === 'hidden') onHide();
    };
    addEventListener('pagehide', onHide);
    document.addEventListener('visibilitychange', onVisibility);
    return () => {
      removeEventListener('pagehide', onHide);
      document.removeEventListener('visibilitychange', onVisibility);
      void flush();
    };
  }, [flush]);

  const schedule = (draftId: string, update: (changes: PendingDraftChanges) => void) => {
    const changes: PendingDraftChanges = pending.current?.draftId === draftId ? pending.current : { draftId, fields: {}, alts: {} };
    update(changes);
    pending.current = changes;
    clearTimeout(timer.current);
    timer.current = setTimeout(() => void flush(), AUTOSAVE_DELAY_MS);
  };

  const change = (fields: Partial<DraftFields>) => {
    setDraft({ ...draft, ...fields });
    schedule(draft.id, (changes) => Object.assign(changes.fields, fields));
  };

  const changeAlt = (mediaId: string, alt: string) => {
    schedule(draft.id, (changes) => {
      changes.alts[mediaId] = alt;
    });
  };

  const liveAccounts = accounts ?? [];
  const chosen = liveAccounts.filter((account) => selected.has(account.id));
  const check = useMemo(
    () => checkPublish({ draft, media, selected: chosen, requireAltText }),
    [draft, media, chosen.map((a) => a.id + a.status).join(), requireAltText],
  );
  const labelChoices = Array.from(
    new Set(chosen.filter((a) => a.capabilities.contentWarning === 'labels').flatMap((a) => a.capabilities.contentLabels ?? [])),
  );
  const maxImages = chosen.length > 0 ? Math.min(...chosen.map((a) => a.capabilities.maxImages)) : 4;
  const altTextLimit = chosen.length > 0 ? Math.min(...chosen.map((a) => a.capabilities.altTextLimit)) : 1500;

  /** Attach only files the browser can open as images; say which others could not be. */
  const attach = async (files: File[]) => {
    await settled.current;
    const readable: File[] = [];
    const problems: string[] = [];
    for (const file of files) {
      if (await isReadableImage(file)) readable.push(file);
      else problems.push(t('errorImageUnreadable', file.name || 'image'));
    }
    setImageProblems(problems);
    // The draft on screen now: IndexedDB may have answered with another one while the files were read.
    if (readable.length > 0) await addImages(shown.current.id, readable);
  };

  const toggle = (accountId: string, on: boolean) => {
    const next = new Set(selected);
    if (on) next.add(accountId);
    else next.delete(accountId);
    selectionChanged.current = true;
    setSelected(next);
    void writeSetting('lastDestinations', Array.from(next));
  };

  const publish = async () => {
    if (!check.canPublish || busy || confirming) return;
    // A link card is read from the linked page: ask for access to that one site now, inside the
    // person's click (the browser allows the prompt only there). Declined, the post keeps a plain link.
    const cardSite = media.length === 0 && chosen.some((a) => a.capabilities.linkCards) ? linkCardSite(draft.text) : undefined;
    const cardAccess = cardSite ? browser.permissions.request({ origins: [cardSite] }).catch(() => false) : undefined;
    setBusy(true);
    setError('');
    try {
      await cardAccess;
      // The last keystrokes must be on disk before the background copies the draft.
      await flush();
      const draftId = shown.current.id;
      retired.current = draftId;
      forgetFirstScreenDraft();
      const result = await sendMessage('outbox.publish', { draftId, accountIds: chosen.map((a) => a.id) });
      setPostId(result.postId);
      await load(startNewDraft());
    } catch (publishError) {
      // The draft stays as it is: nothing was lost. It stays out of the page copy all the same: the
      // outbox may have taken it before the answer was lost, and the next popup reads IndexedDB.
      setError(publishError instanceof Error ? publishError.message : String(publishError));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form
      class="composer"
      aria-label={t('composer')}
      onSubmit={(event) => {
        event.preventDefault();
        void publish();
      }}
      onKeyDown={(event) => {
        if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
          event.preventDefault();
          void publish();
        }
      }}
    >
      {postId ? (
        <div class="last-post">
          <h2>{t('lastPost')}</h2>
          <DeliveryList
            postId={postId}
            onEdit={(draftId) => {
              setPostId(null);
              void load(makeCurrent(draftId).then(() => openCurrentDraft()));
            }}
          />
        </div>
      ) : null}

      {showWarning ? (
        <div class="field">
          <label for="spoiler">{t('contentWarning')}</label>
          <input
            id="spoiler"
            type="text"
            value={draft.spoilerText}
            placeholder={t('contentWarningPlaceholder')}
            onInput={(event) => change({ spoilerText: (event.currentTarget as HTMLInputElement).value })}
          />
        </div>
      ) : null}

      <label for="text" class="visually-hidden">
        {t('postText')}
      </label>
      <textarea
        id="text"
        ref={textRef}
        class="post-text"
        rows={6}
        autofocus
        placeholder={t('postPlaceholder')}
        value={draft.text}
        onInput={(event) => change({ text: (event.currentTarget as HTMLTextAreaElement).value })}
        onPaste={(event) => {
          const files = Array.from(event.clipboardData?.files ?? []).filter((file) => file.type.startsWith('image/'));
          if (files.length > 0) void attach(files.slice(0, Math.max(0, maxImages - media.length)));
        }}
      />

      <MediaTray
        media={media}
        maxImages={maxImages}
        altTextLimit={altTextLimit}
        requireAltText={requireAltText}
        onAdd={(files) => void attach(files)}
        problems={imageProblems}
        onAlt={changeAlt}
        onRemove={(id) => void removeImage(id)}
      />

      <div class="options-row">
        <label class="toggle">
          <input
            type="checkbox"
            checked={showWarning}
            onChange={(event) => {
              const on = (event.currentTarget as HTMLInputElement).checked;
              setShowWarning(on);
              if (!on) change({ spoilerText: '' });
            }}
          />
          {t('addContentWarning')}
        </label>
        <label>
          <span class="visually-hidden">{t('visibility')}</span>
          <select
            aria-label={t('visibility')}
            value={draft.visibility}
            onChange={(event) => change({ visibility: (event.currentTarget as HTMLSelectElement).value as Visibility })}
          >
            {VISIBILITIES.map((value) => (
              <option key={value} value={value}>
                {t(VISIBILITY_LABEL[value])}
              </option>
            ))}
          </select>
        </label>
        <label>
          <span class="visually-hidden">{t('language')}</span>
          <select
            aria-label={t('language')}
            value={draft.language}
            onChange={(event) => change({ language: (event.currentTarget as HTMLSelectElement).value })}
          >
            {(allLanguages ? languageOptions(draft.language) : [{ code: draft.language, name: draft.language }]).map((option) => (
              <option key={option.code} value={option.code}>
                {option.name}
              </option>
            ))}
          </select>
        </label>
      </div>

      {showWarning && labelChoices.length > 0 ? (
        <label class="field">
          {t('contentLabel')}
          <select
            value={draft.contentLabel ?? ''}
            onChange={(event) => change({ contentLabel: (event.currentTarget as HTMLSelectElement).value })}
          >
            <option value="">{t('contentLabelNone')}</option>
            {labelChoices.map((label) => (
              <option key={label} value={label}>
                {t(labelKey(label))}
              </option>
            ))}
          </select>
        </label>
      ) : null}

      {check.threadWouldHelp || draft.thread ? (
        <div class="options-row">
          <label class="toggle">
            <input
              type="checkbox"
              checked={draft.thread ?? false}
              onChange={(event) => change({ thread: (event.currentTarget as HTMLInputElement).checked })}
            />
            {t('splitThread')}
          </label>
          {draft.thread ? (
            <label class="toggle">
              <input
                type="checkbox"
                checked={draft.numbering ?? false}
                onChange={(event) => change({ numbering: (event.currentTarget as HTMLInputElement).checked })}
              />
              {t('numberParts')}
            </label>
          ) : null}
        </div>
      ) : null}

      <DestinationPicker
        accounts={liveAccounts}
        selected={selected}
        checks={check.destinations}
        text={draft.text}
        spoilerText={draft.spoilerText}
        onToggle={toggle}
      />

      {check.general.length > 0 ? (
        <ul class="reasons general-reasons" aria-label={t('whyDisabled')}>
          {check.general.map((reason) => (
            <li key={reason} class="reason">
              {reason}
            </li>
          ))}
        </ul>
      ) : null}
      {error ? (
        <p class="error-text" role="alert">
          {error}
        </p>
      ) : null}

      <div class="actions">
        {onExpand ? (
          <button type="button" class="secondary" onClick={onExpand}>
            {t('expand')}
          </button>
        ) : null}
        <button type="submit" class="primary" disabled={!check.canPublish || busy || confirming} title={t('publishShortcut')}>
          {busy ? t('publishing') : t('publish')}
        </button>
      </div>
    </form>
  );
}
