// Hand-written in C because this loop is the measured hot spot of a batch run: fleet logs are
// mostly MeterValues payloads that no rule reads but that must still be checked as JSON. Swift
// offers no portable way to turn a 16-byte comparison into a bit mask, which is what lets a
// string be scanned sixteen bytes at a time here. The rules match the careful parser's; a test
// runs both over generated and mutated values and requires that this never accepts what the
// careful parser rejects, nor ends anywhere else.
#include "json_scan.h"

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

static inline int is_space(uint8_t c) { return c == ' ' || c == '\n' || c == '\r' || c == '\t'; }

// `j` is just after an opening quote: the index after the closing quote, or -1 for an escape,
// a control character, a non-ASCII byte or the end of the buffer.
static inline ptrdiff_t string_end(const uint8_t *b, ptrdiff_t n, ptrdiff_t j) {
#if defined(__SSE2__)
    const __m128i quote = _mm_set1_epi8('"'), slash = _mm_set1_epi8('\\'), space = _mm_set1_epi8(0x20);
    while (j + 16 <= n) {
        __m128i v = _mm_loadu_si128((const __m128i *)(b + j));
        // A signed "less than 0x20" catches control characters and every byte >= 0x80 at once.
        __m128i special = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, quote), _mm_cmpeq_epi8(v, slash)),
                                       _mm_cmplt_epi8(v, space));
        int mask = _mm_movemask_epi8(special);
        if (mask) {
            ptrdiff_t k = j + __builtin_ctz((unsigned)mask);
            return b[k] == '"' ? k + 1 : -1;
        }
        j += 16;
    }
#endif
    for (; j < n; j++) {
        uint8_t c = b[j];
        if (c == '"') return j + 1;
        if (c == '\\' || c < 0x20 || c >= 0x80) return -1;
    }
    return -1;
}

static inline ptrdiff_t digits_end(const uint8_t *b, ptrdiff_t n, ptrdiff_t i) {
    if (i >= n || b[i] < '0' || b[i] > '9') return -1;
    while (i < n && b[i] >= '0' && b[i] <= '9') i++;
    return i;
}

static inline ptrdiff_t literal_end(const uint8_t *b, ptrdiff_t n, ptrdiff_t i, const char *word, ptrdiff_t length) {
    if (i + length > n) return -1;
    for (ptrdiff_t k = 0; k < length; k++)
        if (b[i + k] != (uint8_t)word[k]) return -1;
    return i + length;
}

// A key and its colon at `i` (whitespace skipped): the index after the colon, or -1.
static inline ptrdiff_t key_end(const uint8_t *b, ptrdiff_t n, ptrdiff_t i) {
    if (i >= n || b[i] != '"') return -1;
    i = string_end(b, n, i + 1);
    if (i < 0) return -1;
    while (i < n && is_space(b[i])) i++;
    if (i >= n || b[i] != ':') return -1;
    return i + 1;
}

ptrdiff_t ocpp_json_skip(const uint8_t *b, ptrdiff_t n, ptrdiff_t start, ptrdiff_t depth, ptrdiff_t max_depth) {
    ptrdiff_t i = start;
    uint64_t objects = 0;  // one bit per open container, newest lowest: 1 for an object
    ptrdiff_t level = 0;
    for (;;) {
        // A value starts at `i`.
        if (i >= n) return -1;
        uint8_t c = b[i];
        if (c == '{' || c == '[') {
            int is_object = c == '{';
            if (level >= 64 || depth + level + 1 > max_depth) return -1;
            objects = objects << 1 | (uint64_t)is_object;
            level++;
            i++;
            while (i < n && is_space(b[i])) i++;
            if (i >= n) return -1;
            if (b[i] == (is_object ? '}' : ']')) {
                i++;
                objects >>= 1;
                level--;
            } else {
                if (is_object) {
                    i = key_end(b, n, i);
                    if (i < 0) return -1;
                    while (i < n && is_space(b[i])) i++;
                }
                continue;
            }
        } else if (c == '"') {
            i = string_end(b, n, i + 1);
        } else if (c == 't') {
            i = literal_end(b, n, i, "true", 4);
        } else if (c == 'f') {
            i = literal_end(b, n, i, "false", 5);
        } else if (c == 'n') {
            i = literal_end(b, n, i, "null", 4);
        } else if (c == '-' || (c >= '0' && c <= '9')) {
            if (c == '-') i++;
            if (i >= n) return -1;
            if (b[i] == '0') i++;
            else i = digits_end(b, n, i);
            if (i < 0) return -1;
            if (i < n && b[i] == '.') {
                i = digits_end(b, n, i + 1);
                if (i < 0) return -1;
            }
            if (i < n && (b[i] == 'e' || b[i] == 'E')) {
                i++;
                if (i < n && (b[i] == '+' || b[i] == '-')) i++;
                i = digits_end(b, n, i);
            }
        } else {
            return -1;
        }
        if (i < 0) return -1;
        // After a value: close containers, or go on to the next element or member.
        for (;;) {
            if (level == 0) return i;
            while (i < n && is_space(b[i])) i++;
            if (i >= n) return -1;
            int in_object = (int)(objects & 1);
            if (b[i] == ',') {
                i++;
                while (i < n && is_space(b[i])) i++;
                if (in_object) {
                    i = key_end(b, n, i);
                    if (i < 0) return -1;
                    while (i < n && is_space(b[i])) i++;
                }
                break;
            }
            if (b[i] != (in_object ? '}' : ']')) return -1;
            i++;
            objects >>= 1;
            level--;
        }
    }
}
