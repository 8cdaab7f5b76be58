/*
 * The archive's search worker: Chinese search that finds parts of words, Party-work terms and phrases.
 *
 * Material for MkDocs runs its search in a web worker whose address it reads from the page's settings
 * (`<script id="__config">`, key "search"); macros/search_hook.py puts this file's address there. The worker
 * speaks Material's own messages (SETUP → READY, QUERY → RESULT), so Material's search box, result list and
 * page highlighting (search.highlight) show what it finds. Nothing else on the page changes.
 *
 * The index is Material's search/search_index.json: one entry per section, its text split into words by jieba
 * (with the Party-work vocabulary data/search-terms.txt) and the words joined by U+200B. The hook adds that
 * vocabulary to the index's config as "archive_terms".
 *
 * How a query is answered (README.md, “给维护者 · 搜索” says why):
 * 1. The query is normalised (NFKC: full-width letters and digits become ASCII; lower case); everything that is
 *    not a letter or digit separates words. Each space-separated word is a *part*.
 * 2. A part is looked for as a whole, as a substring, so a part of a longer word (重视 in 高度重视) is found.
 *    A part is also split into *pieces* (dictionary-aware: Party terms first, then jieba's words from the
 *    index, then any run of characters that occurs in the archive); a section without the whole part can
 *    still match through all or some of its pieces, ranked below sections with the whole part.
 * 3. Each match is weighted like BM25 (rarer terms count more; repeats count less and less; long sections
 *    are slightly discounted). Matches in a heading or in a point's lead sentence (一是认真统筹谋划。) weigh
 *    more; a match that cuts across jieba's word boundaries (会议 in 社会|议题) weighs less. Sections that match
 *    more of the parts rank first.
 * 4. Results are grouped by page and highlighted with <mark>, exactly in the form Material's worker returns.
 *    Every result from a summary's page names the summary's half-year ("2021年上半年 · …"); a snippet shows at
 *    most MAX_BLOCKS paragraphs of at most SNIPPET characters each. Only what Material draws is sent: no U+200B,
 *    no text for a page entry drawn as the heading of its sections. When more pages match than Material draws
 *    at once (DRAWN), a page keeps only the sections Material shows (its best), without "N more on this page".
 *
 * Periods: a year (2021, 2021年, 二〇二一年), a half-year (2021年上半年, 2021上半年, 21年下半年) or 上半年/下半年
 * alone in a query is read as a choice of summaries, not as words: only those summaries' pages are ranked, and a
 * first line in the result list says how the query was read ("按 2021年上半年 查找"). A query of a period alone
 * lists that summary's pages, front page first; a period the archive does not hold is said so. Without a period,
 * the newest summary comes first among equal matches.
 *
 * The index is loaded only when the reader searches: the hook leaves Material a stub search_index.json (config,
 * no documents) whose config names the real index ("archive_index", relative to this worker); the first query that
 * is not empty fetches it. Offline (file://), Material posts the whole index from search_index.js instead.
 */
"use strict"

/* Material's message types (src/templates/assets/javascripts/integrations/search/worker/message) */
const SETUP = 0, READY = 1, QUERY = 2, RESULT = 3

/* Tuning. Measured with tests/search_eval.py on tests/search_queries.tsv; see the README before changing. */
const K1 = 1.2                 /* BM25 term-frequency saturation */
const B = 0.5                  /* BM25 length normalisation (0: none, 1: full) */
const TITLE = 2.5              /* weight of a heading match, against a text match */
const STRADDLE = 0.5           /* weight of a match across a word boundary that cuts into words (社会|议题 for 会议) */
const LEAD = 1.5               /* weight of a match in a point's lead sentence (一是认真统筹谋划。), a sub-heading */
const SPLIT = 0.5              /* a part matched only through its pieces counts this much of a whole match */
const MAX_QUERY = 256          /* characters of a query looked at; the rest is ignored */
const MAX_PARTS = 16           /* space-separated parts looked at */
const MAX_SPLIT = 64           /* characters of a part that are split into pieces */
const MAX_WORD = 8             /* longest piece tried when splitting */
const MAX_BLOCKS = 2           /* paragraphs shown per result, as in Material */
const CONTEXT = 16             /* characters shown before the first match of a long paragraph */
const HIGHLIGHTED = 20         /* pages whose results are highlighted; further down, results show their opening */
const DRAWN = 10               /* result groups Material draws at once (more as the reader scrolls down) */
const SNIPPET = 100            /* characters shown of a paragraph at most (two lines of Material's result list) */

const HAN = /\p{Script=Han}/u
/* 一是认真统筹谋划。 (matched in folded text, where ，；： are , ; :) */
const LEAD_SENTENCE = /(?:[一二三四五六七八九十]+是|另一个是|一个是),?([^。;,\n]{1,30})[。;]/gu
const CHINESE_DIGITS = "零一二三四五六七八九"
/* A summary's pages: 2021-h1/…; its half-year label: 2021年上半年 */
const PERIOD_PATH = /^(\d{4})-h([12])\//
const HALVES = { 1: "上半年", 2: "下半年", "上": 1, "下": 2 }
const YEAR_DIGITS = { "〇": 0, "○": 0, "零": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9 }
/* 2021 / 2021年 / 二〇二一年 / 21年下半年, each with an optional 上半年/下半年; then 上半年/下半年 alone */
const PERIOD_IN_QUERY = new RegExp(
  "(?<![0-9〇○零一二三四五六七八九])(?:((?:19|20)[0-9]{2})|([〇○零一二三四五六七八九]{4})(?=年)|([0-9]{2})(?=年?[上下]半年))" +
  "(?![0-9])(年)?(?:([上下])半年)?|([上下])半年", "gu")

