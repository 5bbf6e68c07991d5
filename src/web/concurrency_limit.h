// A cap on how many requests do one costly thing at once (building an export holds the whole salon in memory).
#pragma once

#include <atomic>

namespace salonbox::web {

// Thread-safe. try_take() never waits: beyond the cap the caller answers "try again later" instead of queueing
// work whose memory would add up.
class ConcurrencyLimit {
public:
    explicit ConcurrencyLimit(int cap) : cap_(cap) {}

    // Holds one place until destroyed; false when every place was taken.
    class Slot {
    public:
        explicit Slot(std::atomic<int>* count) : count_(count) {}
        Slot(Slot&& other) noexcept : count_(other.count_) { other.count_ = nullptr; }
        Slot(const Slot&) = delete;
        Slot& operator=(const Slot&) = delete;
        Slot& operator=(Slot&&) = delete;
        ~Slot() {
            if (count_) count_->fetch_sub(1);
        }
        explicit operator bool() const { return count_ != nullptr; }

    private:
        std::atomic<int>* count_;
    };

    Slot try_take() {
        for (int n = taken_.load(); n < cap_;)
            if (taken_.compare_exchange_weak(n, n + 1)) return Slot(&taken_);
        return Slot(nullptr);
    }

private:
    const int cap_;
    std::atomic<int> taken_{0};
};

}  // namespace salonbox::web
