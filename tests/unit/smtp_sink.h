// A real SMTP server for unit tests: tests/unit/mail/smtp_sink.py (python3-aiosmtpd) run as a child process.
#pragma once

#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <thread>
#include <utility>
#include <vector>

// The sink listens on a loopback port it picks itself (so no port race) and saves each message it
// accepts; recipients starting with "reject@" get 550 and "busy@" 451 (see smtp_sink.py). The destructor
// kills it; should this process die first, PR_SET_PDEATHSIG kills it, and the script also exits by itself
// after ten minutes. Every wait here is a deadline for a condition, generous enough for a loaded machine
// running the sanitizer build: a test never depends on how fast the sink starts or answers.
class SmtpSink {
public:
    SmtpSink() {
        char directory[] = "/tmp/salonbox-smtp-sink-XXXXXX";
        if (!mkdtemp(directory)) throw std::runtime_error("mkdtemp failed");
        directory_ = directory;
        try {
            start();
        } catch (...) {
            stop();
            throw;
        }
    }
    ~SmtpSink() { stop(); }
    SmtpSink(const SmtpSink&) = delete;
    SmtpSink& operator=(const SmtpSink&) = delete;

    std::string url() const { return "smtp://127.0.0.1:" + std::to_string(port_); }

    // How many messages the sink has accepted so far.
    std::size_t count() const { return saved().size(); }

    // The first `count` messages received, each as {raw bytes, envelope lines}, in the order received;
    // waits at most `timeout` for them, then throws.
    std::vector<std::pair<std::string, std::string>> messages(
        std::size_t count, std::chrono::milliseconds timeout = std::chrono::seconds(60)) const {
        const auto deadline = std::chrono::steady_clock::now() + timeout;
        while (std::chrono::steady_clock::now() < deadline) {
            auto paths = saved();
            if (paths.size() >= count) {
                std::vector<std::pair<std::string, std::string>> out;
                for (const auto& path : paths)
                    out.emplace_back(read_file(path), read_file(std::filesystem::path(path).replace_extension(".envelope")));
                return out;
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
        }
        throw std::runtime_error("the SMTP sink received fewer messages than expected");
    }

private:
    static std::string read_file(const std::filesystem::path& path) {
        std::ifstream in(path, std::ios::binary);
        std::ostringstream content;
        content << in.rdbuf();
        return content.str();
    }

    // The saved .eml files, oldest first (the sink numbers them).
    std::vector<std::filesystem::path> saved() const {
        std::vector<std::filesystem::path> paths;
        for (const auto& entry : std::filesystem::directory_iterator(directory_))
            if (entry.path().extension() == ".eml") paths.push_back(entry.path());
        std::sort(paths.begin(), paths.end());
        return paths;
    }

    void start() {
        // __FILE__ is absolute under CMake; a compiler run with relative paths must run from the same place.
        std::string script = (std::filesystem::path(__FILE__).parent_path() / "mail" / "smtp_sink.py").string();
        if (!std::filesystem::exists(script)) throw std::runtime_error(script + " not found");
        std::string program = "python3", directory = directory_.string(), lifetime = "600";
        char* argv[] = {program.data(), script.data(), directory.data(), lifetime.data(), nullptr};
        int port_pipe[2];
        if (pipe(port_pipe) != 0) throw std::runtime_error("pipe failed");
        const pid_t parent = getpid();
        pid_ = fork();
        if (pid_ < 0) throw std::runtime_error("fork failed");
        if (pid_ == 0) {  // only async-signal-safe calls until exec
            prctl(PR_SET_PDEATHSIG, SIGKILL);
            if (getppid() != parent) _exit(1);
            dup2(port_pipe[1], STDOUT_FILENO);
            close(port_pipe[0]);
            close(port_pipe[1]);
            execv("/usr/bin/python3", argv);
            _exit(127);
        }
        close(port_pipe[1]);
        port_ = read_port(port_pipe[0]);
        close(port_pipe[0]);
    }

    static int read_port(int fd) {
        std::string line;
        // Python and aiosmtpd take a moment to import, much longer when the machine is busy.
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
        while (line.find('\n') == std::string::npos) {
            const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
                deadline - std::chrono::steady_clock::now());
            pollfd ready{fd, POLLIN, 0};
            char buffer[64];
            ssize_t got = 0;
            if (left.count() <= 0 || poll(&ready, 1, static_cast<int>(left.count())) <= 0 ||
                (got = read(fd, buffer, sizeof buffer)) <= 0) {
                close(fd);
                throw std::runtime_error("the SMTP sink did not start (is python3-aiosmtpd installed?)");
            }
            line.append(buffer, static_cast<std::size_t>(got));
        }
        return std::stoi(line);
    }

    void stop() {
        if (pid_ > 0) {
            kill(pid_, SIGKILL);
            waitpid(pid_, nullptr, 0);
            pid_ = -1;
        }
        std::error_code ignored;
        std::filesystem::remove_all(directory_, ignored);
    }

    std::filesystem::path directory_;
    pid_t pid_ = -1;
    int port_ = 0;
};
