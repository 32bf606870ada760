/**
 * Bluesky rich text: finding links, mentions and hashtags in a post and describing them as
 * `app.bsky.richtext.facet` entries, whose ranges are UTF-8 byte offsets (byteStart inclusive,
 * byteEnd exclusive) into the post text.
 *
 * Detection follows `RichText.detectFacets` in @atproto/api
 * (packages/api/src/rich-text/detection.ts and util.ts), so a post made here gets the same facets
 * the Bluesky app would have given it:
 *
 * - mentions: `@handle` after the start of the text, whitespace or '(' (so an e-mail address is
 *   not a mention); the handle must end in a known top-level domain (or `.test`);
 * - links: `http(s)://…` up to the next whitespace, or a bare domain with a known top-level domain
 *   (`example.com/path`), which gets `https://` in front; both only after the start of the text,
 *   whitespace or '(';
 * - hashtags: `#` or full-width `＃` after the start of the text or whitespace, not only digits,
 *   at most 64 graphemes;
 * - trailing punctuation is not part of a link or a tag.
 *
 * Deliberate differences from the reference, all on the side of fewer broken links:
 * trailing `.,;:!?` and unbalanced `)` are trimmed repeatedly (the reference trims one of each, so
 * `(see https://example.com/a_(b))` would keep the closing parenthesis); `HTTPS://` counts as a
 * scheme; bare domains may contain hyphens (`my-site.com`) and must end at a path, port, query,
 * fragment, trailing punctuation or whitespace (so `example.com's` is not linked); a handle must
 * also be syntactically valid; top-level domains are compared case-insensitively; facets never
 * overlap.
 */

import { countGraphemes, utf8ByteLength } from './count';

export interface DetectedFacet {
  kind: 'link' | 'mention' | 'tag';
  byteStart: number;
  byteEnd: number;
  /** link: uri; mention: the handle without '@'; tag: the tag without '#' */
  value: string;
}

export interface Facet {
  index: { byteStart: number; byteEnd: number };
  features: (
    | { $type: 'app.bsky.richtext.facet#link'; uri: string }
    | { $type: 'app.bsky.richtext.facet#mention'; did: string }
    | { $type: 'app.bsky.richtext.facet#tag'; tag: string }
  )[];
}

// ---------------------------------------------------------------------------------------------
// UTF-8 offsets
// ---------------------------------------------------------------------------------------------

/** Length of `text` in UTF-8 bytes (what `new TextEncoder().encode(text).length` gives), without encoding it. */
export function utf8Length(text: string): number {
  return utf8ByteLength(text, 0, text.length);
}

/**
 * UTF-8 byte offset of the UTF-16 index `index`: the UTF-8 length of `text.slice(0, index)`.
 * `index` is clamped to [0, text.length].
 */
export function utf16IndexToUtf8Index(text: string, index: number): number {
  const end = Math.max(0, Math.min(text.length, Math.floor(index)));
  return utf8ByteLength(text, 0, end);
}

/** Converts increasing UTF-16 indices to UTF-8 offsets in one pass over the text. */
function utf8Indexer(text: string): (index: number) => number {
  let at = 0;
  let bytes = 0;
  return (index) => {
    if (index < at) {
      at = 0;
      bytes = 0;
    }
    bytes += utf8ByteLength(text, at, index);
    // A pair cut in half is counted as a lone surrogate, like utf16IndexToUtf8Index.
    at = index;
    return bytes;
  };
}

// ---------------------------------------------------------------------------------------------
// Top-level domains
// ---------------------------------------------------------------------------------------------

/*
 * The ASCII top-level domains of the IANA root zone, as in the `tlds` package @atproto/api
 * checks against. Internationalized ones are left out: the mention and link patterns only match
 * ASCII, and their `xn--` forms are accepted by pattern below.
 */
