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

const HAN = /\p{Script=Han}/u
/* 一是认真统筹谋划。 (matched in folded text, where ，；： are , ; :) */
const LEAD_SENTENCE = /(?:[一二三四五六七八九十]+是|另一个是|一个是),?([^。;,\n]{1,30})[。;]/gu
const CHINESE_DIGITS = "零一二三四五六七八九"

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
function kind(ch) {
  if (HAN.test(ch)) return 1
  if (/[\p{L}\p{N}]/u.test(ch)) return 2
  return 0
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

/* ------------------------------------------------------------------------- */

const ENTITIES = { amp: "&", lt: "<", gt: ">", quot: "\"", apos: "'", nbsp: "\u00a0" }

/**
 * A field of a search document (Material's escaped HTML, words joined by U+200B), prepared for matching:
 * `plain` is its text (no tags, no U+200B, entities decoded, folded), and for each character of it `from` and
 * `to` give its place in the original string. `bound[i]` is 1 where a word starts or ends before character i.
 * `lead[i]` is 1 inside a point's lead sentence. `blocks` are the top-level paragraphs, as Material shows them.
 */
class Field {
  constructor(raw) {
    this.raw = typeof raw === "string" ? raw : ""
    const chars = [], from = [], to = [], cut = []
    const blocks = []
    let depth = 0, blockFrom = -1, pendingCut = false
    const raw_ = this.raw
    const push = (ch, start, end) => {
      chars.push(ch); from.push(start); to.push(end); cut.push(pendingCut); pendingCut = false
    }
    for (let i = 0; i < raw_.length;) {
      const ch = raw_[i]
      if (ch === "<") {
        const close = raw_.indexOf(">", i)
        if (close > i) {
          const tag = raw_.slice(i, close + 1)
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
          push("\n", i, close + 1)           /* a tag separates words and never matches */
          i = close + 1
          continue
        }
      }
      if (depth === 0 && blockFrom < 0 && !/\s/.test(ch)) blockFrom = i
      if (ch === "\u200b") { pendingCut = true; i++; continue }
      if (ch === "&") {
        const entity = /^&(#\d{1,7}|#x[0-9a-f]{1,6}|[a-z]{2,8});/i.exec(raw_.slice(i, i + 12))
        if (entity) {
          const name = entity[1].toLowerCase()
          let decoded = ENTITIES[name]
          if (name.startsWith("#")) {
            const code = name[1] === "x" ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10)
            try { decoded = String.fromCodePoint(code) } catch (err) { decoded = undefined }
          }
          if (decoded !== undefined && decoded.length === 1) {
            push(fold(decoded), i, i + entity[0].length)
            i += entity[0].length
            continue
          }
        }
      }
      push(fold(ch), i, i + 1)
      i++
    }
    if (blockFrom >= 0) blocks.push([blockFrom, raw_.length])

    this.plain = chars.join("")
    this.from = from
    this.to = to
    const n = chars.length
    this.bound = new Uint8Array(n + 1)
    this.bound[0] = this.bound[n] = 1
    for (let i = 1; i < n; i++) {
      const a = kind(chars[i - 1]), b = kind(chars[i])
      this.bound[i] = cut[i] || a !== b || a === 0 ? 1 : 0
    }
    this.lead = new Uint8Array(n)
    for (const match of this.plain.matchAll(LEAD_SENTENCE)) {
      const start = match.index + match[0].indexOf(match[1])
      this.lead.fill(1, start, start + match[1].length)
    }
    this.blocks = blocks.filter(([start, end]) => raw_.slice(start, end).replace(/<[^>]*>|\s|\u200b/g, "").length)
    this.length = this.plain.replace(/\n/g, "").length
  }

  /** The words jieba found (runs between U+200B and other boundaries) of two or more Han characters. */
  words() {
    const out = []
    let start = 0
    for (let i = 1; i <= this.plain.length; i++)
      if (this.bound[i]) {
        const word = this.plain.slice(start, i)
        if (word.length > 1 && word.length <= MAX_WORD && HAN.test(word[0])) out.push(word)
        start = i
      }
    return out
  }

  /**
   * Where `term` occurs, and the weight of the occurrences. An occurrence counts fully where it is made of
   * whole words or lies inside one word (重视 in 高度重视, 治党 in 从严治党, 培训 in 培训班); one that crosses a
   * word boundary and cuts into words on the way is likely a chance one (会议 in 社会|议题) and counts less,
   * unless the term is a Party term (`isTerm`). `lead` and `leads`: the same for a point's lead sentences.
   */
  find(term, isTerm = false) {
    const starts = []
    let weight = 0, lead = 0, leads = 0
    if (!term) return { starts, weight, lead, leads }
    for (let i = this.plain.indexOf(term); i >= 0; i = this.plain.indexOf(term, i + term.length)) {
      starts.push(i)
      const j = i + term.length
      let w = 1
      if (!isTerm && !(this.bound[i] && this.bound[j]))
        for (let k = i + 1; k < j; k++)
          if (this.bound[k]) { w = STRADDLE; break }
      weight += w
      if (this.lead[i]) { lead += w; leads++ }
    }
    return { starts, weight, lead, leads }
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
    if (!shown.length) return mark(...this.blocks[0])
    return shown.slice(0, MAX_BLOCKS).map(([start, end]) => {
      /* A long paragraph starts a little before its first match (after a comma or full stop, where there is
         one close by), so that the match is in view of the two lines Material shows */
      const first = merged.find(([s]) => this.from[s] >= start && this.from[s] < end)[0]
      let from = first
      while (from > 0 && this.from[from - 1] >= start && first - from < CONTEXT) from--
      if (from === 0 || this.from[from - 1] < start) return mark(start, end)
      for (let k = first - 1; k >= Math.max(0, first - CONTEXT * 2) && this.from[k] >= start; k--)
        if (",.;:!?、。\n".includes(this.plain[k])) { from = k + 1; break }   /* full-width ，；：！？ are folded */
      const opening = /^<[^/][^>]*>/.exec(raw.slice(start, end))
      return (opening ? opening[0] : "") + "…" + mark(this.from[from], end)
    }).join("")
  }
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
    for (const doc of Array.isArray(docs) ? docs : []) {
      if (!doc || typeof doc.location !== "string") continue
      const [path] = doc.location.split("#")
      const entry = {
        doc,
        page: path,
        title: new Field(doc.title),
        text: new Field(doc.text),
        tags: new Field(Array.isArray(doc.tags) ? doc.tags.join("\n") : ""),
        boost: typeof doc.boost === "number" && doc.boost > 0 ? doc.boost : 1
      }
      if (!pages.has(path)) pages.set(path, entry)   /* Material's invariant: a page's entry comes first */
      this.docs.push(entry)
    }
    this.pages = pages
    const texts = this.docs.filter(d => d.text.length)
    this.avgText = texts.reduce((sum, d) => sum + d.text.length, 0) / Math.max(1, texts.length)
    this.avgTitle = this.docs.reduce((sum, d) => sum + d.title.length, 0) / Math.max(1, this.docs.length)
    this.corpus = this.docs.map(d => d.title.plain + "\n" + d.text.plain).join("\n")
    this.vocabulary = new Set()
    for (const d of this.docs)
      for (const word of d.title.words().concat(d.text.words()))
        this.vocabulary.add(word)
    this.cache = new Map()
  }

  /** Does `value` occur anywhere in the archive? */
  attested(value) {
    return this.corpus.indexOf(value) >= 0
  }

  /** How every document matches `term`: cached, since typing repeats the same terms. */
  stats(term) {
    let stats = this.cache.get(term)
    if (stats) return stats
    let df = 0
    const isTerm = this.dictionary.has(term)
    const per = this.docs.map(d => {
      const title = d.title.find(term, isTerm), text = d.text.find(term, isTerm), tags = d.tags.find(term, isTerm)
      if (title.starts.length || text.starts.length || tags.starts.length) df++
      return { title, text, tags }
    })
    const n = this.docs.length
    const idf = Math.log(1 + (n - df + 0.5) / (df + 0.5))
    stats = { term, per, df, idf }
    if (this.cache.size > 500) this.cache.clear()
    this.cache.set(term, stats)
    return stats
  }

  /** The score of document `i` for a term, from its stats. */
  score(stats, i) {
    const d = this.docs[i], m = stats.per[i]
    /* BM25 of the number of matches, times their mean weight */
    const bm25 = (count, weight, length, average) => count
      ? (weight / count) * count * (K1 + 1) / (count + K1 * (1 - B + B * length / Math.max(1, average)))
      : 0
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
        if (this.dictionary.has(piece)) relax(j, 1)
        else if (this.vocabulary.has(piece)) relax(j, 1.5)
        else if (attested && (attested = this.attested(piece))) relax(j, 2.5)
      }
    }
    const pieces = []
    for (let j = n; j > 0; j = back[j]) pieces.unshift(text.slice(back[j], j))
    const long = pieces.filter(p => p.length > 1 || !HAN.test(p))
    return [...new Set(long.length ? long : pieces)]
  }

  /** Material's SearchResult for a query. */
  search(query) {
    const parts = queryParts(query)
    if (!parts.length) return { items: [] }

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

    const found = []
    for (let i = 0; i < this.docs.length; i++) {
      let total = 0, quality = 0
      const terms = {}, ranges = { title: [], text: [] }
      const mark = (stats) => {
        const m = stats.per[i], len = stats.term.length
        for (const s of m.title.starts) ranges.title.push([s, s + len])
        for (const s of m.text.starts) ranges.text.push([s, s + len])
      }
      for (const { part, whole, pieces } of plan) {
        const exact = whole
          .map(stats => ({ stats, score: this.score(stats, i) }))
          .filter(w => w.score > 0)
          .sort((a, b) => b.score - a.score)[0]
        if (exact) {
          total += exact.score
          quality += 1
          terms[exact.stats.term] = true
          mark(exact.stats)
          continue
        }
        const matched = pieces
          .map(stats => ({ stats, score: this.score(stats, i) }))
          .filter(p => p.score > 0)
        if (matched.length) {
          const share = matched.length / pieces.length
          total += SPLIT * share * share * matched.reduce((sum, p) => sum + p.score, 0)
          quality += SPLIT * share
          for (const p of matched) { terms[p.stats.term] = true; mark(p.stats) }
        } else {
          terms[part] = false
        }
      }
      if (!quality) continue
      const coverage = quality / plan.length
      const d = this.docs[i]
      found.push({
        i,
        score: total * coverage * coverage * d.boost,
        terms,
        ranges
      })
    }
    found.sort((a, b) => b.score - a.score || a.i - b.i)

    /* Group by page, best first, in Material's form: every group holds its page's own entry */
    const groups = new Map()
    for (const f of found) {
      const d = this.docs[f.i]
      const item = {
        ...d.doc,
        title: d.title.highlight(f.ranges.title, false),
        text: d.text.highlight(f.ranges.text, true),
        score: f.score,
        terms: f.terms
      }
      const group = groups.get(d.page)
      if (group) group.push(item)
      else groups.set(d.page, [item])
    }
    for (const [page, items] of groups) {
      const entry = this.pages.get(page)
      if (!items.some(item => item.location === entry.doc.location))
        items.push({ ...entry.doc, text: entry.text.highlight([], true), score: 0, terms: {} })
    }
    return { items: [...groups.values()] }
  }
}

/* ------------------------------------------------------------------------- */

let engine = null

function handle(message) {
  switch (message && message.type) {
    case SETUP:
      engine = new Engine(message.data || {})
      return { type: READY }
    case QUERY:
      try {
        return { type: RESULT, data: engine ? engine.search(message.data) : { items: [] } }
      } catch (err) {
        console.warn("search: query failed:", message.data, err)
        return { type: RESULT, data: { items: [] } }
      }
    default:
      return null
  }
}

/* In a worker (or Material's iframe stand-in for one, which also provides importScripts): answer messages */
if (typeof importScripts === "function") {
  addEventListener("message", ev => {
    const reply = handle(ev.data)
    if (reply) postMessage(reply)
  })
} else if (typeof module === "object" && module.exports) {
  module.exports = { Engine, Field, handle, queryParts, variants, chineseNumber }
}
