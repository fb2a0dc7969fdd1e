import Foundation

extension DescribedCause {
    /// A short description of a Foundation error: the errno text of a POSIX error, directly or
    /// under `NSUnderlyingErrorKey` (FileManager's errors on Linux describe themselves as
    /// `Error Domain=NSCocoaErrorDomain Code=512 "(null)"UserInfo={…}`), and a decoding error's
    /// own explanation with the path of the value at fault; any other error as it describes itself.
    static func describe(_ error: any Error) -> String {
        if let decoding = error as? DecodingError { return describe(decoding) }
        let nsError = error as NSError
        // On Linux the underlying error may be a Swift error value, which `as? NSError` does not bridge.
        let underlying = (nsError.userInfo[NSUnderlyingErrorKey] as? any Error).map { $0 as NSError }
        for candidate in [nsError, underlying] {
            if let candidate, candidate.domain == NSPOSIXErrorDomain, let text = strerror(Int32(candidate.code)) {
                return "\(String(cString: text)) (errno \(candidate.code))"
            }
        }
        return String(describing: error)
    }

    private static func describe(_ error: DecodingError) -> String {
        let (explanation, context): (String, DecodingError.Context?)
        switch error {
        case .keyNotFound(let key, let found): (explanation, context) = ("\(key.stringValue) is missing", found)
        case .typeMismatch(_, let found), .valueNotFound(_, let found), .dataCorrupted(let found):
            (explanation, context) = (found.debugDescription, found)
        @unknown default: return String(describing: error)
        }
        let path = (context?.codingPath ?? []).map { $0.intValue.map(String.init) ?? $0.stringValue }.joined(separator: ".")
        return path.isEmpty ? explanation : "\(explanation) (at \(path))"
    }
}
