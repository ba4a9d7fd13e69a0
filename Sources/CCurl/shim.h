// libcurl (HTTPS to the group robots, SMTP with STARTTLS to the mail server) and OpenSSL's HMAC
// (DingTalk's and Feishu's signatures), for the built-in notice channels (issue 13).
// curl_easy_setopt and curl_easy_getinfo are variadic, which Swift cannot call: typed wrappers.
#include <curl/curl.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

static inline CURLcode inspectd_curl_setopt_long(CURL *h, CURLoption o, long v) { return curl_easy_setopt(h, o, v); }
static inline CURLcode inspectd_curl_setopt_string(CURL *h, CURLoption o, const char *v) { return curl_easy_setopt(h, o, v); }
static inline CURLcode inspectd_curl_setopt_pointer(CURL *h, CURLoption o, void *v) { return curl_easy_setopt(h, o, v); }
static inline CURLcode inspectd_curl_setopt_slist(CURL *h, CURLoption o, struct curl_slist *v) { return curl_easy_setopt(h, o, v); }
static inline CURLcode inspectd_curl_setopt_offset(CURL *h, CURLoption o, curl_off_t v) { return curl_easy_setopt(h, o, v); }
typedef size_t (*inspectd_curl_io)(char *, size_t, size_t, void *);
static inline CURLcode inspectd_curl_setopt_io(CURL *h, CURLoption o, inspectd_curl_io f) { return curl_easy_setopt(h, o, f); }
static inline CURLcode inspectd_curl_getinfo_long(CURL *h, CURLINFO i, long *v) { return curl_easy_getinfo(h, i, v); }

/// HMAC-SHA256 of `data` under `key` into `out` (32 bytes); 1 on success.
static inline int inspectd_hmac_sha256(const void *key, int keyLength, const unsigned char *data, size_t dataLength, unsigned char *out) {
    unsigned int length = 0;
    return HMAC(EVP_sha256(), key, keyLength, data, dataLength, out, &length) != NULL && length == 32;
}
