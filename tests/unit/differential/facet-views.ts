/**
 * Bluesky facets from both sides (ours: utils/networks/bluesky/facets.ts; the reference: RichText in
 * @atproto/api) in one shape, with the text each covers, and the places where the two disagree.
 */
import { RichText } from '@atproto/api';
import { createRequire } from 'node:module';
import { detectFacets } from '../../../utils/networks/bluesky/facets';

export interface FacetView {
  kind: 'link' | 'mention' | 'tag';
  byteStart: number;
  byteEnd: number;
  /** Where it starts in the text, in UTF-16 code units. */
  start: number;
  /** link: the URI; mention: the handle; tag: the tag without '#'. */
  value: string;
  /** The text the facet covers. */
  covers: string;
}

/** A place where the two sides disagree: facets that overlap one another, from either side. */
export interface Disagreement {
  text: string;
  ours: FacetView[];
  reference: FacetView[];
  /** Every facet of the text, agreed on or not. */
  all: { ours: FacetView[]; reference: FacetView[] };
}

/** The top-level domains the reference accepts: the `tlds` list @atproto/api itself loads. */
export const REFERENCE_TLDS: readonly string[] = createRequire(createRequire(import.meta.url).resolve('@atproto/api'))('tlds');

const slice = (bytes: Buffer, start: number, end: number) => bytes.subarray(start, end).toString('utf8');
const view = (bytes: Buffer, kind: FacetView['kind'], byteStart: number, byteEnd: number, value: string): FacetView => ({
  kind,
  byteStart,
  byteEnd,
  start: slice(bytes, 0, byteStart).length,
  value,
  covers: slice(bytes, byteStart, byteEnd),
});

export function ourFacets(text: string): FacetView[] {
  const bytes = Buffer.from(text, 'utf8');
  return detectFacets(text).map(({ kind, byteStart, byteEnd, value }) => view(bytes, kind, byteStart, byteEnd, value));
}

export function referenceFacets(text: string): FacetView[] {
  const bytes = Buffer.from(text, 'utf8');
  const richText = new RichText({ text });
  richText.detectFacetsWithoutResolution();
  return (richText.facets ?? []).map(({ index: { byteStart, byteEnd }, features: [feature] }) => {
    // detectFacets makes one feature per facet; a mention's `did` holds the handle until resolved.
    const { $type, uri, did, tag } = feature as { $type: string; uri?: string; did?: string; tag?: string };
    if ($type === 'app.bsky.richtext.facet#link') return view(bytes, 'link', byteStart, byteEnd, uri!);
    if ($type === 'app.bsky.richtext.facet#mention') return view(bytes, 'mention', byteStart, byteEnd, did!);
    return view(bytes, 'tag', byteStart, byteEnd, tag!);
  });
}

const same = (a: FacetView, b: FacetView) => a.kind === b.kind && a.byteStart === b.byteStart && a.byteEnd === b.byteEnd && a.value === b.value;

/** Facets found on one side only, grouped where they overlap (a link one side trims shorter is one place). */
export function disagreements(text: string): Disagreement[] {
  const ours = ourFacets(text);
  const reference = referenceFacets(text);
  const onlyOurs = ours.filter((facet) => !reference.some((other) => same(facet, other)));
  const onlyReference = reference.filter((facet) => !ours.some((other) => same(facet, other)));
  const all = [...onlyOurs.map((facet) => ({ facet, ours: true })), ...onlyReference.map((facet) => ({ facet, ours: false }))];
  all.sort((a, b) => a.facet.byteStart - b.facet.byteStart);
  const places: Disagreement[] = [];
  let end = -1;
  for (const { facet, ours: isOurs } of all) {
    if (facet.byteStart >= end) places.push({ text, ours: [], reference: [], all: { ours, reference } });
    const place = places[places.length - 1]!;
    (isOurs ? place.ours : place.reference).push(facet);
    end = Math.max(end, facet.byteEnd);
  }
  return places;
}
