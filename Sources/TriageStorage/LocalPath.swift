/// Paths given by a user (on the command line or in an API request) made absolute, so journaled
/// paths stay valid from any folder.
public enum LocalPath {
    /// `path` made absolute against the current folder.
    public static func absolute(_ path: String) -> String {
        LocalFiles.absolute(path)
    }

    /// A local prefix made absolute, keeping a trailing `/` (it changes what the prefix matches);
    /// a URI with a scheme other than `file://` is kept as it is.
    public static func absolutePrefix(_ prefix: String) -> String {
        if prefix.contains("://"), !prefix.hasPrefix("file://") { return prefix }
        let path = prefix.hasPrefix("file://") ? String(prefix.dropFirst("file://".count)) : prefix
        let absolute = Self.absolute(path)
        return path.hasSuffix("/") && !absolute.hasSuffix("/") ? absolute + "/" : absolute
    }
}
