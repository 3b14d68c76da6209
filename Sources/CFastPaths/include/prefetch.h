// A software prefetch, which Swift cannot express (see EventMerger.release).
#ifndef OCPP_PREFETCH_H
#define OCPP_PREFETCH_H

/// Asks the processor to bring the `lines` cache lines at `p` into cache ahead of use.
static inline void ocpp_prefetch(const void *p, int lines) {
    const char *c = (const char *)p;
    for (int i = 0; i < lines; i++) __builtin_prefetch(c + 64 * i);
}

#endif
