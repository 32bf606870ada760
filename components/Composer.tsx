import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { linkedAccounts } from '../utils/accounts';
import { checkPublish, imagesThatFit } from '../utils/compose-rules';
import type { ComposerStart } from '../utils/composer-start';
import { requestAccess } from '../utils/access-prompt';
import { attachImages, draftMedia, openCurrentDraft, removeImage, startNewDraft } from '../utils/drafts';
import { messageOf, t } from '../utils/i18n';
import { sendMessage } from '../utils/messages';
import type { Draft, DraftEdits } from '../utils/model';
import { cardAccessSite } from '../utils/networks/card-site';
import { readSetting, writeSetting } from '../utils/settings';
import { withoutLoneSurrogates } from '../utils/text/well-formed';
import { ComposerOptions } from './ComposerOptions';
import { DeliveryList } from './DeliveryList';
import { DestinationPicker } from './DestinationPicker';
import { ImageFitChoice } from './ImageFitChoice';
import { MediaTray } from './MediaTray';
import { ReasonList } from './ReasonList';
import { useAutosave } from './use-autosave';
import { useLiveQuery } from './use-live-query';

interface Props {
  /** The first screen, read before rendering (utils/composer-start): no empty shell that fills in later. */
  start: ComposerStart;
  /** Shown in the popup, where room is short: opens the same composer in a tab. */
  onExpand?: () => void;
}

