import CCurl
import Foundation

/// The wire of the built-in channels (issue 13), through libcurl: an HTTPS POST to a group robot
/// or webhook, and an SMTP submission with STARTTLS and AUTH to the office's mail server.
///
/// Why libcurl and not AsyncHTTPClient: one well-kept C library that speaks both protocols (a
/// Swift SMTP client with STARTTLS would be written by hand), already on every Debian machine,
/// and no SwiftNIO stack to build (3–5 minutes on two cores, each CI run). Each call is
/// synchronous on the channel's own queue, which is how the channels run anyway.
enum CurlTransport {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// The HTTP reply: status and body (at most 64 KiB kept).
    struct Reply {
        var status: Int
        var body: Data
    }

    private static let initialised: Void = { curl_global_init(Int(CURL_GLOBAL_DEFAULT)) }()

    /// POSTs `body` to `url`; throws when no reply came (connection, TLS, timeout).
    static func post(_ url: String, body: Data, contentType: String = "application/json; charset=utf-8", headers: [String] = [],
                     caFile: String?, timeout: Int) throws -> Reply {
        try perform(url: url, caFile: caFile, timeout: timeout) { h, state in
            try state.list(h, CURLOPT_HTTPHEADER, ["Content-Type: \(contentType)", "Expect:"] + headers)
            try check(inspectd_curl_setopt_long(h, CURLOPT_POST, 1))
            try state.upload(h, body, size: CURLOPT_POSTFIELDSIZE_LARGE)
        }
    }

    /// Submits `message` (RFC 5322, CRLF line ends) to `server` (`smtp://host:port` or
    /// `smtps://…`), from `sender` to `recipients`; STARTTLS is required when `starttls`.
    static func sendMail(server: String, starttls: Bool, user: String?, password: String?, sender: String, recipients: [String],
                         message: Data, caFile: String?, timeout: Int) throws {
        _ = try perform(url: server, caFile: caFile, timeout: timeout) { h, state in
            if starttls && server.lowercased().hasPrefix("smtp://") {
                try check(inspectd_curl_setopt_long(h, CURLOPT_USE_SSL, Int(CURLUSESSL_ALL.rawValue)))
            }
            if let user { try check(inspectd_curl_setopt_string(h, CURLOPT_USERNAME, user)) }
            if let password { try check(inspectd_curl_setopt_string(h, CURLOPT_PASSWORD, password)) }
            try check(inspectd_curl_setopt_string(h, CURLOPT_MAIL_FROM, "<\(sender)>"))
            try state.list(h, CURLOPT_MAIL_RCPT, recipients.map { "<\($0)>" })
            // A refused copy (a manager's mailbox gone) must not fail the supervisor's mail.
            // CURLOPT_MAIL_RCPT_ALLOWFAILS (290) is spelled …ALLLOWFAILS in Debian 12's curl 7.88.
            try check(inspectd_curl_setopt_long(h, CURLoption(rawValue: 290), 1))
            try check(inspectd_curl_setopt_long(h, CURLOPT_UPLOAD, 1))
            try state.upload(h, message, size: CURLOPT_INFILESIZE_LARGE)
        }
    }

    /// What the callbacks read and write, and what must outlive the transfer.
    final class TransferState {
        var upload = Data()
        var sent = 0
        var received = Data()
        var headers: UnsafeMutablePointer<curl_slist>?
        /// libcurl writes its error text here until `curl_easy_cleanup` (a failed QUIT too): a
        /// buffer of our own, freed after the cleanup, not an array's storage lent for one call.
        let errorBuffer: UnsafeMutablePointer<CChar> = {
            let b = UnsafeMutablePointer<CChar>.allocate(capacity: Int(CURL_ERROR_SIZE) + 1)
            b.initialize(repeating: 0, count: Int(CURL_ERROR_SIZE) + 1)
            return b
        }()

        deinit {
            if let headers { curl_slist_free_all(headers) }
            errorBuffer.deallocate()
        }

        /// Sets a list option (headers, recipients); the list is freed after the transfer.
        func list(_ h: UnsafeMutableRawPointer, _ option: CURLoption, _ items: [String]) throws {
            for item in items { headers = curl_slist_append(headers, item) }
            try check(inspectd_curl_setopt_slist(h, option, headers))
        }

