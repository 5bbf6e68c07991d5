#include "app/service_notify.h"

#include <cstddef>
#include <cstdlib>
#include <cstring>
#include <string>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

namespace salonbox::app {

bool notify_service_manager(std::string_view state) {
    const char* socket_name = std::getenv("NOTIFY_SOCKET");
    if (!socket_name || !*socket_name) return true;
    const std::string name(socket_name);
    sockaddr_un address{};
    address.sun_family = AF_UNIX;
    // An abstract address is a leading NUL followed by the name, and its length counts exactly those bytes.
    if (name.size() >= sizeof(address.sun_path) || (name[0] != '/' && name[0] != '@')) return false;
    std::memcpy(address.sun_path, name.data(), name.size());
    if (name[0] == '@') address.sun_path[0] = '\0';
    const auto address_size = static_cast<socklen_t>(offsetof(sockaddr_un, sun_path) + name.size() + (name[0] == '/' ? 1 : 0));

    const int fd = ::socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    if (fd < 0) return false;
    const ssize_t sent = ::sendto(fd, state.data(), state.size(), MSG_NOSIGNAL, reinterpret_cast<const sockaddr*>(&address), address_size);
    ::close(fd);
    return sent == static_cast<ssize_t>(state.size());
}

}  // namespace salonbox::app
