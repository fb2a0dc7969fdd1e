#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// Keeps tesseract to one thread per page: Triage reads pages in parallel on its own queues.
///
/// tesseract parallelises inside a page with OpenMP, and libgomp reads `OMP_THREAD_LIMIT` only
/// when it is loaded, before `main` runs; on 2 cores a page took 2-3 s with the limit and 7-14 s
/// without. So when the variable is not set, `triage` sets it to 1 and executes itself again with
/// the same arguments (this is the entry point, the one place that reads the environment). A
/// value the user set is kept. If the new image cannot be executed, it goes on as it is: slower,
/// still correct.
enum ThreadLimit {
    /// Sets `OMP_THREAD_LIMIT=1` and executes the binary again when the variable is unset.
    static func enforce() {
        guard getenv("OMP_THREAD_LIMIT") == nil else { return }
        setenv("OMP_THREAD_LIMIT", "1", 1)
        var path = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        let length = readlink("/proc/self/exe", &path, Int(PATH_MAX))
        guard length > 0 else { return }
        execv(path, CommandLine.unsafeArgv)
    }
}
