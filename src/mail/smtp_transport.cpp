#include "mail/smtp_transport.h"

#include <curl/curl.h>

#include <algorithm>
#include <chrono>
#include <cstring>
#include <memory>
#include <stdexcept>
#include <utility>

#include "mail/mime.h"

namespace salonbox::mail {
namespace {

using CurlUrl = std::unique_ptr<CURLU, decltype(&curl_url_cleanup)>;
using CurlEasy = std::unique_ptr<CURL, decltype(&curl_easy_cleanup)>;
using CurlList = std::unique_ptr<curl_slist, decltype(&curl_slist_free_all)>;

std::string url_part(CURLU* url, CURLUPart part) {
    char* text = nullptr;
    if (curl_url_get(url, part, &text, 0) != CURLUE_OK) return {};
    std::string copy = text;
    curl_free(text);
    return copy;
}

// libcurl takes the EHLO name from the URL path (smtp://host:port/helo.example).
std::string url_with_helo(const SmtpSettings& settings) {
    CurlUrl url(curl_url(), &curl_url_cleanup);
    if (!url) throw std::bad_alloc();
    if (curl_url_set(url.get(), CURLUPART_URL, settings.url.c_str(), 0) != CURLUE_OK)
        throw std::invalid_argument("smtp url: not a URL");
    const auto scheme = url_part(url.get(), CURLUPART_SCHEME);
    if (scheme != "smtp" && scheme != "smtps")
        throw std::invalid_argument("smtp url: must be smtp:// or smtps://");
    if (!url_part(url.get(), CURLUPART_USER).empty() || !url_part(url.get(), CURLUPART_PASSWORD).empty())
        throw std::invalid_argument("smtp url: credentials belong in the smtp user and password settings");
    const auto& helo = settings.helo_domain;
    const bool plain_host = std::all_of(helo.begin(), helo.end(), [](unsigned char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '.' ||
               c == '-';
    });
    if (!plain_host) throw std::invalid_argument("smtp helo domain: not a plain host name");
    if (!helo.empty() && curl_url_set(url.get(), CURLUPART_PATH, ("/" + helo).c_str(), 0) != CURLUE_OK)
        throw std::invalid_argument("smtp helo domain: not accepted in the URL");
    return url_part(url.get(), CURLUPART_URL);
}

size_t read_payload(char* buffer, size_t size, size_t count, void* user_data) {
    auto& rest = *static_cast<std::string_view*>(user_data);
    const size_t length = std::min(size * count, rest.size());
    std::memcpy(buffer, rest.data(), length);
    rest.remove_prefix(length);
    return length;
}

void redact(std::string& text, const std::string& secret) {
    if (secret.empty()) return;
    for (auto at = text.find(secret); at != std::string::npos; at = text.find(secret, at + 3))
        text.replace(at, secret.size(), "***");
}

}  // namespace

SmtpTransport::SmtpTransport(SmtpSettings settings)
    : settings_(std::move(settings)), url_(url_with_helo(settings_)) {}

SendResult SmtpTransport::send(const Message& message) {
    using Kind = SendResult::Kind;
    std::string payload;
    try {
        payload = build_mime(message, std::chrono::system_clock::now(), {});
    } catch (const std::invalid_argument& error) {
        return {Kind::permanent_failure, error.what()};
    }

    CurlEasy curl(curl_easy_init(), &curl_easy_cleanup);
    CurlList recipients(curl_slist_append(nullptr, ("<" + message.to_address + ">").c_str()),
                        &curl_slist_free_all);
    if (!curl || !recipients) return {Kind::temporary_failure, "libcurl could not allocate a transfer"};
    std::string_view unsent = payload;
    char curl_error[CURL_ERROR_SIZE] = "";

    CURL* handle = curl.get();
    curl_easy_setopt(handle, CURLOPT_ERRORBUFFER, curl_error);
    curl_easy_setopt(handle, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
    curl_easy_setopt(handle, CURLOPT_URL, url_.c_str());
    curl_easy_setopt(handle, CURLOPT_USE_SSL, settings_.require_tls ? CURLUSESSL_ALL : CURLUSESSL_TRY);
    if (!settings_.user.empty()) {
        curl_easy_setopt(handle, CURLOPT_USERNAME, settings_.user.c_str());
        curl_easy_setopt(handle, CURLOPT_PASSWORD, settings_.password.c_str());
    }
    curl_easy_setopt(handle, CURLOPT_TIMEOUT, settings_.timeout_seconds);
    curl_easy_setopt(handle, CURLOPT_NOSIGNAL, 1L);  // signals would hit whichever thread runs
    curl_easy_setopt(handle, CURLOPT_MAIL_FROM, ("<" + message.from_address + ">").c_str());
    curl_easy_setopt(handle, CURLOPT_MAIL_RCPT, recipients.get());
    curl_easy_setopt(handle, CURLOPT_UPLOAD, 1L);
    curl_easy_setopt(handle, CURLOPT_INFILESIZE_LARGE, static_cast<curl_off_t>(payload.size()));
    curl_easy_setopt(handle, CURLOPT_READFUNCTION, read_payload);
    curl_easy_setopt(handle, CURLOPT_READDATA, &unsent);

    const CURLcode result = curl_easy_perform(handle);
    if (result == CURLE_OK) return {Kind::sent, {}};

    long smtp_code = 0;
    curl_easy_getinfo(handle, CURLINFO_RESPONSE_CODE, &smtp_code);
    std::string error = curl_easy_strerror(result);
    if (curl_error[0] != '\0') error += std::string(": ") + curl_error;
    if (smtp_code != 0) error += " (SMTP " + std::to_string(smtp_code) + ")";
    redact(error, settings_.password);
    const bool refused = smtp_code >= 500 && smtp_code < 600 && result != CURLE_LOGIN_DENIED;
    return {refused ? Kind::permanent_failure : Kind::temporary_failure, error};
}

}  // namespace salonbox::mail
