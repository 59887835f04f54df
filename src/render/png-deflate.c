/* png-deflate.c — DEFLATE (RFC 1951) for chart scanlines; the contract is in png-deflate.h.
 *
 * Two steps per block of tokens. LZ77: at each position the longest of three candidate
 * matches, the pixel to the left (distance bpp: runs of one colour), the pixel above
 * (distance row_len: rows like the one before) and the last position with the same four
 * bytes (a small hash table: glyphs drawn twice); bytes inside a match are skipped, never
 * hashed. Then one dynamic-Huffman block (RFC 1951 §3.2.7) with canonical codes of at
 * most 15 bits, or stored blocks (§3.2.4) when those are smaller. Code lengths are sent
 * without run-length codes 16–18: a few hundred bits more per block, and simpler.
 *
 * Where the time goes on a chart: most positions are literals of antialiased edges, so a
 * position costs one branch until a candidate's first four bytes match; symbols are
 * counted while tokenising; the bit writer stores 8 bytes at a time without a branch and
 * a match is one store of its length and distance codes. Same stream as the plain way:
 * 0.78 -> 0.48 ms a national chart (tests/bench/bench-png, compression alone).
 *
 * It must never read outside in[0..len) nor write outside out[0..cap), whatever the input.
 */
#include "render/png-deflate.h"

#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#define HASH_BITS 15
#define WINDOW 32768u      /* largest distance DEFLATE can express */
#define MIN_MATCH 4u       /* shorter matches cost more bits than their literals */
#define MAX_MATCH 258u     /* longest match DEFLATE can express */
#define BLOCK_TOKENS 32768 /* tokens per Huffman block */
#define MATCH_FLAG 0x80000000u

/* ---------------------------------------------------------------------------------------
 * Bits, least significant first (RFC 1951 §3.1.1)
 */

typedef struct {
  guint8 *p, *end;
  guint64 acc; /* bits not yet a whole byte: fewer than 8 between calls */
  unsigned n;
} Bits;

/* Appends the n <= 56 low bits of v. Stores all 8 bytes of the accumulator at p and moves
 * p on by the whole bytes among them, without a branch (the bytes past p are written again
 * later): so p + 8 <= end must hold, which the room checked per block ensures. */
static inline void
put(Bits *b, guint64 v, unsigned n)
{
  b->acc |= v << b->n;
  b->n += n;
  guint64 le = GUINT64_TO_LE(b->acc);
  memcpy(b->p, &le, 8);
  b->p += b->n >> 3;
  b->acc >>= b->n & ~7u;
  b->n &= 7;
}

static void
flush_bits(Bits *b)
{
  if (b->n > 0)
    *b->p++ = (guint8)b->acc;
  b->acc = 0;
  b->n = 0;
}

/* ---------------------------------------------------------------------------------------
 * Huffman codes
 */

/* Code lengths of a Huffman code for freq[0..n) (n <= 286) of at most `limit` bits: when
 * the tree is too deep the frequencies are halved (keeping every used symbol) and it is
 * built again. At least two symbols get a length, so that every code is complete. */
