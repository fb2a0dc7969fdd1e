#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

extension POSIXErrorCause {
    /// The cause for the calling thread's current `errno`.
    public static func current() -> POSIXErrorCause {
        let number = Glibc.errno
        return POSIXErrorCause(errno: number, text: String(cString: strerror(number)))
    }
}