/* ------------------------------------------------------------------------- */

/** One character in, one out: full-width ASCII to ASCII, ideographic space to space, lower case. */
function fold(ch) {
  const code = ch.charCodeAt(0)
  if (code >= 0xFF01 && code <= 0xFF5E)
    ch = String.fromCharCode(code - 0xFEE0)
  else if (code === 0x3000)
    ch = " "
  const lower = ch.toLowerCase()
  return lower.length === 1 ? lower : ch
}

/** The kind of a character for word boundaries: 1 Han, 2 letter or digit, 0 anything else. */
const KINDS = new Int8Array(0x10000).fill(-1)
function kind(ch) {
  const code = ch.charCodeAt(0)
  let k = KINDS[code]
  if (k < 0) k = KINDS[code] = HAN.test(ch) ? 1 : /[\p{L}\p{N}]/u.test(ch) ? 2 : 0
  return k
}

/** The kind of the character at `i` of `text` (one UTF-16 code unit, as Layout reads it). */
function kindAt(text, i) {
  const code = text.charCodeAt(i)
  const k = KINDS[code]
  return k >= 0 ? k : kind(text[i])
}

/** A query as the list of its space-separated parts, normalised. */
function queryParts(query) {
  if (typeof query !== "string") return []
  let text = query.slice(0, MAX_QUERY * 2)
  try { text = text.normalize("NFKC") } catch (err) { /* lone surrogates: keep as typed */ }
  text = Array.from(text, fold).join("")
  const parts = text
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .trim()
    .slice(0, MAX_QUERY)
    .split(" ")
    .filter(part => part.length > 0)
  return [...new Set(parts)].slice(0, MAX_PARTS)
}

/** 19 → 十九, 2 → 二, 20 → 二十: how the summaries write small numbers (十九届, 二中全会). */
function chineseNumber(digits) {
  const n = parseInt(digits, 10)
  if (!(n >= 0 && n < 100) || digits.length > 2) return digits
  if (n < 10) return CHINESE_DIGITS[n]
  const tens = Math.floor(n / 10), ones = n % 10
  return (tens > 1 ? CHINESE_DIGITS[tens] : "") + "十" + (ones ? CHINESE_DIGITS[ones] : "")
}

/** The ways a part may be written in the text: as typed, and with small numbers in Chinese (19届 → 十九届). */
function variants(part) {
  const out = [part]
  if (/\d/.test(part) && HAN.test(part)) {
    const chinese = part.replace(/\d+/g, chineseNumber)
    if (chinese !== part) out.push(chinese)
  }
  return out
}

/** The summary a location belongs to: { id: "2021-h1", order, label: "2021年上半年" }, or null. */
function periodOf(location) {
  const found = PERIOD_PATH.exec(location)
  if (!found) return null
  const year = Number(found[1]), half = Number(found[2])
  return { id: `${year}-h${half}`, year, half, order: year * 2 + half, label: `${year}年${HALVES[half]}` }
}

/**
 * The periods a query names, and the query without them. Returns { rest, wanted } where `wanted` lists
 * { year, half, label } (year or half may be null), in the order typed, without repeats.
 */
function readPeriods(query) {
  if (typeof query !== "string") return { rest: "", wanted: [] }
  let text = query.slice(0, MAX_QUERY * 2)
  try { text = text.normalize("NFKC") } catch (err) { /* lone surrogates: keep as typed */ }
  const wanted = [], seen = new Set()
  const rest = text.replace(PERIOD_IN_QUERY, (all, digits, chinese, short, _year, half, halfAlone) => {
    let year = null
    if (digits) year = Number(digits)
    else if (chinese) year = Number(Array.from(chinese, ch => YEAR_DIGITS[ch]).join(""))
    else if (short) year = 2000 + Number(short)
    const h = HALVES[half || halfAlone] || null
    const label = (year ? `${year}年` : "") + (h ? HALVES[h] : "")
    if (!seen.has(label)) { seen.add(label); wanted.push({ year, half: h, label }) }
    return " "
  })
  return { rest, wanted }
}

/* ------------------------------------------------------------------------- */

const ENTITIES = { amp: "&", lt: "<", gt: ">", quot: "\"", apos: "'", nbsp: "\u00a0" }

const TAG = /<[^>\u0000]*>/g
const ENTITY = /&(#\d{1,7}|#x[0-9a-f]{1,6}|[a-z]{2,8});/gi
const FULL_WIDTH = /[\uFF01-\uFF5E\u3000]/g
const UPPER = /\p{Changes_When_Lowercased}/gu
const CASE_CONTEXT = /[\u0130\u03a3\ud800-\udfff]/  /* where lower-casing a whole string differs from one unit at a time */
const SEPARATOR = "\u0000"
const CUTS = /\u200b/g  /* jieba's word boundaries in the index */

function decodeEntity(all, name) {
  name = name.toLowerCase()
  let decoded = ENTITIES[name]
  if (name.startsWith("#")) {
    const code = name[1] === "x" ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10)
    try { decoded = String.fromCodePoint(code) } catch (err) { decoded = undefined }
  }
  return decoded !== undefined && decoded.length === 1 ? decoded : undefined
}