const TLDS = new Set(
  (
    'aaa aarp abb abbott abbvie abc able abogado abudhabi ac academy accenture accountant accountants aco actor ad ads ' +
    'adult ae aeg aero aetna af afl africa ag agakhan agency ai aig airbus airforce airtel akdn al alibaba alipay ' +
    'allfinanz allstate ally alsace alstom am amazon americanexpress americanfamily amex amfam amica amsterdam ' +
    'analytics android anquan anz ao aol apartments app apple aq aquarelle ar arab aramco archi army arpa art arte as ' +
    'asda asia associates at athleta attorney au auction audi audible audio auspost author auto autos avianca aw aws ' +
    'ax axa az azure ' +
    'ba baby baidu banamex bananarepublic band bank bar barcelona barclaycard barclays barefoot bargains baseball ' +
    'basketball bauhaus bayern bb bbc bbt bbva bcg bcn bd be beats beauty beer bentley berlin best bestbuy bet bf bg ' +
    'bh bharti bi bible bid bike bing bingo bio biz bj black blackfriday blockbuster blog bloomberg blue bm bms bmw bn ' +
    'bnpparibas bo boats boehringer bofa bom bond boo book booking bosch bostik boston bot boutique box br bradesco ' +
    'bridgestone broadway broker brother brussels bs bt build builders business buy buzz bv bw by bz bzh ' +
    'ca cab cafe cal call calvinklein cam camera camp canon capetown capital capitalone car caravan cards care career ' +
    'careers cars casa case cash casino cat catering catholic cba cbn cbre cbs cc cd center ceo cern cf cfa cfd cg ch ' +
    'chanel channel charity chase chat cheap chintai christmas chrome church ci cipriani circle cisco citadel citi ' +
    'citic city cityeats ck cl claims cleaning click clinic clinique clothing cloud club clubmed cm cn co coach codes ' +
    'coffee college cologne com comcast commbank community company compare computer comsec condos construction ' +
    'consulting contact contractors cooking cool coop corsica country coupon coupons courses cpa cr credit creditcard ' +
    'creditunion cricket crown crs cruise cruises cu cuisinella cv cw cx cy cymru cyou cz ' +
    'dabur dad dance data date dating datsun day dclk dds de deal dealer deals degree delivery dell deloitte delta ' +
    'democrat dental dentist desi design dev dhl diamonds diet digital direct directory discount discover dish diy dj ' +
    'dk dm dnp do docs doctor dog domains dot download drive dtv dubai dunlop dupont durban dvag dvr dz ' +
    'earth eat ec eco edeka edu education ee eg email emerck energy engineer engineering enterprises epson equipment ' +
    'er ericsson erni es esq estate et etisalat eu eurovision eus events exchange expert exposed express extraspace ' +
    'fage fail fairwinds faith family fan fans farm farmers fashion fast fedex feedback ferrari ferrero fi fidelity ' +
    'fido film final finance financial fire firestone firmdale fish fishing fit fitness fj fk flickr flights flir ' +
    'florist flowers fly fm fo foo food football ford forex forsale forum foundation fox fr free fresenius frl ' +
    'frogans frontdoor frontier ftr fujitsu fun fund furniture futbol fyi ' +
    'ga gal gallery gallo gallup game games gap garden gay gb gbiz gd gdn ge gea gent genting george gf gg ggee gh gi ' +
    'gift gifts gives giving gl glass gle global globo gm gmail gmbh gmo gmx gn godaddy gold goldpoint golf goo ' +
    'goodyear goog google gop got gov gp gq gr grainger graphics gratis green gripe grocery group gs gt gu guardian ' +
    'gucci guge guide guitars guru gw gy ' +
    'hair hamburg hangout haus hbo hdfc hdfcbank health healthcare help helsinki here hermes hiphop hisamitsu hitachi ' +
    'hiv hk hkt hm hn hockey holdings holiday homedepot homegoods homes homesense honda horse hospital host hosting ' +
    'hot hotels hotmail house how hr hsbc ht hu hughes hyatt hyundai ' +
    'ibm icbc ice icu id ie ieee ifm ikano il im imamat imdb immo immobilien in inc industries infiniti info ing ink ' +
    'institute insurance insure int international intuit investments io ipiranga iq ir irish is ismaili ist ' +
    'istanbul it itau itv ' +
    'jaguar java jcb je jeep jetzt jewelry jio jll jm jmp jnj jo jobs joburg jot joy jp jpmorgan jprs juegos juniper ' +
    'kaufen kddi ke kerryhotels kerrylogistics kerryproperties kfh kg kh ki kia kids kim kinder kindle kitchen kiwi ' +
    'km kn koeln komatsu kosher kp kpmg kpn kr krd kred kuokgroup kw ky kyoto kz ' +
    'la lacaixa lamborghini lamer lancaster land landrover lanxess lasalle lat latino latrobe law lawyer lb lc lds ' +
    'lease leclerc lefrak legal lego lexus lgbt li lidl life lifeinsurance lifestyle lighting like lilly limited limo ' +
    'lincoln link lipsy live living lk llc llp loan loans locker locus lol london lotte lotto love lpl lplfinancial ' +
    'lr ls lt ltd ltda lu lundbeck luxe luxury lv ly ' +
    'ma madrid maif maison makeup man management mango map market marketing markets marriott marshalls mattel mba mc ' +
    'mckinsey md me med media meet melbourne meme memorial men menu merckmsd mg mh miami microsoft mil mini mint mit ' +
    'mitsubishi mk ml mlb mls mm mma mn mo mobi mobile moda moe moi mom monash money monster mormon mortgage moscow ' +
    'moto motorcycles mov movie mp mq mr ms msd mt mtn mtr mu museum music mv mw mx my mz ' +
    'na nab nagoya name natura navy nba nc ne nec net netbank netflix network neustar new news next nextdirect nexus ' +
    'nf nfl ng ngo nhk ni nico nike nikon ninja nissan nissay nl no nokia norton now nowruz nowtv np nr nra nrw ntt ' +
    'nu nyc nz ' +
    'obi observer office okinawa olayan olayangroup oldnavy ollo om omega one ong onl online ooo open oracle orange ' +
    'org organic origins osaka otsuka ott ovh ' +
    'pa page panasonic paris pars partners parts party pay pccw pe pet pf pfizer pg ph pharmacy phd philips phone ' +
    'photo photography photos physio pics pictet pictures pid pin ping pink pioneer pizza pk pl place play ' +
    'playstation plumbing plus pm pn pnc pohl poker politie porn post pr pramerica praxi press prime pro prod ' +
    'productions prof progressive promo properties property protection pru prudential ps pt pub pw pwc py ' +
    'qa qpon quebec quest ' +
    'racing radio re read realestate realtor realty recipes red redstone redumbrella rehab reise reisen reit ' +
    'reliance ren rent rentals repair report republican rest restaurant review reviews rexroth rich richardli ricoh ' +
    'ril rio rip ro rocher rocks rodeo rogers room rs rsvp ru rugby ruhr run rw rwe ryukyu ' +
    'sa saarland safe safety sakura sale salon samsclub samsung sandvik sandvikcoromant sanofi sap sarl sas save ' +
    'saxo sb sbi sbs sc sca scb schaeffler schmidt scholarships school schule schwarz science scot sd se search seat ' +
    'secure security seek select sener services seven sew sex sexy sfr sg sh shangrila sharp shaw shell shia shiksha ' +
    'shoes shop shopping shouji show showtime si silk sina singles site sj sk ski skin sky skype sl sling sm smart ' +
    'smile sn sncf so soccer social softbank software sohu solar solutions song sony soy spa space sport spot sr srl ' +
    'ss st stada staples star statebank statefarm stc stcgroup stockholm storage store stream studio study style su ' +
    'sucks supplies supply support surf surgery suzuki sv swatch swiss sx sy sydney systems sz ' +
    'tab taipei talk taobao target tatamotors tatar tattoo tax taxi tc tci td tdk team tech technology tel temasek ' +
    'tennis teva tf tg th thd theater theatre tiaa tickets tienda tips tires tirol tj tjmaxx tjx tk tkmaxx tl tm ' +
    'tmall tn to today tokyo tools top toray toshiba total tours town toyota toys tr trade trading training travel ' +
    'travelers travelersinsurance trust trv tt tube tui tunes tushu tv tvs tw tz ' +
    'ua ubank ubs ug uk unicom university uno uol ups us uy uz ' +
    'va vacations vana vanguard vc ve vegas ventures verisign versicherung vet vg vi viajes video vig viking villas ' +
    'vin vip virgin visa vision viva vivo vlaanderen vn vodka volkswagen volvo vote voting voto voyage vu ' +
    'wales walmart walter wang wanggou watch watches weather weatherchannel webcam weber website wed wedding weibo ' +
    'weir wf whoswho wien wiki williamhill win windows wine winners wme wolterskluwer woodside work works world wow ' +
    'ws wtc wtf ' +
    'xbox xerox xfinity xihuan xin xxx xyz ' +
    'yachts yahoo yamaxun yandex ye yodobashi yoga yokohama you youtube yt yun ' +
    'za zappos zara zero zip zm zone zuerich zw'
  ).split(' '),
);

