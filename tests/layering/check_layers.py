"""The layer rules of DESIGN.md as a table, and a checker of every #include under src/ against it.

    python3 tests/layering/check_layers.py src     # prints each wrong include; exit 1 when there is one

Layers: domain <- storage | auth | view | pdf | mail <- web <- app <- cli <- main, and embed below them all.
A file may include its own layer and every layer below it (the closure of LAYER_USES), never a peer or a layer
above. A third-party library belongs to the layers of LIBRARIES; a header of the standard library (a name
without a dot or a slash) goes anywhere; any other angle-bracket header must be in LIBRARIES or OS_HEADERS, so
a new dependency is placed on purpose.
"""
import os
import re
import sys

# The layers each layer builds on directly (DESIGN.md); what they build on comes with them.
LAYER_USES = {
    "embed": set(),
    "domain": {"embed"},
    "storage": {"domain"},
    "auth": {"domain"},
    "view": {"domain"},
    "pdf": {"domain"},
    "mail": {"domain"},
    "web": {"storage", "auth", "view", "pdf", "mail"},
    "app": {"web"},
    "cli": {"app"},
    "main": {"cli"},  # src/main.cpp
}

# (header prefix, layers that may include it, whether headers (.h) of those layers may, why).
# "Headers may not" keeps a library's types out of what other layers see: only that layer's .cpp files use it.
LIBRARIES = [
    ("httplib.h", {"web"}, False, "cpp-httplib is web's, and costs ~3 s per translation unit: no header exposes it"),
    ("openssl/", {"web"}, False, "web/guarded_server.cpp reads native TLS connections with cpp-httplib's OpenSSL"),
    ("SQLiteCpp/", {"storage"}, False, "SQL lives in storage's .cpp files; store headers forward-declare"),
    ("sqlite3.h", {"storage"}, False, "SQL lives in storage's .cpp files"),
    ("sodium.h", {"auth", "mail", "main"}, False,
     "libsodium: auth's hashing and tokens; mail's base64 and MIME boundaries; sodium_init() once in main"),
    ("CLI/", {"main"}, False, "CLI11 costs ~8 s per file: main.cpp only"),
    ("hpdf.h", {"pdf"}, True, "libharu is pdf's (pdf_canvas.h wraps it for pdf's own files)"),
    ("curl/", {"mail", "main"}, False, "libcurl is mail's SMTP transport; curl_global_init() once in main"),
    ("kainjow/mustache.hpp", {"view"}, True, "templates are view's (view::Data is kainjow's data type)"),
    ("mustache.hpp", {"view"}, True, "templates are view's"),
    ("zip.h", {"storage"}, False, "the export archive is written by storage"),
    ("nlohmann/", {"storage", "view"}, False, "JSON assets: the breed list (storage) and the catalogs (view)"),
    ("date/", {"domain", "view"}, True, "time zones are domain's; view formats dates"),
    ("doctest/", set(), False, "tests only"),
]

# Operating-system headers, allowed in every layer (POSIX, and Windows' for the Windows build).
OS_HEADERS = re.compile(r"^(unistd\.h|fcntl\.h|termios\.h|pthread\.h|signal\.h|poll\.h|errno\.h|netdb\.h|dirent\.h|malloc\.h|"
                        r"sys/[a-z_/]+\.h|arpa/[a-z_]+\.h|netinet/[a-z_]+\.h|"
                        r"windows\.h|winsock2\.h|ws2tcpip\.h|sddl\.h|io\.h)$")

# Headers private to their layer: only files of that layer include them, so they may use what the layer's .cpp
# files use (storage/statement.h wraps SQLiteCpp's statements for the stores' .cpp files).
PRIVATE_HEADERS = {"storage/statement.h"}

SOURCE_SUFFIXES = (".cpp", ".cc")
HEADER_SUFFIXES = (".h", ".hpp")
INCLUDE = re.compile(r'^\s*#\s*include\s*([<"])([^>"]+)[>"]')


def allowed_layers(layer):
    """The layers `layer` may include: itself and everything below it."""
    seen, todo = {layer}, [layer]
    while todo:
        for below in LAYER_USES[todo.pop()]:
            if below not in seen:
                seen.add(below)
                todo.append(below)
    return seen


def layer_of(relative_path):
    """The layer of a file given relative to src/, or None for a file outside every layer."""
    parts = relative_path.split("/")
    if parts == ["main.cpp"]:
        return "main"
    if len(parts) > 1 and parts[0] in LAYER_USES and parts[0] != "main":
        return parts[0]
    return None


def check_include(path, layer, kind, name):
    """Why `#include <name>` / `"name"` in file `path` of `layer` is wrong, or None when it is allowed."""
    is_header = path.endswith(HEADER_SUFFIXES) and path not in PRIVATE_HEADERS
    if kind == '"':
        target = name.split("/")[0] if "/" in name else None
        if target not in LAYER_USES or target == "main":
            return 'project headers are included as "<layer>/<file>"'
        if target not in allowed_layers(layer):
            return "%s may include %s only" % (layer, ", ".join(sorted(allowed_layers(layer))))
        if name in PRIVATE_HEADERS and target != layer:
            return "private to %s: only its own files include it" % target
        return None
    for prefix, owners, headers_may, why in LIBRARIES:
        if name == prefix or (prefix.endswith("/") and name.startswith(prefix)):
            if layer not in owners:
                return "belongs to %s (%s)" % (", ".join(sorted(owners)) or "no layer", why)
            if is_header and not headers_may:
                return "only .cpp files of %s may include it (%s)" % (layer, why)
            return None
    if "." not in name and "/" not in name:
        return None  # the C++ standard library
    if OS_HEADERS.match(name):
        return None
    return "unknown library header: add it to LIBRARIES in tests/layering/check_layers.py with its layer"


def violations(src_root):
    """Every wrong include under `src_root`, as (path relative to src_root, line number, included name, reason)."""
    found = []
    for directory, _, files in os.walk(src_root):
        for file_name in sorted(files):
            if not file_name.endswith(SOURCE_SUFFIXES + HEADER_SUFFIXES):
                continue
            full = os.path.join(directory, file_name)
            rel = os.path.relpath(full, src_root).replace(os.sep, "/")
            layer = layer_of(rel)
            if layer is None:
                found.append((rel, 0, "", "outside every layer: sources live in src/<layer>/ or are src/main.cpp"))
                continue
            with open(full, encoding="utf-8") as f:
                for number, line in enumerate(f, 1):
                    m = INCLUDE.match(line)
                    if not m:
                        continue
                    reason = check_include(rel, layer, m.group(1), m.group(2))
                    if reason:
                        found.append((rel, number, m.group(2), reason))
    return sorted(found)


def describe(v):
    rel, number, name, reason = v
    return "src/%s:%d: %s: %s" % (rel, number, name, reason) if name else "src/%s: %s" % (rel, reason)


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: check_layers.py SRC_DIR")
    problems = violations(sys.argv[1])
    for v in problems:
        print(describe(v))
    sys.exit(1 if problems else 0)