/**
 * The text of many fields as Layout reads them (tags as line breaks, entities decoded, folded), in a few passes
 * of regular expressions over all of them at once rather than a loop over every character: `marked` keeps
 * jieba's U+200B, `plain` does not. This is all the worker computes for every section when the index arrives.
 */
function plainTexts(raws) {
  let text = raws.map(raw => raw.replace(/\u0000/g, " ")).join(SEPARATOR)
    .replace(TAG, "\n")
    .replace(ENTITY, (all, name) => decodeEntity(all, name) ?? all)
    .replace(FULL_WIDTH, ch => ch === "\u3000" ? " " : String.fromCharCode(ch.charCodeAt(0) - 0xFEE0))
  const unusual = CASE_CONTEXT.test(text)
  text = unusual
    ? text.replace(UPPER, ch => { const lower = ch.toLowerCase(); return lower.length === 1 ? lower : ch })
    : text.toLowerCase()
  return { marked: text.split(SEPARATOR), plain: withoutCuts(text, unusual).split(SEPARATOR) }
}

/** `text` without U+200B: copied code unit by code unit, much faster than a regular expression on a long text
    with many matches (TextDecoder would spoil lone surrogates, hence the regular expression when there are any) */
function withoutCuts(text, surrogates) {
  if (surrogates || typeof TextDecoder !== "function") return text.replace(/\u200b/g, "")
  const codes = new Uint16Array(text.length)
  let n = 0
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i)
    if (code !== 0x200b) codes[n++] = code
  }
  return new TextDecoder("utf-16le").decode(codes.subarray(0, n))
}

/**
 * A field of a search document (Material's escaped HTML, words joined by U+200B): its `raw` string, its `plain`
 * text for matching and `length`. Where jieba cut words (`cut`) and the points' lead sentences (`lead`) are found
 * on the first query that matches the field; the Layout, for highlighting, when its result is shown.
 */
class Field {
  constructor(raw, marked, plain) {
    this.raw = typeof raw === "string" ? raw : ""
    if (marked === undefined) ({ marked: [marked], plain: [plain] } = plainTexts([this.raw]))
    this.marked = marked
    this.plain = plain
    this.length = plain.length - (plain.match(/\n/g) || []).length
    this.cut = null
    this.lead = null
    this.laidOut = null
  }

  get layout() {
    return this.laidOut || (this.laidOut = new Layout(this.shown, this.plain))
  }

  /** `raw` as a result shows it: without jieba's invisible U+200B (a third of the characters; a reader copying a
      result would copy them too). Layout reads this, so highlights come without them. */
  get shown() {
    if (this.clean === undefined) this.clean = this.raw.includes("\u200b") ? this.raw.replace(CUTS, "") : this.raw
    return this.clean
  }

  /** Where jieba cut words, and which characters are in a point's lead sentence (一是认真统筹谋划。) */
  prepare() {
    const n = this.plain.length, marked = this.marked
    this.cut = new Uint8Array(n + 1)
    /* a cut before the plain character the U+200B stands before: its place less the U+200B before it */
    for (let i = marked.indexOf("\u200b"), before = 0; i >= 0; i = marked.indexOf("\u200b", i + 1), before++)
      this.cut[i - before] = 1
    this.lead = new Uint8Array(n)
    for (const match of this.plain.matchAll(LEAD_SENTENCE)) {
      const start = match.index + match[0].indexOf(match[1])
      this.lead.fill(1, start, start + match[1].length)
    }
  }

  /** 1 where a word starts or ends before plain character i: a cut, a change of script, or a non-word character. */
  bound(i) {
    if (i <= 0 || i >= this.plain.length || this.cut[i]) return 1
    const a = kindAt(this.plain, i - 1)
    return a === 0 || a !== kindAt(this.plain, i) ? 1 : 0
  }

  /** Does `word` stand as a word of its own (between U+200B or other non-Han characters) in this field? */
  hasWord(word) {
    const marked = this.marked
    for (let i = marked.indexOf(word), tries = 0; i >= 0 && tries < 64; i = marked.indexOf(word, i + 1), tries++)
      if ((i === 0 || kindAt(marked, i - 1) !== 1) && (i + word.length >= marked.length || kindAt(marked, i + word.length) !== 1))
        return true
    return false
  }

  /**
   * Where `term` occurs, and the weight of the occurrences. An occurrence counts fully where it is made of
   * whole words or lies inside one word (重视 in 高度重视, 治党 in 从严治党, 培训 in 培训班); one that crosses a
   * word boundary and cuts into words on the way is likely a chance one (会议 in 社会|议题) and counts less,
   * unless the term is a Party term (`isTerm`). `lead` and `leads`: the same for a point's lead sentences.
   */
  find(term, isTerm = false) {
    if (!term) return NOTHING
    let i = this.plain.indexOf(term)
    if (i < 0) return NOTHING
    if (!this.cut) this.prepare()
    const starts = []
    let weight = 0, lead = 0, leads = 0
    for (; i >= 0; i = this.plain.indexOf(term, i + term.length)) {
      starts.push(i)
      const j = i + term.length
      let w = 1
      if (!isTerm && !(this.bound(i) && this.bound(j)))
        for (let k = i + 1; k < j; k++)
          if (this.bound(k)) { w = STRADDLE; break }
      weight += w
      if (this.lead[i]) { lead += w; leads++ }
    }
    return { starts, weight, lead, leads }
  }