static void
code_lengths(const guint32 *freq_in, int n, unsigned limit, guint8 *lens)
{
  guint32 freq[286];
  int order[286], used = 0;
  memcpy(freq, freq_in, (gsize)n * sizeof *freq);
  for (int s = 0; s < n && used < 2; s++)
    used += freq[s] != 0;
  for (int s = 0; s < n && used < 2; s++)
    if (freq[s] == 0) {
      freq[s] = 1;
      used++;
    }
  for (;;) {
    int m = 0;
    for (int s = 0; s < n; s++) /* insertion sort by frequency: n is small */
      if (freq[s] != 0) {
        int k = m++;
        for (; k > 0 && freq[order[k - 1]] > freq[s]; k--)
          order[k] = order[k - 1];
        order[k] = s;
      }
    /* Two-queue Huffman: leaves 0..m-1 in order, inner nodes m.. made in weight order. */
    guint64 weight[2 * 286];
    int parent[2 * 286], depth[2 * 286];
    for (int k = 0; k < m; k++)
      weight[k] = freq[order[k]];
    int leaf = 0, inner = m, next = m;
    while (next < 2 * m - 1) {
      int pick[2];
      for (int j = 0; j < 2; j++)
        pick[j] = (leaf < m && (inner == next || weight[leaf] <= weight[inner])) ? leaf++ : inner++;
      weight[next] = weight[pick[0]] + weight[pick[1]];
      parent[pick[0]] = parent[pick[1]] = next++;
    }
    depth[next - 1] = 0;
    unsigned deepest = 0;
    for (int k = next - 2; k >= 0; k--) {
      depth[k] = depth[parent[k]] + 1;
      deepest = MAX(deepest, (unsigned)depth[k]);
    }
    if (deepest <= limit) {
      memset(lens, 0, (gsize)n);
      for (int k = 0; k < m; k++)
        lens[order[k]] = (guint8)depth[k];
      return;
    }
    for (int s = 0; s < n; s++)
      freq[s] = freq[s] ? (freq[s] + 1) / 2 : 0;
  }
}

/* Canonical codes for the lengths (RFC 1951 §3.2.2), bit-reversed for LSB-first output. */
static void
canonical_codes(const guint8 *lens, int n, guint16 *codes)
{
  unsigned count[16] = { 0 }, next[16];
  for (int s = 0; s < n; s++)
    count[lens[s]]++;
  count[0] = 0;
  unsigned code = 0;
  for (int bits = 1; bits < 16; bits++) {
    code = (code + count[bits - 1]) << 1;
    next[bits] = code;
  }
  for (int s = 0; s < n; s++) {
    unsigned len = lens[s], c = len ? next[len]++ : 0, r = 0;
    for (unsigned k = 0; k < len; k++, c >>= 1)
      r = (r << 1) | (c & 1);
    codes[s] = (guint16)r;
  }
}

/* ---------------------------------------------------------------------------------------
 * Length and distance symbols (RFC 1951 §3.2.5)
 */

static const guint16 len_base[29]
    = { 3,  4,  5,  6,  7,  8,  9,  10, 11,  13,  15,  17,  19,  23, 27,
        31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258 };
static const guint8 len_extra[29]
    = { 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0 };
static const guint16 dist_base[30]
    = { 1,   2,   3,   4,   5,   7,    9,    13,   17,   25,   33,   49,   65,    97,    129,
        193, 257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577 };
static const guint8 dist_extra[30] = { 0, 0, 0, 0, 1, 1, 2, 2,  3,  3,  4,  4,  5,  5,  6,
                                       6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13 };

/* Symbol tables, filled once per stream: the length symbol (0..28, i.e. 257..285) of each
 * match length, and the distance symbol of distance - 1 = x, at x for x < 256 and at
 * 256 + (x >> 7) above (every symbol from 16 on spans a multiple of 128: zlib's trick). */
typedef struct {
  guint8 len_sym[MAX_MATCH + 1];
  guint8 dist_sym[512];
} Syms;

static void
syms_init(Syms *y)
{
  for (unsigned s = 0; s < 29; s++) /* 258 is in symbol 27's range too: 28 comes last */
    for (unsigned l = len_base[s]; l < len_base[s] + (1u << len_extra[s]) && l <= MAX_MATCH; l++)
      y->len_sym[l] = (guint8)s;
  for (unsigned s = 0; s < 30; s++)
    for (unsigned x = dist_base[s] - 1u; x < dist_base[s] - 1u + (1u << dist_extra[s]);
         x += x < 256 ? 1 : 128)
      y->dist_sym[x < 256 ? x : 256 + (x >> 7)] = (guint8)s;
}

