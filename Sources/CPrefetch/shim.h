// Swift has no cache-prefetch intrinsic; clang's builtin, inlined into the Swift caller.
#pragma once

/// Asks the CPU to start loading the cache line holding `address` for reading, without waiting.
static inline void triage_prefetch(const void *address) {
    __builtin_prefetch(address, 0, 3);
}