  highlight(ranges, onlyMarkedBlocks) {
    return this.layout.highlight(ranges, onlyMarkedBlocks)
  }

  /** The first paragraph, without marks, at most SNIPPET characters: for results far down the list. */
  teaser() {
    if (this.opening === undefined) this.opening = this.firstParagraph()
    return this.opening
  }

  firstParagraph() {
    /* The first element and its closing tag (Material writes tags in lower case) */
    const open = /^\s*<([a-z0-9]+)[^>]*>/i.exec(this.raw)
    const close = open ? this.raw.indexOf(`</${open[1]}>`, open[0].length) : -1
    if (close < 0) return ""
    const body = this.raw.slice(open[0].length, close), end = `</${open[1]}>`
    /* Only the paragraph's opening is shown: its tags and U+200B taken out of enough of it (a third of the
       characters are U+200B; not cutting into a tag), all of it when that is not enough */
    let cut = Math.min(body.length, 4 * SNIPPET)
    const tag = body.lastIndexOf("<", cut - 1)
    if (tag >= 0 && body.lastIndexOf(">", cut - 1) < tag) cut = body.indexOf(">", tag) + 1 || body.length
    let words = body.slice(0, cut).replace(/<[^>]*>|\u200b/g, "")
    if (words.length <= SNIPPET && cut < body.length) words = body.replace(/<[^>]*>|\u200b/g, "")
    if (words.length <= SNIPPET) return open[0].trimStart() + words + end
    return open[0].trimStart() + words.slice(0, SNIPPET).replace(/&[#a-z0-9]*$/i, "") + "…" + end
  }
}

const NOTHING = Object.freeze({ starts: Object.freeze([]), weight: 0, lead: 0, leads: 0 })
const MISSED = Object.freeze({ title: NOTHING, text: NOTHING, tags: NOTHING })

/* Where Layout stops copying runs of characters: a tag, an entity, a U+200B; and the first character of text */
const SPECIAL = /[<&\u200b]/g
const NOT_SPACE = /\S/g
let PLACES = new Int32Array(0)

/** 0, 1, 2, … up to at least `length` - 1, kept between calls */
function counting(length) {
  if (PLACES.length < length) {
    PLACES = new Int32Array(Math.max(length, 2 * PLACES.length, 4096))
    for (let i = 0; i < PLACES.length; i++) PLACES[i] = i
  }
  return PLACES
}

/**
 * A field laid out for highlighting: for each character of its plain text, `from` and `to` give its place in the
 * raw string; `blocks` are the top-level paragraphs, as Material shows them.
 */
class Layout {
  constructor(raw, plain) {
    this.raw = raw
    this.plain = plain
    const from = new Int32Array(raw.length + 1), to = new Int32Array(raw.length + 1)
    const places = counting(raw.length + 1)
    let n = 0
    const blocks = []
    let depth = 0, blockFrom = -1
    for (let i = 0; i < raw.length;) {
      /* A run of ordinary characters, each one plain character: copied in one go (most of a field; a loop
         over every character is slow until the engine has optimised it, and each query lays out new fields) */
      SPECIAL.lastIndex = i
      const special = SPECIAL.exec(raw)
      const end = special ? special.index : raw.length
      if (end > i) {
        if (depth === 0 && blockFrom < 0) {
          NOT_SPACE.lastIndex = i
          const text = NOT_SPACE.exec(raw)
          if (text && text.index < end) blockFrom = text.index
        }
        from.set(places.subarray(i, end), n)
        to.set(places.subarray(i + 1, end + 1), n)
        n += end - i
        i = end
        continue
      }
      const code = raw.charCodeAt(i)
      if (code === 0x3c /* < */) {
        const close = raw.indexOf(">", i)
        if (close > i) {
          const tag = raw.slice(i, close + 1)
          if (tag.startsWith("</")) {
            depth = Math.max(0, depth - 1)
            if (depth === 0 && blockFrom >= 0) { blocks.push([blockFrom, close + 1]); blockFrom = -1 }
          } else if (!tag.endsWith("/>")) {
            if (depth === 0) {
              if (blockFrom >= 0) blocks.push([blockFrom, i])
              blockFrom = i
            }
            depth++
          }
          from[n] = i; to[n] = close + 1; n++     /* a tag separates words and never matches */
          i = close + 1
          continue
        }
      }
      if (depth === 0 && blockFrom < 0) blockFrom = i   /* <, & and U+200B are not white space */
      if (code === 0x200b) { i++; continue }
      if (code === 0x26 /* & */) {
        const entity = /^&(#\d{1,7}|#x[0-9a-f]{1,6}|[a-z]{2,8});/i.exec(raw.slice(i, i + 12))
        if (entity && decodeEntity(entity[0], entity[1]) !== undefined) {
          from[n] = i; to[n] = i + entity[0].length; n++
          i += entity[0].length
          continue
        }
      }
      from[n] = i; to[n] = i + 1; n++
      i++
    }
    if (blockFrom >= 0) blocks.push([blockFrom, raw.length])
    this.from = from.subarray(0, n)
    this.to = to.subarray(0, n)
    this.blocks = blocks.filter(([start, end]) => raw.slice(start, end).replace(/<[^>]*>|\s|\u200b/g, "").length)
  }

  /** The field with the given plain-text ranges marked; for text, only the paragraphs with a mark. */
  highlight(ranges, onlyMarkedBlocks) {
    const raw = this.raw
    const merged = mergeRanges(ranges)
    const marks = merged.map(([s, e]) => [this.from[s], this.to[e - 1]])
    const mark = (start, end) => {
      let out = "", cursor = start
      for (const [s, e] of marks) {
        if (e <= start || s >= end) continue
        const a = Math.max(s, start), b = Math.min(e, end)
        out += raw.slice(cursor, a) + "<mark>" + raw.slice(a, b) + "</mark>"
        cursor = b
      }
      return out + raw.slice(cursor, end)
    }
    if (!onlyMarkedBlocks || !this.blocks.length) return mark(0, raw.length)
    const shown = this.blocks.filter(([start, end]) => marks.some(([s, e]) => s < end && e > start))
    if (!shown.length) return this.excerpt(...this.blocks[0], null, mark)
    return shown.slice(0, MAX_BLOCKS).map(([start, end]) => {
      /* A long paragraph starts a little before its first match (after a comma or full stop, where there is
         one close by), so that the match is in view of the two lines Material shows */
      const first = merged.find(([s]) => this.from[s] >= start && this.from[s] < end)[0]
      let from = first
      while (from > 0 && this.from[from - 1] >= start && first - from < CONTEXT) from--
      if (from === 0 || this.from[from - 1] < start) return this.excerpt(start, end, null, mark)
      for (let k = first - 1; k >= Math.max(0, first - CONTEXT * 2) && this.from[k] >= start; k--)
        if (",.;:!?、。\n".includes(this.plain[k])) { from = k + 1; break }   /* full-width ，；：！？ are folded */
      return this.excerpt(start, end, from, mark)
    }).join("")
  }

  /**
   * The paragraph raw[start, end), marked by `mark`, showing at most SNIPPET characters: from plain character
   * `from` on (null: from the paragraph's start), with … where it is cut.
   */
  excerpt(start, end, from, mark) {
    const raw = this.raw, plain = this.plain
    const first = lowerBound(this.from, start), stop = lowerBound(this.from, end)
    const begin = from === null ? first : from
    let k = begin, shown = 0
    for (; k < stop && shown < SNIPPET; k++) if (plain[k] !== "\n") shown++
    let more = false
    for (let j = k; j < stop && !more; j++) more = plain[j] !== "\n"
    const cutStart = begin > first
    const block = raw.slice(start, end)
    const opening = /^<[^/][^>]*>/.exec(block), closing = /<\/[a-z0-9]+>\s*$/i.exec(block)
    return (cutStart ? (opening ? opening[0] : "") + "…" : "") +
      mark(cutStart ? this.from[begin] : start, more ? this.from[k] : end) +
      (more ? "…" + (closing ? closing[0] : "") : "")
  }
}

/** BM25 of the number of matches, times their mean weight */
function bm25(count, weight, length, average) {
  return count
    ? (weight / count) * count * (K1 + 1) / (count + K1 * (1 - B + B * length / Math.max(1, average)))
    : 0
}

/** The first index of the ascending array `values` whose value is at least `value`. */
function lowerBound(values, value) {
  let low = 0, high = values.length
  while (low < high) {
    const middle = (low + high) >> 1
    if (values[middle] < value) low = middle + 1
    else high = middle
  }
  return low
}

/** Sorted, non-overlapping [start, end) ranges covering the given ones. */
function mergeRanges(ranges) {
  const sorted = ranges.filter(([s, e]) => e > s).sort((a, b) => a[0] - b[0] || a[1] - b[1])
  const out = []
  for (const [s, e] of sorted) {
    const last = out[out.length - 1]
    if (last && s <= last[1]) last[1] = Math.max(last[1], e)
    else out.push([s, e])
  }
  return out
}

/* ------------------------------------------------------------------------- */

class Engine {
  constructor({ config, docs }) {
    this.config = config || {}
    const terms = Array.isArray(this.config.archive_terms) ? this.config.archive_terms : []
    this.dictionary = new Set(terms.filter(t => typeof t === "string").map(t => Array.from(t, fold).join("")))
    this.docs = []
    const pages = new Map()
    const valid = (Array.isArray(docs) ? docs : []).filter(doc => doc && typeof doc.location === "string")
    const raws = []
    for (const doc of valid)
      raws.push(typeof doc.title === "string" ? doc.title : "", typeof doc.text === "string" ? doc.text : "",
        Array.isArray(doc.tags) ? doc.tags.join("\n") : "")
    const { marked, plain } = plainTexts(raws)
    valid.forEach((doc, n) => {
      const [path] = doc.location.split("#")
      const field = k => new Field(raws[3 * n + k], marked[3 * n + k], plain[3 * n + k])
      const entry = {
        doc,
        page: path,
        title: field(0),
        text: field(1),
        tags: field(2),
        boost: typeof doc.boost === "number" && doc.boost > 0 ? doc.boost : 1,
        period: periodOf(path)
      }
      if (!pages.has(path)) pages.set(path, entry)   /* Material's invariant: a page's entry comes first */
      this.docs.push(entry)
    })
    this.pages = pages
    /* The summaries the archive holds, newest first */
    const periods = new Map()
    for (const d of this.docs)
      if (d.period && !periods.has(d.period.id)) periods.set(d.period.id, d.period)
    this.periods = [...periods.values()].sort((a, b) => b.order - a.order)
    const texts = this.docs.filter(d => d.text.length)
    this.avgText = texts.reduce((sum, d) => sum + d.text.length, 0) / Math.max(1, texts.length)
    this.avgTitle = this.docs.reduce((sum, d) => sum + d.title.length, 0) / Math.max(1, this.docs.length)
    /* Every title and text, each followed by a line break, and where each starts: stats() finds the fields that
       hold a term in one pass over this text instead of one search in each field */
    const n = this.docs.length
    this.starts = new Int32Array(2 * n + 1)
    let at = 0
    this.docs.forEach((d, i) => {
      this.starts[2 * i] = at
      at += d.title.plain.length + 1
      this.starts[2 * i + 1] = at
      at += d.text.plain.length + 1
    })
    this.starts[2 * n] = at
    this.corpus = this.docs.map(d => d.title.plain + "\n" + d.text.plain).join("\n")
    this.tagged = this.docs.flatMap((d, i) => d.tags.plain ? [i] : [])
    this.wordCorpus = new Field("", this.docs.map(d => d.title.marked + "\n" + d.text.marked).join("\n"), "")
    this.words = new Map()
    this.cache = new Map()
  }

  /** Is `piece` one of jieba's words in the index (a run of Han characters between U+200B and other characters)? */
  isWord(piece) {
    let known = this.words.get(piece)
    if (known === undefined) {
      known = this.wordCorpus.hasWord(piece)
      if (this.words.size > 5000) this.words.clear()
      this.words.set(piece, known)
    }
    return known
  }

  /** Does `value` occur anywhere in the archive? */
  attested(value) {
    return this.corpus.indexOf(value) >= 0
  }

  /** How every document matches `term`: cached, since typing repeats the same terms. */
  stats(term) {
    let stats = this.cache.get(term)
    if (stats) return stats
    const isTerm = this.dictionary.has(term)
    const hits = []
    const per = new Array(this.docs.length).fill(MISSED)
    for (const i of this.holding(term)) {
      const d = this.docs[i]
      const title = d.title.find(term, isTerm), text = d.text.find(term, isTerm), tags = d.tags.find(term, isTerm)
      if (title === NOTHING && text === NOTHING && tags === NOTHING) continue
      hits.push(i)
      per[i] = { title, text, tags }
    }
    const n = this.docs.length, df = hits.length
    const idf = Math.log(1 + (n - df + 0.5) / (df + 0.5))
    stats = { term, per, df, idf, hits }
    if (this.cache.size > 500) this.cache.clear()
    this.cache.set(term, stats)
    return stats
  }

  /** The documents that may hold `term` (in a title, a text or a tag), in ascending order: those whose title or
      text holds it, found in one pass over the corpus (a term never holds a line break, so no occurrence there
      spans two fields; one that does is looked for in every document), and those with tags. */
  holding(term) {
    if (!term) return []
    if (term.includes("\n")) return this.docs.map((d, i) => i)
    const docs = new Set(this.tagged), corpus = this.corpus, starts = this.starts
    for (let at = corpus.indexOf(term), field = 0; at >= 0; at = corpus.indexOf(term, starts[field + 1])) {
      while (starts[field + 1] <= at) field++
      docs.add(field >> 1)
    }
    return [...docs].sort((a, b) => a - b)
  }

  /** The score of document `i` for a term, from its stats. */
  score(stats, i) {
    const d = this.docs[i], m = stats.per[i]
    if (m === MISSED) return 0
    const text = bm25(m.text.starts.length, m.text.weight, d.text.length, this.avgText)
    const lead = bm25(m.text.leads, m.text.lead, this.avgTitle, this.avgTitle)
    const title = bm25(m.title.starts.length, m.title.weight, d.title.length, this.avgTitle)
    const tags = m.tags.weight ? 1 : 0
    return stats.idf * (text + LEAD * lead + TITLE * (title + tags))
  }

  /**
   * Split a part into pieces: the cheapest cover of it by Party terms (cost 1), jieba's words in the index
   * (1.5), other runs that occur in the archive (2.5) and single characters (4). Letters and digits stay
   * together. Only the first MAX_SPLIT characters are split.
   */
  split(part) {
    const text = part.slice(0, MAX_SPLIT)
    const n = text.length
    const cost = new Float64Array(n + 1).fill(Infinity), back = new Int32Array(n + 1)
    cost[0] = 0
    for (let i = 0; i < n; i++) {
      if (cost[i] === Infinity) continue
      const relax = (j, c) => {
        if (cost[i] + c < cost[j] - 1e-9) { cost[j] = cost[i] + c; back[j] = i }
      }
      if (!HAN.test(text[i])) {
        let j = i + 1
        while (j < n && !HAN.test(text[j])) j++
        relax(j, 1)
        continue
      }
      relax(i + 1, 4)
      let attested = true
      for (let j = i + 2; j <= Math.min(n, i + MAX_WORD); j++) {
        const piece = text.slice(i, j)
        if (!HAN.test(text[j - 1])) break
        /* A piece the archive does not hold is not one of its words, nor is any longer one: that test first */
        if (this.dictionary.has(piece)) relax(j, 1)
        else if (attested && (attested = this.attested(piece))) relax(j, this.isWord(piece) ? 1.5 : 2.5)
      }
    }
    const pieces = []
    for (let j = n; j > 0; j = back[j]) pieces.unshift(text.slice(back[j], j))
    const long = pieces.filter(p => p.length > 1 || !HAN.test(p))
    return [...new Set(long.length ? long : pieces)]
  }

  /**
   * The summaries a query's periods select: { selected: Set of ids or null, reading, missing } where `reading`
   * says how the query was read ("2021年上半年") and `missing` names the periods the archive does not hold.
   */
  select(wanted) {
    if (!wanted.length) return { selected: null, reading: "", missing: [] }
    const selected = new Set(), found = [], missing = []
    for (const want of wanted) {
      const matching = this.periods.filter(p =>
        (want.year === null || p.year === want.year) && (want.half === null || p.half === want.half))
      if (matching.length) { found.push(want.label); for (const p of matching) selected.add(p.id) }
      else missing.push(want.label)
    }
    return { selected: selected.size ? selected : null, reading: found.join("、"), missing }
  }

  /** The first line of the result list: how the query was read, or that the archive has no such summary. */
  notice(choice, hasWords) {
    const held = this.periods
    if (!choice.selected) {
      const span = held.length
        ? `档案收有 ${held[held.length - 1].label}至${held[0].label}的 ${held.length} 期总结。`
        : "档案中还没有总结。"
      return {
        location: "", title: `档案中没有 ${choice.missing.join("、")} 的总结`,
        text: `<p>${span}${hasWords ? "下面是在全部各期中查找的结果。" : "请换一个期次，或不写期次再查。"}</p>`,
        score: 0, terms: {}
      }
    }
    const chosen = held.filter(p => choice.selected.has(p.id))
    const names = chosen.map(p => p.label).join("、")
    return {
      location: chosen.length === 1 ? `${chosen[0].id}/` : "",
      title: `按 ${choice.reading} 查找`,
      text: `<p>只在 ${names}的总结中查找${choice.missing.length ? `（档案中没有 ${choice.missing.join("、")} 的总结）` : ""}；` +
        `不写期次则查全部 ${held.length} 期。</p>`,
      score: 0, terms: {}
    }
  }

  /** A result item for document `d`: its summary named before its title (both without U+200B: Field.shown). */
  item(d, { title, text, score, terms }) {
    const item = { location: d.doc.location, title: d.period ? `${d.period.label} · ${title}` : title, text, score, terms }
    if (Array.isArray(d.doc.tags)) item.tags = d.doc.tags
    return item
  }

  /** The pages of the selected summaries, newest summary first, each front page first. */
  listPages(selected) {
    const groups = []
    for (const period of this.periods.filter(p => selected.has(p.id))) {
      const front = `${period.id}/`
      const pages = [...this.pages.values()].filter(d => d.period && d.period.id === period.id)
      pages.sort((a, b) => (b.page === front) - (a.page === front))
      for (const d of pages)
        groups.push([this.item(d, { title: d.title.shown, text: d.text.highlight([], true), score: 1, terms: {} })])
    }
    groups.forEach((group, n) => { group[0].score = groups.length - n })
    return groups
  }

  /** The plain-text ranges to mark in a found document's title and text: the occurrences of its matched terms. */
  ranges({ i, marks }) {
    const ranges = { title: [], text: [] }
    for (const stats of marks) {
      const m = stats.per[i], len = stats.term.length
      for (const s of m.title.starts) ranges.title.push([s, s + len])
      for (const s of m.text.starts) ranges.text.push([s, s + len])
    }
    return ranges
  }

  /** Material's SearchResult for a query. */
  search(query) {
    const { rest, wanted } = readPeriods(query)
    const choice = this.select(wanted)
    const parts = queryParts(rest)
    const head = wanted.length ? [[this.notice(choice, parts.length > 0)]] : []
    if (!parts.length)
      return { items: choice.selected ? head.concat(this.listPages(choice.selected)) : head }

    /* For each part: its ways of writing (whole) and its pieces */
    const plan = parts.map(part => {
      const whole = variants(part).map(v => this.stats(v))
      const pieces = part.length > 2 || !whole.some(s => s.df) ? this.split(part) : [part]
      return {
        part,
        whole,
        pieces: pieces.length > 1 || pieces[0] !== part ? pieces.map(p => this.stats(p)) : []
      }
    })

    /* Only the documents that match something */
    const candidates = new Set()
    for (const { whole, pieces } of plan)
      for (const stats of whole.concat(pieces))
        for (const i of stats.hits) candidates.add(i)
    const found = []
    for (const i of [...candidates].sort((a, b) => a - b)) {
      const d = this.docs[i]
      if (choice.selected && !(d.period && choice.selected.has(d.period.id))) continue
      let total = 0, quality = 0
      const terms = {}, marks = []   /* the stats whose occurrences are marked, if the result is highlighted */
      for (const { part, whole, pieces } of plan) {
        /* The way of writing the part that scores best (the first of equals) */
        let exact = null, best = 0
        for (const stats of whole) {
          const score = this.score(stats, i)
          if (score > best) { exact = stats; best = score }
        }
        if (exact) {
          total += best
          quality += 1
          terms[exact.term] = true
          marks.push(exact)
          continue
        }
        let count = 0, sum = 0
        for (const stats of pieces) {
          const score = this.score(stats, i)
          if (score > 0) { count++; sum += score; terms[stats.term] = true; marks.push(stats) }
        }
        if (count) {
          const share = count / pieces.length
          total += SPLIT * share * share * sum
          quality += SPLIT * share
        } else {
          terms[part] = false
        }
      }
      if (!quality) continue
      const coverage = quality / plan.length
      found.push({
        i,
        score: total * coverage * coverage * d.boost,
        newness: d.period ? d.period.order : 0,
        terms,
        marks
      })
    }
    /* Best first; among equal scores (the same text in several summaries) the newest summary first */
    const same = (a, b) => Math.abs(a - b) <= 1e-9 * Math.max(Math.abs(a), Math.abs(b))
    found.sort((a, b) => (same(a.score, b.score) ? 0 : b.score - a.score) || b.newness - a.newness || a.i - b.i)

    /* Group by page, best first, in Material's form: every group holds its page's own entry. The first
       HIGHLIGHTED pages are highlighted; those further down (shown only when the reader scrolls) show their
       first paragraph. When more pages match than Material draws at once, a page keeps only the sections that
       Material shows (as good as the page's best result): those it would fold into "N more on this page" are
       left out (the opened page highlights them all), since a list of many pages is read page by page and
       each fold is costly to draw: an element of its own, holding all those sections (with the CPU slowed
       down 4 times, ten folds of one section each took 15 to 20 ms of the 45 to 65 ms Material spent drawing) */
    const keepFolds = new Set(found.map(f => this.docs[f.i].page)).size <= DRAWN
    const groups = new Map()
    for (const f of found) {
      const d = this.docs[f.i]
      const group = groups.get(d.page)
      if (!keepFolds && group && d.doc.location.includes("#") && f.score < group[0].score) continue
      const marked = groups.has(d.page) ? groups.get(d.page).marked : groups.size < HIGHLIGHTED
      const ranges = marked ? this.ranges(f) : null
      /* Material draws a page entry below one of its sections as the group's heading: title only */
      const heading = groups.has(d.page) && !d.doc.location.includes("#")
      const item = this.item(d, {
        title: marked ? d.title.highlight(ranges.title, false) : d.title.shown,
        text: heading ? "" : marked ? d.text.highlight(ranges.text, true) : d.text.teaser(),
        score: f.score,
        terms: f.terms
      })
      if (group) group.push(item)
      else groups.set(d.page, Object.assign([item], { marked }))
    }
    for (const [page, items] of groups) {
      const entry = this.pages.get(page)
      if (!items.some(item => item.location === entry.doc.location)) {
        /* The page's own entry, as the heading of its sections (title only, see above): it highlights the
           words its sections matched */
        const terms = {}
        for (const item of items)
          for (const [term, matched] of Object.entries(item.terms)) if (matched) terms[term] = true
        items.push(this.item(entry, { title: entry.title.shown, text: "", score: 0, terms }))
      }
    }
    return { items: head.concat([...groups.values()].map(items => [...items])) }
  }
}

/* ------------------------------------------------------------------------- */

let engine = null
let source = null     /* the real index's address, until it is loaded */
let loading = null

/** The real index, fetched once, on the first query that is not empty. */
function load() {
  if (!loading)
    loading = fetch(new URL(source, self.location.href))
      .then(response => {
        if (!response.ok) throw new Error(`HTTP ${response.status}`)
        return response.json()
      })
      .then(index => { engine = new Engine(index); source = null })
      .catch(err => { loading = null; throw err })
  return loading
}

const UNAVAILABLE = { items: [[{
  location: "", title: "搜索暂时无法使用", text: "<p>搜索索引没有载入，请检查网络后刷新页面再试。</p>", score: 0, terms: {}
}]] }

async function handle(message) {
  switch (message && message.type) {
    case SETUP: {
      const data = message.data || {}
      const lazy = data.config && typeof data.config.archive_index === "string"
      if (lazy && !(Array.isArray(data.docs) && data.docs.length)) {
        engine = null
        source = data.config.archive_index
        loading = null
      } else {
        engine = new Engine(data)
        source = null
      }
      return { type: READY }
    }
    case QUERY:
      try {
        if (!engine && source) {
          if (typeof message.data !== "string" || !message.data.trim()) return { type: RESULT, data: { items: [] } }
          try {
            await load()
          } catch (err) {
            console.warn("search: the index could not be loaded:", err)
            return { type: RESULT, data: UNAVAILABLE }
          }
        }
        return { type: RESULT, data: engine ? engine.search(message.data) : { items: [] } }
      } catch (err) {
        console.warn("search: query failed:", message.data, err)
        return { type: RESULT, data: { items: [] } }
      }
    default:
      return null
  }
}

/* In a worker (or Material's iframe stand-in for one, which also provides importScripts): answer messages in the
   order they came, also while the index is loading */
if (typeof importScripts === "function") {
  let queue = Promise.resolve()
  addEventListener("message", ev => {
    queue = queue.then(() => handle(ev.data)).then(reply => { if (reply) postMessage(reply) })
  })
} else if (typeof module === "object" && module.exports) {
  module.exports = { Engine, Field, handle, queryParts, variants, chineseNumber, readPeriods, periodOf }
}