static inline unsigned
dist_symbol(const Syms *y, unsigned x)
{
  return y->dist_sym[x < 256 ? x : 256 + (x >> 7)];
}

/* ---------------------------------------------------------------------------------------
 * Blocks
 */

typedef struct {
  guint8 lens[286 + 30];
  guint16 lit[286], dist[30];
  int nlit, ndist;
  guint64 body_bits; /* the block's symbols and extra bits, header not included */
} Codes;

/* Builds the block's two codes from its symbol counts and sizes the block's body. */
static void
block_codes(guint32 *lf, const guint32 *df, Codes *c)
{
  lf[256] = 1;
  code_lengths(lf, 286, 15, c->lens);
  code_lengths(df, 30, 15, c->lens + 286);
  canonical_codes(c->lens, 286, c->lit);
  canonical_codes(c->lens + 286, 30, c->dist);
  for (c->nlit = 286; c->nlit > 257 && c->lens[c->nlit - 1] == 0;)
    c->nlit--;
  for (c->ndist = 30; c->ndist > 1 && c->lens[286 + c->ndist - 1] == 0;)
    c->ndist--;
  c->body_bits = 0;
  for (int s = 0; s < 286; s++)
    c->body_bits += (guint64)lf[s] * (c->lens[s] + (s >= 257 ? len_extra[s - 257] : 0u));
  for (int s = 0; s < 30; s++)
    c->body_bits += (guint64)df[s] * (c->lens[286 + s] + dist_extra[s]);
}

/* The dynamic block's header: sizes and the code lengths, coded themselves. */
static void
put_header(Bits *b, const Codes *c, gboolean final)
{
  static const guint8 order[19]
      = { 16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15 };
  guint8 seq[286 + 30];
  int nseq = 0;
  for (int s = 0; s < c->nlit; s++)
    seq[nseq++] = c->lens[s];
  for (int s = 0; s < c->ndist; s++)
    seq[nseq++] = c->lens[286 + s];
  guint32 cf[19] = { 0 };
  for (int k = 0; k < nseq; k++)
    cf[seq[k]]++;
  guint8 cl[19];
  guint16 cc[19];
  code_lengths(cf, 19, 7, cl);
  canonical_codes(cl, 19, cc);
  int ncl = 19;
  while (ncl > 4 && cl[order[ncl - 1]] == 0)
    ncl--;
  put(b, final ? 1 : 0, 1);
  put(b, 2, 2); /* BTYPE 10: dynamic Huffman codes */
  put(b, (guint32)(c->nlit - 257), 5);
  put(b, (guint32)(c->ndist - 1), 5);
  put(b, (guint32)(ncl - 4), 4);
  for (int k = 0; k < ncl; k++)
    put(b, cl[order[k]], 3);
  for (int k = 0; k < nseq; k++)
    put(b, cc[seq[k]], cl[seq[k]]);
}

/* The block's input bytes as stored blocks (RFC 1951 §3.2.4) of at most 65535 bytes:
 * what a block costs when Huffman codes would make it larger. */
static void
put_stored(Bits *b, const guint8 *raw, gsize len, gboolean final)
{
  do {
    gsize n = MIN(len, 65535);
    put(b, final && n == len ? 1 : 0, 1);
    put(b, 0, 2);  /* BTYPE 00: no compression */
    flush_bits(b); /* to a byte boundary */
    b->p[0] = (guint8)n;
    b->p[1] = (guint8)(n >> 8);
    b->p[2] = (guint8)~n;
    b->p[3] = (guint8)(~n >> 8);
    memcpy(b->p + 4, raw, n);
    b->p += 4 + n;
    raw += n;
    len -= n;
  } while (len > 0);
}

/* The tokens of a Huffman block, after its header: per match one put of its length and
 * distance codes with their extra bits (at most 20 + 28 bits), from a table of the coded
 * lengths built for the block. Writes through out only at the end. */
