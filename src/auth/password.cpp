#include "auth/password.h"

#include "domain/text.h"
#include "embed/embedded_assets.h"

#include <sodium.h>

#include <algorithm>
#include <unordered_set>

namespace salonbox::auth {

namespace {
constexpr auto k_ops = crypto_pwhash_OPSLIMIT_INTERACTIVE;
constexpr auto k_mem = crypto_pwhash_MEMLIMIT_INTERACTIVE;
}  // namespace

struct PasswordHasher::Job {
    const std::function<void()>& work;
    enum class State { queued, running, done } state = State::queued;
};

PasswordHasher::PasswordHasher(int workers, std::chrono::milliseconds max_wait) : max_wait_(max_wait) {
    if (workers <= 0) workers = static_cast<int>(std::clamp(std::thread::hardware_concurrency(), 1u, 4u));
    free_workers_ = static_cast<std::size_t>(workers);
    for (int i = 0; i < workers; ++i) workers_.emplace_back([this] { work(); });
}

PasswordHasher::~PasswordHasher() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    queued_.notify_all();
    for (auto& t : workers_) t.join();
}

void PasswordHasher::work() {
    std::unique_lock lock(mutex_);
    for (;;) {
        queued_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
        if (queue_.empty()) return;
        auto job = std::move(queue_.front());
        queue_.pop_front();
        --free_workers_;
        job->state = Job::State::running;
        lock.unlock();
        job->work();
        lock.lock();
        job->state = Job::State::done;
        ++free_workers_;
        progressed_.notify_all();
    }
}

bool PasswordHasher::run(const std::function<void()>& work) {
    auto job = std::make_shared<Job>(Job{work});
    std::unique_lock lock(mutex_);
    queue_.push_back(job);
    queued_.notify_one();
    // With a worker free for it the job is as good as started; otherwise it waits for a turn at most max_wait.
    bool has_free_worker = queue_.size() <= free_workers_;
    if (!has_free_worker && !progressed_.wait_for(lock, max_wait_, [&] { return job->state != Job::State::queued; })) {
        queue_.erase(std::find(queue_.begin(), queue_.end(), job));
        return false;
    }
    progressed_.wait(lock, [&] { return job->state == Job::State::done; });
    return true;
}

std::optional<std::string> PasswordHasher::hash(std::string_view password) {
    char out[crypto_pwhash_STRBYTES];
    int result = -1;
    if (!run([&] { result = crypto_pwhash_str(out, password.data(), password.size(), k_ops, k_mem); })) return std::nullopt;
    if (result != 0) return std::nullopt;  // out of memory
    return std::string(out);
}

PasswordHasher::Verdict PasswordHasher::verify(const std::string& encoded_hash, std::string_view password) {
    int result = -1;
    if (!run([&] { result = crypto_pwhash_str_verify(encoded_hash.c_str(), password.data(), password.size()); })) return Verdict::busy;
    return result == 0 ? Verdict::match : Verdict::mismatch;
}

PasswordHasher::Verdict PasswordHasher::verify_nobody(std::string_view password) {
    std::call_once(nobody_once_, [&] {
        char out[crypto_pwhash_STRBYTES];
        unsigned char random[16];
        randombytes_buf(random, sizeof random);
        if (crypto_pwhash_str(out, reinterpret_cast<const char*>(random), sizeof random, k_ops, k_mem) == 0) nobody_hash_ = out;
    });
    if (nobody_hash_.empty()) return Verdict::mismatch;
    return verify(nobody_hash_, password) == Verdict::busy ? Verdict::busy : Verdict::mismatch;
}

bool PasswordHasher::needs_rehash(const std::string& encoded_hash) {
    return crypto_pwhash_str_needs_rehash(encoded_hash.c_str(), k_ops, k_mem) != 0;
}

namespace {
const std::unordered_set<std::string_view>& common_passwords() {
    static const std::unordered_set<std::string_view> list = [] {
        std::unordered_set<std::string_view> out;
        auto text = embed::require("assets/data/common-passwords.txt");
        while (!text.empty()) {
            auto nl = text.find('\n');
            auto line = text.substr(0, nl);
            if (!line.empty()) out.insert(line);
            if (nl == std::string_view::npos) break;
            text.remove_prefix(nl + 1);
        }
        return out;
    }();
    return list;
}
}  // namespace

std::optional<domain::Error> check_password_policy(std::string_view password, std::string_view email) {
    auto length = domain::code_points(password);
    if (length < 8) return domain::Error{"password", "error.password_too_short"};
    if (length > 128 || password.size() > 512) return domain::Error{"password", "error.password_too_long"};
    auto lowered = domain::ascii_lower(password);
    if (common_passwords().contains(lowered) || (!email.empty() && lowered == domain::normalize_email(email)))
        return domain::Error{"password", "error.password_common"};
    return std::nullopt;
}

}  // namespace salonbox::auth