/** Compose once, pick destinations, publish. Every change is saved as a draft. */
export function Composer({ start, onExpand }: Props) {
  const [draft, setDraft] = useState<Draft>(start.draft);
  const [selected, setSelected] = useState<ReadonlySet<string>>(() => new Set(start.selected));
  const [showWarning, setShowWarning] = useState(start.draft.spoilerText.length > 0);
  const [postId, setPostId] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  const [imageProblems, setImageProblems] = useState<string[]>([]);
  const [brokenReplaced, setBrokenReplaced] = useState(false);
  const textRef = useRef<HTMLTextAreaElement>(null);
  // The draft on screen now, for work that finishes later (images read while the draft changed).
  const shownId = useRef(draft.id);
  shownId.current = draft.id;

  // Live: an account's health ("needs re-link") or a newly linked one shows while the composer is open.
  const accounts = useLiveQuery(linkedAccounts, [], start.accounts);
  // Kept with the id of the draft they belong to: right after the draft changes, they are the last one's.
  const mediaOf = useLiveQuery(async () => ({ draftId: draft.id, items: await draftMedia(draft.id) }), [draft.id], {
    draftId: start.draft.id,
    items: start.media,
  });
  const media = mediaOf.draftId === draft.id ? mediaOf.items : [];
  const requireAltText = useLiveQuery(() => readSetting('requireAltText'), [], start.requireAltText);
  const bucketReady = useLiveQuery(async () => (await readSetting('bucket')) !== null, [], false);

  const savingFailed = (saveError: unknown) => setError(t('errorDraftNotSaved', messageOf(saveError)));
  const autosave = useAutosave(savingFailed);

  /** Show another draft. Edits of the one on screen that could not be written stay queued for it. */
  const load = async (next: Promise<Draft>) => {
    await autosave.flush().catch(savingFailed);
    const shown = await next;
    setDraft(shown);
    setShowWarning(shown.spoilerText.length > 0);
    setBrokenReplaced(false);
  };

  useEffect(() => {
    // Wakes the worker: if it was stopped mid-delivery, it resumes now rather than at the next alarm.
    void sendMessage('outbox.wake', {}).catch(() => undefined);
  }, []);

  useEffect(() => {
    // On opening the text box has `autofocus`, which the browser applies as it paints without an
    // extra layout (calling focus() while rendering forced one: about 5 ms of the popup's start).
    // After a publish or Edit, the box takes the focus back once it can be typed into again.
    if (!busy && document.activeElement !== textRef.current) textRef.current?.focus();
  }, [draft.id, busy]);

  const change = (fields: DraftEdits['fields']) => {
    setDraft({ ...draft, ...fields });
    autosave.edit(draft.id, fields);
  };

  /** A text field's value, a broken character (half an emoji) replaced in the field itself: what is seen is what is sent. */
  const typed = (event: Event): string => {
    const field = event.currentTarget as HTMLInputElement | HTMLTextAreaElement;
    const text = withoutLoneSurrogates(field.value);
    if (text !== field.value) {
      const { selectionStart, selectionEnd } = field;
      field.value = text;
      field.setSelectionRange(selectionStart, selectionEnd);
      setBrokenReplaced(true);
    }
    return text;
  };

  const check = useMemo(
    () => checkPublish({ draft, media, accounts, selected, requireAltText, bucketReady }),
    [draft, media, accounts, selected, requireAltText, bucketReady],
  );
  const chosen = accounts.filter((account) => selected.has(account.id));
  const { maxImages } = check;

  // To the draft on screen once the files are read: it may have changed meanwhile (a publish). Files
  // beyond the chosen destinations' limit are named, not dropped in silence.
  const attach = async (files: File[]) => {
    const { fitting, problem } = imagesThatFit(files, media.length, check);
    const problems = fitting.length > 0 ? await attachImages(() => shownId.current, fitting) : [];
    setImageProblems(problem ? [problem, ...problems] : problems);
  };

  const toggle = (accountId: string, on: boolean) => {
    const next = new Set(selected);
    if (on) next.add(accountId);
    else next.delete(accountId);
    setSelected(next);
    void writeSetting('lastDestinations', Array.from(next));
  };

  const publish = async () => {
    if (!check.canPublish || busy) return;
    // A link card is read from the linked page: ask for access to that one site now, inside the
    // person's click (the browser allows the prompt only there). Declined, the post keeps a plain link.
    const cardSite = cardAccessSite(draft, media.length, chosen);
    // Declined, or left unanswered for two minutes: the post goes out with the plain link.
    const cardAccess = cardSite ? requestAccess([cardSite]).catch(() => false) : undefined;
    setBusy(true);
    setError('');
    try {
      await cardAccess;
      // The last keystrokes must be on disk before the background copies the draft.
      await autosave.flush();
      const result = await sendMessage('outbox.publish', { draftId: draft.id, accountIds: chosen.map((a) => a.id) });
      setPostId(result.postId);
      await load(startNewDraft());
    } catch (publishError) {
      // The draft stays as it is: nothing was lost.
      setError(messageOf(publishError));
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
            onEdit={() => {
              setPostId(null);
              load(openCurrentDraft()).catch((editError: unknown) => setError(messageOf(editError)));
            }}
          />
        </div>
      ) : null}

      {/* While the draft is handed to the outbox, nothing can change it: an edit would land in a draft
          that is about to be gone. */}
      <fieldset class="composer-body" disabled={busy}>
        {draft.notice ? (
          <p class="notice" role="status">
            {draft.notice}{' '}
            <button type="button" class="link-button" onClick={() => change({ notice: '' })}>
              {t('dismiss')}
            </button>
          </p>
        ) : null}
        {showWarning ? (
          <div class="field">
            <label for="spoiler">{t('contentWarning')}</label>
            <input
              id="spoiler"
              type="text"
              value={draft.spoilerText}
              placeholder={t('contentWarningPlaceholder')}
              onInput={(event) => change({ spoilerText: typed(event) })}
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
          onInput={(event) => change({ text: typed(event) })}
          onPaste={(event) => {
            const files = Array.from(event.clipboardData?.files ?? []).filter((file) => file.type.startsWith('image/'));
            if (files.length > 0) void attach(files);
          }}
        />
        {brokenReplaced ? (
          <p class="notice" role="status">
            {t('noteBrokenCharacter')}
          </p>
        ) : null}

        <MediaTray
          media={media}
          maxImages={maxImages}
          altTextLimit={check.altTextLimit}
          requireAltText={requireAltText}
          onAdd={(files) => void attach(files)}
          problems={imageProblems}
          onAlt={(mediaId, alt) => autosave.editAlt(draft.id, mediaId, alt)}
          onRemove={(id) => void removeImage(id)}
        />

        <ImageFitChoice
          checks={check.destinations.filter((candidate) => selected.has(candidate.account.id))}
          media={media}
          fit={draft.imageFit ?? 'crop'}
          onFit={(imageFit) => change({ imageFit })}
        />

        <ComposerOptions
          draft={draft}
          showWarning={showWarning}
          onShowWarning={setShowWarning}
          labelChoices={check.labelChoices}
          threadWouldHelp={check.threadWouldHelp}
          onChange={change}
        />

        <DestinationPicker checks={check.destinations} selected={selected} onToggle={toggle} />

        <ReasonList reasons={check.general} label={t('whyDisabled')} general />
        {error ? (
          <p class="error-text" role="alert">
            {error}
          </p>
        ) : null}

        <div class="actions">
          {onExpand ? (
            <button
              type="button"
              class="secondary"
              onClick={async () => {
                // The composer in the tab reads the draft: it must find the last words there.
                await autosave.flush().catch(() => undefined);
                onExpand();
              }}
            >
              {t('expand')}
            </button>
          ) : null}
          <button type="submit" class="primary" disabled={!check.canPublish || busy} title={t('publishShortcut')}>
            {busy ? t('publishing') : t('publish')}
          </button>
        </div>
      </fieldset>
    </form>
  );
}
