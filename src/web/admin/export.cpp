// The export screen: one click downloads every table a salon owner cares about, as CSV files in a ZIP.
#include "storage/audit_store.h"
#include "storage/export_archive.h"
#include "view/format.h"
#include "web/handlers.h"

#include <atomic>
#include <filesystem>
#include <string>

namespace salonbox::web {

void admin_export_page(Context& ctx) {
    auto d = ctx.page_data(ctx.t("admin.export.title"), "export");
    ctx.render(200, "admin/export", std::move(d));
}

void admin_export_download(Context& ctx) {
    auto slot = ctx.services.exports.try_take();
    if (!slot) {
        ctx.res.set_header("Retry-After", "60");
        return ctx.error_page(503, "error.export_busy");
    }
    // Written to a private scratch file and sent from there: a large salon's export never sits in memory.
    static std::atomic<unsigned> exports_made{0};
    const auto scratch = storage::export_scratch_dir(ctx.services.registry.data_dir()) /
                         ("export-" + std::to_string(exports_made.fetch_add(1)) + ".zip");
    try {
        ctx.db->read([&](storage::ReadTx& db) { storage::write_export_zip(db, scratch); });
    } catch (...) {
        std::error_code ec;
        std::filesystem::remove(scratch, ec);
        throw;
    }
    auto file = FileBody::open_and_unlink(scratch);
    ctx.db->write([&](storage::WriteTx& db) { storage::audit_store::record(db, ctx.session->user.id, "export", "", "", ctx.client_ip); });
    auto day = view::DateFormatter(ctx.services.catalogs, ctx.locale, ctx.salon.time_zone).input_value(ctx.now()).substr(0, 10);
    ctx.res.status = 200;
    ctx.res.set_header("Content-Disposition", "attachment; filename=\"" + ctx.salon.slug + "-export-" + day + ".zip\"");
    ctx.res.content_type = "application/zip";
    ctx.res.file = std::move(file);
}

}  // namespace salonbox::web