        /// What the transfer sends, read by `readCallback`; `size` is the option that gives its length.
        func upload(_ h: UnsafeMutableRawPointer, _ data: Data, size: CURLoption) throws {
            upload = data
            try check(inspectd_curl_setopt_offset(h, size, curl_off_t(data.count)))
            try check(inspectd_curl_setopt_io(h, CURLOPT_READFUNCTION, readCallback))
        }
    }

    private static func perform(url: String, caFile: String?, timeout: Int,
                                _ configure: (UnsafeMutableRawPointer, TransferState) throws -> Void) throws -> Reply {
        _ = initialised
        guard let h = curl_easy_init() else { throw Failure(description: "libcurl could not start a transfer") }
        let state = TransferState()
        // The handle goes first; the state (its lists, its error buffer, the callbacks' context)
        // lives until after it.
        defer { withExtendedLifetime(state) { curl_easy_cleanup(h) } }
        let context = Unmanaged.passUnretained(state).toOpaque()
        try check(inspectd_curl_setopt_string(h, CURLOPT_URL, url))
        // Only the protocols the channels use, never a redirect elsewhere, no signals (threads).
        try check(inspectd_curl_setopt_string(h, CURLOPT_PROTOCOLS_STR, "http,https,smtp,smtps"))
        try check(inspectd_curl_setopt_long(h, CURLOPT_FOLLOWLOCATION, 0))
        try check(inspectd_curl_setopt_long(h, CURLOPT_NOSIGNAL, 1))
        try check(inspectd_curl_setopt_long(h, CURLOPT_TIMEOUT, max(1, timeout)))
        try check(inspectd_curl_setopt_long(h, CURLOPT_CONNECTTIMEOUT, max(1, min(timeout, 10))))
        if let caFile { try check(inspectd_curl_setopt_string(h, CURLOPT_CAINFO, caFile)) }
        try check(inspectd_curl_setopt_pointer(h, CURLOPT_READDATA, context))
        try check(inspectd_curl_setopt_pointer(h, CURLOPT_WRITEDATA, context))
        try check(inspectd_curl_setopt_io(h, CURLOPT_WRITEFUNCTION, writeCallback))
        try check(inspectd_curl_setopt_pointer(h, CURLOPT_ERRORBUFFER, state.errorBuffer))
        try configure(h, state)
        let code = curl_easy_perform(h)
        guard code == CURLE_OK else {
            let detail = String(cString: state.errorBuffer)
            throw Failure(description: detail.isEmpty ? String(cString: curl_easy_strerror(code)) : detail)
        }
        var status = 0
        _ = inspectd_curl_getinfo_long(h, CURLINFO_RESPONSE_CODE, &status)
        return Reply(status: status, body: state.received)
    }

    private static func check(_ code: CURLcode) throws {
        guard code == CURLE_OK else { throw Failure(description: String(cString: curl_easy_strerror(code))) }
    }

    private static let readCallback: inspectd_curl_io = { buffer, size, count, context in
        guard let buffer, let context else { return 0 }
        let state = Unmanaged<TransferState>.fromOpaque(context).takeUnretainedValue()
        let n = min(size * count, state.upload.count - state.sent)
        guard n > 0 else { return 0 }
        state.upload.withUnsafeBytes { raw in
            UnsafeMutableRawPointer(buffer).copyMemory(from: raw.baseAddress! + state.sent, byteCount: n)
        }
        state.sent += n
        return n
    }

    private static let writeCallback: inspectd_curl_io = { buffer, size, count, context in
        guard let buffer, let context else { return 0 }
        let state = Unmanaged<TransferState>.fromOpaque(context).takeUnretainedValue()
        let n = size * count
        if state.received.count < 65_536 {
            state.received.append(UnsafeRawPointer(buffer).assumingMemoryBound(to: UInt8.self), count: min(n, 65_536 - state.received.count))
        }
        return n
    }

    /// HMAC-SHA256 of `message` under `key` (OpenSSL).
    static func hmacSHA256(key: Data, message: Data) -> Data {
        var out = [UInt8](repeating: 0, count: 32)
        let ok = key.withUnsafeBytes { k in
            message.withUnsafeBytes { m in
                inspectd_hmac_sha256(k.baseAddress, Int32(k.count), m.baseAddress?.assumingMemoryBound(to: UInt8.self), m.count, &out)
            }
        }
        return ok == 1 ? Data(out) : Data()
    }
}