static void
put_tokens(Bits *out, const Codes *c, const Syms *y, const guint32 *tok, gsize ntok)
{
  /* A copy whose address never escapes: the compiler keeps it in registers. Through `out`,
   * each 8-byte store of put might overwrite *out itself, so acc, n and p would be read
   * back from memory after every token. */
  Bits w = *out, *b = &w;
  guint32 lcode[MAX_MATCH + 1];
  guint8 lbits[MAX_MATCH + 1];
  for (unsigned l = MIN_MATCH; l <= MAX_MATCH; l++) {
    unsigned s = y->len_sym[l], sym = 257 + s;
    lcode[l] = c->lit[sym] | ((guint32)(l - len_base[s]) << c->lens[sym]);
    lbits[l] = (guint8)(c->lens[sym] + len_extra[s]);
  }
  for (gsize k = 0; k < ntok; k++) {
    guint32 t = tok[k];
    if (!(t & MATCH_FLAG)) {
      put(b, c->lit[t], c->lens[t]);
      continue;
    }
    unsigned l = (t >> 16) & 0x1ff, x = t & 0xffff, s = dist_symbol(y, x);
    guint64 d = c->dist[s] | ((guint64)(x + 1 - dist_base[s]) << c->lens[286 + s]);
    put(b, lcode[l] | (d << lbits[l]), lbits[l] + c->lens[286 + s] + dist_extra[s]);
  }
  put(b, c->lit[256], c->lens[256]);
  *out = w;
}

/* Writes one block of tokens that stand for raw[0..len), whose symbols lf and df counted:
 * Huffman-coded, or stored when that is smaller. FALSE when it might not fit in what is
 * left of the output. */
static G_GNUC_NO_INLINE gboolean
put_block(Bits *b, const Syms *y, const guint32 *tok, gsize ntok, guint32 *lf, const guint32 *df,
          const guint8 *raw, gsize len, gboolean final)
{
  Codes c;
  block_codes(lf, df, &c);
  /* A header takes at most 17 + 19×3 + 316×7 bits; 16 bytes more for the 8-byte stores. */
  guint64 coded = c.body_bits / 8 + 300, stored = len + 6 * (len / 65535 + 1);
  if ((guint64)(b->end - b->p) < MIN(coded, stored) + 16)
    return FALSE;
  if (stored < coded) {
    put_stored(b, raw, len, final);
    return TRUE;
  }
  put_header(b, &c, final);
  put_tokens(b, &c, y, tok, ntok);
  return TRUE;
}

/* ---------------------------------------------------------------------------------------
 * LZ77
 */

/* How many bytes from a equal those from b, at most max (b before a; they may overlap). */
static inline gsize
match_len(const guint8 *a, const guint8 *b, gsize max)
{
  gsize n = 0;
#ifdef __SSE2__
  while (n + 16 <= max) {
    __m128i x = _mm_loadu_si128((const __m128i *)(a + n)),
            y = _mm_loadu_si128((const __m128i *)(b + n));
    unsigned diff = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(x, y)) ^ 0xffffu;
    if (diff != 0)
      return n + (gsize)__builtin_ctz(diff);
    n += 16;
  }
#endif
  while (n + 8 <= max) {
    guint64 x, y;
    memcpy(&x, a + n, 8);
    memcpy(&y, b + n, 8);
    if (x != y)
      return n + ((gsize)__builtin_ctzll(x ^ y) >> 3); /* little-endian: first byte lowest */
    n += 8;
  }
  while (n < max && a[n] == b[n])
    n++;
  return n;
}

static inline guint32
load32(const guint8 *p)
{
  guint32 v;
  memcpy(&v, p, 4);
  return v;
}

/* The longest of the three candidate matches at in[i]; its distance in *dist. A candidate
 * whose first MIN_MATCH bytes differ is passed over with one compare: any length it could
 * have is too short to be used, and the literal is the same whichever of them was longest
 * (most positions of a chart are literals of antialiased edges). */