const PUNYCODE_TLD = /^xn--[a-z0-9-]+$/;

/** Whether the last label of `domain` is a top-level domain (the reference's isValidDomain). */
function hasKnownTld(domain: string): boolean {
  const dot = domain.lastIndexOf('.');
  if (dot <= 0) return false;
  const tld = domain.slice(dot + 1).toLowerCase();
  return TLDS.has(tld) || PUNYCODE_TLD.test(tld);
}

// ---------------------------------------------------------------------------------------------
// Detection
// ---------------------------------------------------------------------------------------------

/** @atproto/api's MENTION_REGEX. */
const MENTION = /(^|\s|\()@([a-zA-Z0-9.-]+)\b/g;
/** atproto handle syntax (https://atproto.com/specs/handle). */
const HANDLE = /^([a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?\.)+[a-zA-Z]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?$/;

/** @atproto/api's URL_REGEX, with hyphens allowed inside the labels of a bare domain. */
const LINK = /(^|\s|\()(?:(https?:\/\/\S+)|((?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)+)(\S*))/gi;
/** What may follow a bare domain: a port, path, query or fragment, or punctuation that is trimmed. */
const AFTER_BARE_DOMAIN = /^(?:$|[/:?#]|[.,;:!?)]+(?:$|[/:?#]))/;
const TRAILING_LINK_PUNCTUATION = /[.,;:!?]$/;

/** @atproto/api's TAG_REGEX. */
const TAG =
  // eslint-disable-next-line no-misleading-character-class
  /(^|\s)[#＃]((?!\ufe0f)[^\s\u00AD\u2060\u200A\u200B\u200C\u200D\u20e2]*[^\d\s\p{P}\u00AD\u2060\u200A\u200B\u200C\u200D\u20e2]+[^\s\u00AD\u2060\u200A\u200B\u200C\u200D\u20e2]*)?/gu;
const TRAILING_PUNCTUATION = /\p{P}+$/u;
/** app.bsky.richtext.facet#tag: maxGraphemes 64, maxLength 640 (bytes). */
const MAX_TAG_GRAPHEMES = 64;
const MAX_TAG_BYTES = 640;

interface Found {
  kind: DetectedFacet['kind'];
  /** UTF-16 range in the text. */
  start: number;
  end: number;
  value: string;
}

function count(text: string, char: string): number {
  let n = 0;
  for (let i = text.indexOf(char); i >= 0; i = text.indexOf(char, i + 1)) n++;
  return n;
}

/** Trims trailing `.,;:!?` and unbalanced `)` from a link, as often as they occur. */
function trimLink(link: string): string {
  for (;;) {
    if (TRAILING_LINK_PUNCTUATION.test(link)) link = link.slice(0, -1);
    else if (link.endsWith(')') && count(link, ')') > count(link, '(')) link = link.slice(0, -1);
    else return link;
  }
}

function findMentions(text: string, found: Found[]): void {
  for (const match of text.matchAll(MENTION)) {
    const handle = match[2]!;
    if (handle.length > 253 || !HANDLE.test(handle)) continue;
    if (!hasKnownTld(handle) && !handle.toLowerCase().endsWith('.test')) continue; // probably not a handle
    const start = match.index + match[1]!.length; // the '@'
    found.push({ kind: 'mention', start, end: start + 1 + handle.length, value: handle });
  }
}

function findLinks(text: string, found: Found[]): void {
  for (const match of text.matchAll(LINK)) {
    const start = match.index + match[1]!.length;
    let link: string;
    let uri: (trimmed: string) => string;
    if (match[2] !== undefined) {
      link = trimLink(match[2]);
      if (/^https?:\/\/$/i.test(link)) continue;
      uri = (trimmed) => trimmed;
    } else {
      const domain = match[3]!;
      const rest = match[4] ?? '';
      if (!hasKnownTld(domain) || !AFTER_BARE_DOMAIN.test(rest)) continue;
      link = trimLink(domain + rest);
      if (link.length < domain.length) continue;
      uri = (trimmed) => `https://${trimmed}`;
    }
    found.push({ kind: 'link', start, end: start + link.length, value: uri(link) });
  }
}

function findTags(text: string, found: Found[]): void {
  for (const match of text.matchAll(TAG)) {
    const body = match[2];
    if (body === undefined) continue;
    const tag = body.replace(TRAILING_PUNCTUATION, '');
    if (tag.length === 0 || countGraphemes(tag) > MAX_TAG_GRAPHEMES || utf8Length(tag) > MAX_TAG_BYTES) continue;
    const start = match.index + match[1]!.length; // the '#'
    found.push({ kind: 'tag', start, end: start + 1 + tag.length, value: tag });
  }
}

/**
 * Links, mentions and hashtags in `text`, sorted by byteStart and never overlapping (where two
 * would, the one starting first is kept). Mentions are not resolved: see buildFacets.
 */
export function detectFacets(text: string): DetectedFacet[] {
  const found: Found[] = [];
  findMentions(text, found);
  findLinks(text, found);
  findTags(text, found);
  found.sort((a, b) => a.start - b.start || b.end - a.end);
  const toUtf8 = utf8Indexer(text);
  const facets: DetectedFacet[] = [];
  let end = 0;
  for (const facet of found) {
    if (facet.start < end || facet.end <= facet.start) continue;
    end = facet.end;
    facets.push({ kind: facet.kind, byteStart: toUtf8(facet.start), byteEnd: toUtf8(facet.end), value: facet.value });
  }
  return facets;
}

/**
 * Turn detected facets into lexicon facets; mentions resolve through `resolve(handle) → did | undefined`;
 * unresolved mentions are dropped (the text stays plain). A handle whose resolution throws counts as
 * unresolved (resolveHandle answers an unknown handle with an error). Each distinct handle is
 * resolved once, all of them concurrently.
 */
export async function buildFacets(text: string, resolve: (handle: string) => Promise<string | undefined>): Promise<Facet[]> {
  const detected = detectFacets(text);
  const dids = new Map<string, Promise<string | undefined>>();
  for (const facet of detected) {
    if (facet.kind !== 'mention' || dids.has(facet.value)) continue;
    dids.set(
      facet.value,
      Promise.resolve()
        .then(() => resolve(facet.value))
        .catch(() => undefined),
    );
  }
  const resolved = new Map<string, string | undefined>();
  await Promise.all([...dids].map(async ([handle, did]) => resolved.set(handle, await did)));

  const facets: Facet[] = [];
  for (const facet of detected) {
    const index = { byteStart: facet.byteStart, byteEnd: facet.byteEnd };
    switch (facet.kind) {
      case 'link':
        facets.push({ index, features: [{ $type: 'app.bsky.richtext.facet#link', uri: facet.value }] });
        break;
      case 'tag':
        facets.push({ index, features: [{ $type: 'app.bsky.richtext.facet#tag', tag: facet.value }] });
        break;
      case 'mention': {
        const did = resolved.get(facet.value);
        if (did) facets.push({ index, features: [{ $type: 'app.bsky.richtext.facet#mention', did }] });
        break;
      }
    }
  }
  return facets;
}
