import Logging

/// What the daemon's log handlers (journal, standard error) share: metadata kept on the handler,
/// and a record's metadata as the handler's, the provider's and the record's own, the later
/// winning.
public protocol StoredMetadataLogHandler: LogHandler {
    var metadata: Logger.Metadata { get set }
    var metadataProvider: Logger.MetadataProvider? { get set }
}

extension StoredMetadataLogHandler {
    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    /// Every metadata of `event`, sorted by key.
    func mergedMetadata(of event: LogEvent) -> [(key: String, value: Logger.MetadataValue)] {
        var merged = metadata
        if let provided = metadataProvider?.get() { merged.merge(provided) { _, new in new } }
        if let own = event.metadata { merged.merge(own) { _, new in new } }
        return merged.sorted { $0.key < $1.key }
    }
}
