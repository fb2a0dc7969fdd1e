internal import CPrefetch

/// Cache prefetching, which Swift has no intrinsic for.
enum Prefetch {
    /// Starts loading the cache lines of `byteCount` bytes at `address` without waiting for them.
    @inline(__always)
    static func read(_ address: UnsafeRawPointer, byteCount: Int) {
        var offset = 0
        repeat {
            triage_prefetch(address + offset)
            offset += 64
        } while offset < byteCount
    }
}