static gsize
best_match(const guint8 *in, gsize len, gsize i, gsize row_len, gsize bpp, guint32 *table,
           gsize *dist)
{
  gsize max = MIN(MAX_MATCH, len - i), best = 0;
  if (max < MIN_MATCH)
    return 0;
  guint32 cur = load32(in + i), h = (cur * 2654435761u) >> (32 - HASH_BITS);
  guint32 cand = table[h];
  /* Most positions of a chart are literals (antialiased edges): one branch for them, on
   * whether any candidate starts like in[i] (each load kept inside in[0..i)). */
  gsize d = i + 1 - cand;
  gboolean left = i >= bpp, up = i >= row_len && row_len <= WINDOW;
  gboolean far = cand != 0 && d <= WINDOW && d != bpp && d != row_len;
  if (!((left & (load32(in + (left ? i - bpp : i)) == cur))
        | (up & (load32(in + (up ? i - row_len : i)) == cur))
        | (far & (load32(in + (far ? i - d : i)) == cur)))) {
    table[h] = (guint32)i + 1;
    return 0;
  }
  if (i >= bpp && load32(in + i - bpp) == cur)
    best = match_len(in + i, in + i - bpp, max), *dist = bpp;
  if (best < max && i >= row_len && row_len <= WINDOW && load32(in + i - row_len) == cur) {
    gsize l = match_len(in + i, in + i - row_len, max);
    if (l > best)
      best = l, *dist = row_len;
  }
  if (best < max) {
    table[h] = (guint32)i + 1;
    if (far && load32(in + i - d) == cur) {
      gsize l = match_len(in + i, in + i - d, max);
      if (l > best)
        best = l, *dist = d;
    }
  }
  return best;
}

gsize
om_png_deflate_bound(gsize len)
{
  /* Every block stored: per block of tokens 6 bytes and per 65535 bytes 6 more, plus the
   * room put_block asks for beyond that (a block's last bits, the bit buffer). */
  return len + 6 * (len / BLOCK_TOKENS + len / 65535 + 2) + 16;
}

gsize
om_png_deflate(const guint8 *in, gsize len, gsize row_len, gsize bpp, guint8 *out, gsize cap)
{
  g_return_val_if_fail(bpp > 0 && row_len > 0 && len < G_MAXUINT32, 0);
  guint32 *table = g_new0(guint32, 1u << HASH_BITS);
  guint32 *tok = g_new(guint32, BLOCK_TOKENS);
  Syms *y = g_new(Syms, 1);
  syms_init(y);
  guint32 lf[286] = { 0 }, df[30] = { 0 }; /* the symbols of tok[0..ntok) */
  Bits b = { out, out + cap, 0, 0 };
  gsize ntok = 0, i = 0, start = 0; /* in[start..i) is what tok[0..ntok) stand for */
  gboolean ok = TRUE;
  while (ok && i < len) {
    gsize dist = 0, l = best_match(in, len, i, row_len, bpp, table, &dist);
    if (l >= MIN_MATCH) {
      tok[ntok++] = MATCH_FLAG | (guint32)(l << 16) | (guint32)(dist - 1);
      lf[257 + y->len_sym[l]]++;
      df[dist_symbol(y, (unsigned)dist - 1)]++;
      i += l;
    } else {
      lf[in[i]]++;
      tok[ntok++] = in[i++];
    }
    if (ntok == BLOCK_TOKENS) {
      ok = put_block(&b, y, tok, ntok, lf, df, in + start, i - start, FALSE);
      ntok = 0;
      start = i;
      memset(lf, 0, sizeof lf);
      memset(df, 0, sizeof df);
    }
  }
  if (ok)
    ok = put_block(&b, y, tok, ntok, lf, df, in + start, len - start, TRUE);
  if (ok)
    flush_bits(&b);
  g_free(y);
  g_free(tok);
  g_free(table);
  return ok ? (gsize)(b.p - out) : 0;
}
