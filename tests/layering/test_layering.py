"""Every #include under src/ follows the layers of DESIGN.md (rules: check_layers.py), and the checker catches
wrong includes (it is run on small trees written here)."""
import os
import shutil
import subprocess
import sys
import tempfile
import unittest

import check_layers

SRC = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "src")

# Known, being removed: wrong includes that exist today while the work removing them is under way. Each entry
# is (file under src/, included name). Empty this list as that work lands: an entry that no longer matches a
# wrong include fails the test, so the list only ever shrinks, and a new wrong include is never excused here.
KNOWN_BEING_REMOVED = set()  # wrong includes tolerated while they are being removed: none today


def write_tree(root, files):
    for rel, text in files.items():
        path = os.path.join(root, rel)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)


class SourceTree(unittest.TestCase):
    def test_every_include_follows_the_layers(self):
        found = check_layers.violations(SRC)
        new = [v for v in found if (v[0], v[2]) not in KNOWN_BEING_REMOVED]
        self.assertEqual(new, [], "wrong includes:\n" + "\n".join(map(check_layers.describe, new)))
        still = {(v[0], v[2]) for v in found}
        gone = sorted(KNOWN_BEING_REMOVED - still)
        self.assertEqual(gone, [], "these are fixed: remove them from KNOWN_BEING_REMOVED in test_layering.py")

    def test_every_layer_of_design_is_a_folder(self):
        folders = {d for d in os.listdir(SRC) if os.path.isdir(os.path.join(SRC, d))}
        self.assertEqual(folders, set(check_layers.LAYER_USES) - {"main"})


class Checker(unittest.TestCase):
    """The checker on small trees: each wrong include of the kinds the layers forbid is reported."""

    def setUp(self):
        self.root = tempfile.mkdtemp(prefix="salonbox-layering-")
        self.addCleanup(shutil.rmtree, self.root, True)

    def check(self, files):
        write_tree(self.root, files)
        return [(v[0], v[2]) for v in check_layers.violations(self.root)]

    def test_allowed_includes_pass(self):
        self.assertEqual(self.check({
            "main.cpp": '#include "cli/commands.h"\n#include <CLI/CLI.hpp>\n#include <sodium.h>\n',
            "cli/user.cpp": '#include "web/emails.h"\n#include "storage/user_store.h"\n#include <unistd.h>\n',
            "web/server.cpp": '#include <httplib.h>\n#include "auth/csrf.h"\n#include "embed/embedded_assets.h"\n',
            "storage/x.cpp": '#include <SQLiteCpp/Statement.h>\n#include <sqlite3.h>\n#include "domain/clock.h"\n',
            "domain/x.h": '#include "embed/embedded_assets.h"\n#include <date/tz.h>\n#include <string_view>\n',
            "pdf/pdf_canvas.h": "#include <hpdf.h>\n",
            "view/templates.h": "#include <kainjow/mustache.hpp>\n",
        }), [])

    def test_a_layer_including_a_layer_above_it_fails(self):
        self.assertEqual(self.check({"domain/rules.cpp": '#include "web/routes.h"\n'}), [("domain/rules.cpp", "web/routes.h")])

    def test_a_layer_including_a_peer_fails(self):
        self.assertEqual(self.check({"storage/x.cpp": '  #  include "auth/tokens.h"\n'}), [("storage/x.cpp", "auth/tokens.h")])

    def test_libraries_stay_in_their_layer(self):
        self.assertEqual(sorted(self.check({
            "web/admin/x.cpp": "#include <SQLiteCpp/Database.h>\n#include <sqlite3.h>\n",
            "app/serve.cpp": "#include <httplib.h>\n",
            "cli/user.cpp": "#include <CLI/CLI.hpp>\n",
            "web/static_assets.cpp": "#include <sodium.h>\n",
            "web/invoice_pdf.cpp": "#include <hpdf.h>\n",
            "app/mail_sender.cpp": "#include <curl/curl.h>\n",
            "web/context.cpp": "#include <kainjow/mustache.hpp>\n",
        })), [("app/mail_sender.cpp", "curl/curl.h"), ("app/serve.cpp", "httplib.h"), ("cli/user.cpp", "CLI/CLI.hpp"),
              ("web/admin/x.cpp", "SQLiteCpp/Database.h"), ("web/admin/x.cpp", "sqlite3.h"),
              ("web/context.cpp", "kainjow/mustache.hpp"), ("web/invoice_pdf.cpp", "hpdf.h"),
              ("web/static_assets.cpp", "sodium.h")])

    def test_headers_do_not_expose_what_only_sources_may_use(self):
        self.assertEqual(sorted(self.check({
            "web/context.h": "#include <httplib.h>\n",
            "storage/customer_store.h": "#include <SQLiteCpp/Database.h>\n",
        })), [("storage/customer_store.h", "SQLiteCpp/Database.h"), ("web/context.h", "httplib.h")])

    def test_a_private_header_stays_in_its_layer(self):
        self.assertEqual(self.check({
            "storage/statement.h": "#include <SQLiteCpp/Statement.h>\n",
            "storage/x.cpp": '#include "storage/statement.h"\n',
            "web/x.cpp": '#include "storage/statement.h"\n',
        }), [("web/x.cpp", "storage/statement.h")])

    def test_unknown_libraries_and_stray_files_fail(self):
        self.assertEqual(sorted(self.check({
            "web/x.cpp": '#include <boost/asio.hpp>\n#include "routes.h"\n#include "../domain/clock.h"\n',
            "stray.cpp": "int x;\n",
        })), [("stray.cpp", ""), ("web/x.cpp", "../domain/clock.h"), ("web/x.cpp", "boost/asio.hpp"), ("web/x.cpp", "routes.h")])

    def test_the_command_fails_on_a_wrong_include_and_names_it(self):
        write_tree(self.root, {"domain/rules.cpp": '#include "domain/rules.h"\n#include "web/routes.h"\n'})
        p = subprocess.run([sys.executable, check_layers.__file__, self.root], capture_output=True, text=True)
        self.assertEqual(p.returncode, 1)
        self.assertIn("src/domain/rules.cpp:2: web/routes.h: domain may include domain, embed only", p.stdout)


if __name__ == "__main__":
    unittest.main()
