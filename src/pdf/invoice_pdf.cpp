#include "pdf/invoice_pdf.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <string_view>

#include "pdf/pdf_canvas.h"

namespace salonbox::pdf {

namespace {

constexpr Rgb k_ink{0.12f, 0.13f, 0.15f};
constexpr Rgb k_muted{0.40f, 0.42f, 0.46f};
constexpr Rgb k_accent{0.12f, 0.28f, 0.42f};
constexpr Rgb k_rule{0.80f, 0.82f, 0.85f};
constexpr Rgb k_band{0.94f, 0.95f, 0.96f};
constexpr Rgb k_watermark{0.90f, 0.91f, 0.93f};
constexpr Rgb k_paid{0.10f, 0.48f, 0.26f};

constexpr TextStyle k_salon_name{Weight::bold, 15, k_ink};
constexpr TextStyle k_salon_line{Weight::regular, 9, k_muted};
constexpr TextStyle k_title{Weight::bold, 22, k_accent};
constexpr TextStyle k_meta_label{Weight::regular, 9, k_muted};
constexpr TextStyle k_meta_value{Weight::bold, 9.5, k_ink};
constexpr TextStyle k_customer_name{Weight::bold, 11, k_ink};
constexpr TextStyle k_customer_line{Weight::regular, 10, k_ink};
constexpr TextStyle k_customer_email{Weight::regular, 9.5, k_muted};
constexpr TextStyle k_column_header{Weight::bold, 8.5, k_ink};
constexpr TextStyle k_cell{Weight::regular, 9.5, k_ink};
constexpr TextStyle k_total_row{Weight::regular, 10, k_ink};
constexpr TextStyle k_grand_total{Weight::bold, 12, k_ink};
constexpr TextStyle k_payment_label{Weight::regular, 9.5, k_muted};
constexpr TextStyle k_payment_value{Weight::regular, 9.5, k_ink};
constexpr TextStyle k_footer{Weight::regular, 8, k_muted};
constexpr TextStyle k_running_header{Weight::regular, 8.5, k_muted};
constexpr TextStyle k_page_number{Weight::regular, 8, k_muted};
constexpr TextStyle k_stamp{Weight::bold, 20, k_paid};
constexpr TextStyle k_stamp_line{Weight::regular, 9.5, k_ink};
constexpr TextStyle k_due_label{Weight::bold, 11, k_ink};
constexpr TextStyle k_due_amount{Weight::bold, 20, k_accent};
constexpr TextStyle k_due_note{Weight::regular, 9, k_muted};
constexpr TextStyle k_note{Weight::regular, 9, k_ink};
constexpr TextStyle k_paid_by{Weight::bold, 9.5, k_ink};

constexpr double k_margin_x = 50;
constexpr double k_margin_top = 48;
// Table rows, totals and payments stay above this on every page; the page number sits below it.
constexpr double k_body_bottom = 60;
constexpr double k_footer_last_baseline = 44;
constexpr double k_page_number_baseline = 26;
constexpr double k_cell_padding_x = 6;
constexpr double k_cell_padding_y = 5;
constexpr double k_max_numeric_header_width = 96;  // wider numeric headers wrap instead of squeezing descriptions
constexpr double k_cap_height = 0.73;              // DejaVu Sans, as a fraction of the font size

constexpr double line_height(const TextStyle& style) { return style.size * 1.35; }

// Baseline that centres capitals vertically in a line box whose top edge is line_top.
constexpr double baseline_in(double line_top, const TextStyle& style) {
    return line_top - (line_height(style) + k_cap_height * style.size) / 2;
}

enum ColumnIndex : std::size_t { k_description, k_quantity, k_unit_price, k_tax, k_amount, k_column_count };

struct Column {
    double left = 0, right = 0;
    Align align = Align::left;

    double text_width() const { return right - left - 2 * k_cell_padding_x; }
    double anchor() const { return align == Align::right ? right - k_cell_padding_x : left + k_cell_padding_x; }
};

// A table row broken into the lines of each cell.
struct WrappedRow {
    std::array<std::vector<std::string>, k_column_count> cells;
    std::size_t line_count = 0;
};

bool has_visible_text(std::string_view text) { return text.find_first_not_of(" \t\r\n") != std::string_view::npos; }

// "Facture FA2602-0001", or whichever of the two exists (a draft has no number).
std::string document_reference(const InvoiceDocument& invoice) {
    if (!has_visible_text(invoice.number)) return invoice.title;
    if (!has_visible_text(invoice.title)) return invoice.number;
    return invoice.title + " " + invoice.number;
}

std::array<std::string_view, k_column_count> cells_of(const InvoiceLineRow& row) {
    return {row.description, row.quantity, row.unit_price, row.tax_rate, row.amount};
}

class InvoiceLayout {
public:
    InvoiceLayout(Canvas& canvas, const InvoiceDocument& invoice) : canvas_(canvas), invoice_(invoice) {}

    void render() {
        new_page();
        first_page_header();
        status_box();
        plan_columns();
        table_header();
        table_rows();
        totals_and_payments();
        notes();
        footer();
        number_pages();
    }

private:
    // Every page starts here, so the watermark lies under whatever is drawn on the page afterwards.
    void new_page() {
        canvas_.add_page();
        page_width_ = canvas_.page_width();
        page_height_ = canvas_.page_height();
        if (!has_visible_text(invoice_.watermark)) return;
        const double diagonal = std::hypot(page_width_, page_height_);
        const std::string mark = one_line(invoice_.watermark, {Weight::bold, 10, k_watermark}, 1e6);
        const double width_at_10 = canvas_.text_width(mark, Weight::bold, 10);
        // Two thirds of the diagonal, at most 120 pt high.
        const double size = width_at_10 > 0 ? std::min(120.0, 10 * diagonal * 0.66 / width_at_10) : 120.0;
        const double degrees = std::atan2(page_height_, page_width_) * 180 / 3.14159265358979;
        canvas_.rotated_text(page_width_ / 2, page_height_ / 2, degrees, mark, {Weight::bold, size, k_watermark});
    }

    double left() const { return k_margin_x; }
    double right() const { return page_width_ - k_margin_x; }
    double content_width() const { return right() - left(); }

    // Draws text wrapped to max_width from `top` down, without blank lines (addresses often end with one).
    // Returns the y under the last line, or `top` when there is nothing to draw.
    double block(double anchor_x, double top, double max_width, std::string_view text, const TextStyle& style,
                 Align align) {
        double y = top;
        for (const std::string& line : canvas_.wrap(text, style.weight, style.size, max_width)) {
            if (line.empty()) continue;
            canvas_.text(anchor_x, baseline_in(y, style), line, style, align);
            y -= line_height(style);
        }
        return y;
    }

    void first_page_header() {
        const double top = page_height_ - k_margin_top;

        const double salon_width = content_width() * 0.5;
        double salon_bottom = block(left(), top, salon_width, invoice_.salon_name, k_salon_name, Align::left) - 3;
        for (const std::string* line : {&invoice_.salon_address, &invoice_.salon_phone, &invoice_.salon_tax_id_line}) {
            salon_bottom = block(left(), salon_bottom, salon_width, *line, k_salon_line, Align::left);
        }

        const double heading_width = content_width() * 0.45;
        double heading_bottom = block(right(), top, heading_width, invoice_.title, k_title, Align::right) - 6;
        heading_bottom = reference_rows(heading_bottom, heading_width);

        // The customer goes on the right under the reference, where European business letters put the addressee.
        const double customer_width = content_width() * 0.42;
        const double customer_left = right() - customer_width;
        const double customer_top = heading_bottom - 22;
        double customer_bottom =
            block(customer_left, customer_top, customer_width, invoice_.customer_name, k_customer_name, Align::left);
        customer_bottom = block(customer_left, customer_bottom - 2, customer_width, invoice_.customer_address,
                                k_customer_line, Align::left);
        customer_bottom = block(customer_left, customer_bottom, customer_width, invoice_.customer_email,
                                k_customer_email, Align::left);

        y_ = std::min(salon_bottom, customer_bottom) - 26;
    }

    // Number, date and the further references as a small two-column table flush right: labels right-aligned
    // against the values.
    double reference_rows(double top, double max_width) {
        std::vector<std::pair<std::string_view, std::string_view>> rows{
            {invoice_.number_label, invoice_.number}, {invoice_.date_label, invoice_.date}};
        for (const auto& [label, value] : invoice_.more_references) rows.emplace_back(label, value);
        double value_width = 0;
        for (const auto& [label, value] : rows) {
            value_width = std::max(value_width, canvas_.text_width(value, k_meta_value.weight, k_meta_value.size));
        }
        value_width = std::min(value_width, max_width * 0.6);
        const double value_left = right() - value_width;
        const double label_right = value_left - 10;
        double y = top;
        for (const auto& [label, value] : rows) {
            if (!has_visible_text(label) && !has_visible_text(value)) continue;
            const double label_bottom =
                block(label_right, y, max_width - value_width - 10, label, k_meta_label, Align::right);
            const double value_bottom = block(value_left, y, value_width, value, k_meta_value, Align::left);
            y = std::min({label_bottom, value_bottom, y - line_height(k_meta_value)});
        }
        return y;
    }

    // Numeric columns take the width of their widest cell; the description gets the rest, at least 35%.
    void plan_columns() {
        const std::array<std::string_view, k_column_count> headers = column_headers();
        std::array<double, k_column_count> widths{};
        double numeric_total = 0;
        for (std::size_t column = k_quantity; column < k_column_count; ++column) {
            double widest = std::min(canvas_.text_width(headers[column], k_column_header.weight, k_column_header.size),
                                     k_max_numeric_header_width);
            for (const InvoiceLineRow& row : invoice_.lines) {
                widest = std::max(widest, canvas_.text_width(cells_of(row)[column], k_cell.weight, k_cell.size));
            }
            widths[column] = std::max(widest, 24.0) + 2 * k_cell_padding_x;
            numeric_total += widths[column];
        }
        const double numeric_limit = content_width() * 0.65;
        if (numeric_total > numeric_limit) {
            for (std::size_t column = k_quantity; column < k_column_count; ++column) {
                widths[column] *= numeric_limit / numeric_total;
            }
            numeric_total = numeric_limit;
        }
        widths[k_description] = content_width() - numeric_total;

        double x = left();
        for (std::size_t column = 0; column < k_column_count; ++column) {
            columns_[column] = {x, x + widths[column], column == k_description ? Align::left : Align::right};
            x += widths[column];
        }
    }

    std::array<std::string_view, k_column_count> column_headers() const {
        return {invoice_.col_description, invoice_.col_quantity, invoice_.col_unit_price, invoice_.col_tax,
                invoice_.col_amount};
    }

    // Cells broken into lines; a trailing newline in a cell does not make the row taller.
    WrappedRow wrap_row(const std::array<std::string_view, k_column_count>& cells, const TextStyle& style) const {
        WrappedRow wrapped;
        for (std::size_t column = 0; column < k_column_count; ++column) {
            std::vector<std::string> lines =
                canvas_.wrap(cells[column], style.weight, style.size, columns_[column].text_width());
            while (lines.size() > 1 && lines.back().empty()) lines.pop_back();
            wrapped.line_count = std::max(wrapped.line_count, lines.size());
            wrapped.cells[column] = std::move(lines);
        }
        return wrapped;
    }

    static double row_height(std::size_t line_count, const TextStyle& style) {
        return 2 * k_cell_padding_y + static_cast<double>(line_count) * line_height(style);
    }

    // Draws lines [first, last) of every cell with the row's top at y_, and moves y_ under them.
    void draw_row_lines(const WrappedRow& row, std::size_t first, std::size_t last, const TextStyle& style) {
        const double line = line_height(style);
        for (std::size_t column = 0; column < k_column_count; ++column) {
            const std::vector<std::string>& lines = row.cells[column];
            for (std::size_t i = first; i < std::min(last, lines.size()); ++i) {
                const double line_top = y_ - k_cell_padding_y - static_cast<double>(i - first) * line;
                canvas_.text(columns_[column].anchor(), baseline_in(line_top, style), lines[i], style,
                             columns_[column].align);
            }
        }
        y_ -= row_height(last - first, style);
    }

    double table_header_height() const {
        return row_height(wrap_row(column_headers(), k_column_header).line_count, k_column_header);
    }

    void table_header() {
        const WrappedRow header = wrap_row(column_headers(), k_column_header);
        const double height = row_height(header.line_count, k_column_header);
        canvas_.fill_rectangle(left(), y_ - height, content_width(), height, k_band);
        canvas_.horizontal_rule(left(), right(), y_ - height, 0.8, k_ink);
        draw_row_lines(header, 0, header.line_count, k_column_header);
    }

    double body_space() const { return y_ - k_body_bottom - 2 * k_cell_padding_y; }

    void table_rows() {
        const double line = line_height(k_cell);
        // What a continuation page holds under its running header and table header: a row that fits there
        // moves to the next page whole, a longer one is split wherever it starts.
        const double fresh_space =
            continuation_body_top() - table_header_height() - k_body_bottom - 2 * k_cell_padding_y;
        const auto lines_per_fresh_page = static_cast<std::size_t>(std::max(1.0, std::floor(fresh_space / line)));
        bool page_is_fresh = false;

        for (const InvoiceLineRow& source : invoice_.lines) {
            const WrappedRow row = wrap_row(cells_of(source), k_cell);
            std::size_t first = 0;
            while (first < row.line_count) {
                const std::size_t remaining = row.line_count - first;
                const std::size_t room = static_cast<std::size_t>(std::max(0.0, std::floor(body_space() / line)));
                std::size_t last = row.line_count;
                if (remaining > room) {
                    if (!page_is_fresh && (remaining <= lines_per_fresh_page || room < 2)) {
                        continue_table_on_new_page();
                        page_is_fresh = true;
                        continue;
                    }
                    last = first + std::max<std::size_t>(room, 1);
                }
                draw_row_lines(row, first, last, k_cell);
                canvas_.horizontal_rule(left(), right(), y_, 0.5, k_rule);
                page_is_fresh = false;
                first = last;
                if (first < row.line_count) {
                    continue_table_on_new_page();
                    page_is_fresh = true;
                }
            }
        }
    }

    void continue_table_on_new_page() {
        start_continuation_page();
        table_header();
    }

    double running_header_rule_y() const { return page_height_ - k_margin_top - line_height(k_running_header) - 4; }
    double continuation_body_top() const { return running_header_rule_y() - 16; }

    // Later pages carry the salon and the document reference in one quiet line instead of the full header.
    void start_continuation_page() {
        new_page();
        const double baseline = baseline_in(page_height_ - k_margin_top, k_running_header);
        const double half = content_width() / 2 - 6;
        const TextStyle salon_style{Weight::bold, k_running_header.size, k_ink};
        canvas_.text(left(), baseline, one_line(invoice_.salon_name, salon_style, half), salon_style, Align::left);
        canvas_.text(right(), baseline, one_line(document_reference(invoice_), k_running_header, half),
                     k_running_header, Align::right);
        canvas_.horizontal_rule(left(), right(), running_header_rule_y(), 0.5, k_rule);
        y_ = continuation_body_top();
    }

    // The text on a single line of max_width, cut short with an ellipsis when it needs more.
    std::string one_line(std::string_view text, const TextStyle& style, double max_width) const {
        std::vector<std::string> lines = canvas_.wrap(text, style.weight, style.size, max_width);
        std::erase_if(lines, [](const std::string& line) { return line.empty(); });
        if (lines.size() <= 1) return lines.empty() ? std::string() : lines.front();
        constexpr std::string_view ellipsis = "\u2026";
        std::string line = lines.front();
        while (!line.empty() &&
               canvas_.text_width(line + std::string(ellipsis), style.weight, style.size) > max_width) {
            do line.pop_back();  // a whole UTF-8 character: continuation bytes first, then its lead byte
            while (!line.empty() && (static_cast<unsigned char>(line.back()) & 0xC0) == 0x80);
        }
        while (!line.empty() && line.back() == ' ') line.pop_back();
        return line + std::string(ellipsis);
    }

    struct LabelledRow {
        std::vector<std::string> label_lines;
        std::string value;
        const TextStyle* label_style;
        const TextStyle* value_style;

        double height() const {
            return static_cast<double>(std::max<std::size_t>(label_lines.size(), 1)) * line_height(*label_style);
        }
    };

    // Totals then payments, right-aligned under the amount column, kept together on one page.
    void totals_and_payments() {
        using Pair = std::pair<std::string, std::string>;
        auto visible = [](const Pair& row) { return has_visible_text(row.first) || has_visible_text(row.second); };
        const bool has_grand_total = has_visible_text(invoice_.total_label) || has_visible_text(invoice_.total);

        double label_width = 0, value_width = 0;
        auto widen = [&](std::string_view label, std::string_view value, const TextStyle& style) {
            label_width = std::max(label_width, canvas_.text_width(label, style.weight, style.size));
            value_width = std::max(value_width, canvas_.text_width(value, style.weight, style.size));
        };
        for (const Pair& row : invoice_.totals) widen(row.first, row.second, k_total_row);
        for (const Pair& row : invoice_.payment_rows) widen(row.first, row.second, k_payment_value);
        if (has_grand_total) widen(invoice_.total_label, invoice_.total, k_grand_total);

        const double value_right = columns_[k_amount].anchor();
        constexpr double gap = 20;
        const double natural_left = value_right - value_width - gap - label_width;
        const double aligned_left = columns_[k_unit_price].left + k_cell_padding_x;
        const double block_left = std::max(std::min(natural_left, aligned_left), left() + content_width() * 0.35);
        const double label_max_width = std::max(value_right - value_width - gap - block_left, 40.0);

        auto make_rows = [&](const std::vector<Pair>& pairs, const TextStyle& label_style,
                             const TextStyle& value_style) {
            std::vector<LabelledRow> rows;
            for (const Pair& pair : pairs) {
                if (!visible(pair)) continue;
                rows.push_back({canvas_.wrap(pair.first, label_style.weight, label_style.size, label_max_width),
                                pair.second, &label_style, &value_style});
            }
            return rows;
        };
        const std::vector<LabelledRow> totals = make_rows(invoice_.totals, k_total_row, k_total_row);
        const std::vector<LabelledRow> grand_total =
            has_grand_total ? make_rows({{invoice_.total_label, invoice_.total}}, k_grand_total, k_grand_total)
                            : std::vector<LabelledRow>{};
        const std::vector<LabelledRow> payments = make_rows(invoice_.payment_rows, k_payment_label, k_payment_value);

        constexpr double band_padding = 5;
        constexpr double section_gap = 10;
        auto height_of = [](const std::vector<LabelledRow>& rows) {
            double height = 0;
            for (const LabelledRow& row : rows) height += row.height();
            return height;
        };
        const double needed = 12 + height_of(totals) +
                              (grand_total.empty() ? 0 : 4 + height_of(grand_total) + 2 * band_padding) +
                              (payments.empty() ? 0 : section_gap + height_of(payments));
        if (totals.empty() && grand_total.empty() && payments.empty()) return;
        // The block is never split: it moves to a new page whole (it is a handful of rows in practice).
        if (y_ - needed < k_body_bottom) start_continuation_page();

        y_ -= 12;
        draw_labelled_rows(totals, block_left, value_right);
        if (!grand_total.empty()) {
            y_ -= 4;
            const double band_height = height_of(grand_total) + 2 * band_padding;
            canvas_.fill_rectangle(block_left - k_cell_padding_x, y_ - band_height,
                                   right() - block_left + k_cell_padding_x, band_height, k_band);
            canvas_.horizontal_rule(block_left - k_cell_padding_x, right(), y_, 0.8, k_ink);
            y_ -= band_padding;
            draw_labelled_rows(grand_total, block_left, value_right);
            y_ -= band_padding;
        }
        if (!payments.empty()) {
            y_ -= section_gap;
            draw_labelled_rows(payments, block_left, value_right);
        }
    }

    void draw_labelled_rows(const std::vector<LabelledRow>& rows, double label_left, double value_right) {
        for (const LabelledRow& row : rows) {
            const double line = line_height(*row.label_style);
            for (std::size_t i = 0; i < row.label_lines.size(); ++i) {
                canvas_.text(label_left, baseline_in(y_ - static_cast<double>(i) * line, *row.label_style),
                             row.label_lines[i], *row.label_style, Align::left);
            }
            canvas_.text(value_right, baseline_in(y_, *row.value_style), row.value, *row.value_style, Align::right);
            y_ -= row.height();
        }
    }

    // The stamp of a paid document, or the amount due of an unpaid one, framed across the page under the
    // addresses: the first thing a reader looks for.
    void status_box() {
        constexpr double padding = 10;
        constexpr double gap = 18;
        if (has_visible_text(invoice_.stamp)) {
            const double stamp_width =
                std::min(canvas_.text_width(invoice_.stamp, k_stamp.weight, k_stamp.size), content_width() * 0.4);
            const double lines_left = left() + padding + stamp_width + 24;
            const double lines_width = right() - padding - lines_left;
            std::vector<std::string> lines;
            for (const std::string& paragraph : invoice_.stamp_lines) {
                for (std::string& line : canvas_.wrap(paragraph, k_stamp_line.weight, k_stamp_line.size, lines_width)) {
                    if (!line.empty()) lines.push_back(std::move(line));
                }
            }
            const double lines_height = static_cast<double>(lines.size()) * line_height(k_stamp_line);
            const double height = std::max(line_height(k_stamp), lines_height) + 2 * padding;
            canvas_.stroke_rectangle(left(), y_ - height, content_width(), height, 1.5, k_paid);
            const double middle = y_ - height / 2;
            canvas_.text(left() + padding, baseline_in(middle + line_height(k_stamp) / 2, k_stamp),
                         one_line(invoice_.stamp, k_stamp, stamp_width), k_stamp, Align::left);
            double line_top = middle + lines_height / 2;
            for (const std::string& line : lines) {
                canvas_.text(lines_left, baseline_in(line_top, k_stamp_line), line, k_stamp_line, Align::left);
                line_top -= line_height(k_stamp_line);
            }
            y_ -= height + gap;
            return;
        }
        if (!has_visible_text(invoice_.amount_due)) return;
        const double amount_width =
            std::min(canvas_.text_width(invoice_.amount_due, k_due_amount.weight, k_due_amount.size), content_width() * 0.5);
        const double text_width = content_width() - amount_width - 3 * padding;
        const auto label = canvas_.wrap(invoice_.amount_due_label, k_due_label.weight, k_due_label.size, text_width);
        const auto note = canvas_.wrap(invoice_.amount_due_note, k_due_note.weight, k_due_note.size, text_width);
        auto count = [](const std::vector<std::string>& lines) {
            return static_cast<double>(std::count_if(lines.begin(), lines.end(), [](const auto& l) { return !l.empty(); }));
        };
        const double text_height = count(label) * line_height(k_due_label) + count(note) * line_height(k_due_note);
        const double height = std::max(line_height(k_due_amount), text_height) + 2 * padding;
        canvas_.fill_rectangle(left(), y_ - height, content_width(), height, k_band);
        canvas_.horizontal_rule(left(), right(), y_, 1.5, k_accent);
        const double middle = y_ - height / 2;
        double line_top = block(left() + padding, middle + text_height / 2, text_width, invoice_.amount_due_label,
                                k_due_label, Align::left);
        block(left() + padding, line_top, text_width, invoice_.amount_due_note, k_due_note, Align::left);
        canvas_.text(right() - padding, baseline_in(middle + line_height(k_due_amount) / 2, k_due_amount),
                     one_line(invoice_.amount_due, k_due_amount, amount_width), k_due_amount, Align::right);
        y_ -= height + gap;
    }

    // What paid for the document besides money, then the notes, left-aligned under the totals.
    void notes() {
        std::vector<std::pair<std::string, const TextStyle*>> lines;
        auto add = [&](const std::vector<std::string>& paragraphs, const TextStyle& style) {
            for (const std::string& paragraph : paragraphs) {
                for (std::string& line : canvas_.wrap(paragraph, style.weight, style.size, content_width())) {
                    if (!line.empty()) lines.emplace_back(std::move(line), &style);
                }
            }
        };
        add(invoice_.paid_by_package_or_credit, k_paid_by);
        add(invoice_.notes, k_note);
        if (lines.empty()) return;
        y_ -= 16;
        for (const auto& [line, style] : lines) {
            if (y_ - line_height(*style) < k_body_bottom) start_continuation_page();
            canvas_.text(left(), baseline_in(y_, *style), line, *style, Align::left);
            y_ -= line_height(*style);
        }
    }

    void footer() {
        std::vector<std::string> lines = canvas_.wrap(invoice_.footer, k_footer.weight, k_footer.size, content_width());
        while (!lines.empty() && lines.back().empty()) lines.pop_back();
        while (!lines.empty() && lines.front().empty()) lines.erase(lines.begin());
        if (lines.empty()) return;

        const double line = line_height(k_footer);
        const double last_line_top = k_footer_last_baseline + (line + k_cap_height * k_footer.size) / 2;
        const double footer_top = last_line_top + static_cast<double>(lines.size() - 1) * line;
        const double rule_y = footer_top + 6;
        if (y_ - 10 < rule_y) start_continuation_page();

        canvas_.horizontal_rule(left(), right(), rule_y, 0.5, k_rule);
        const double centre = (left() + right()) / 2;
        for (std::size_t i = 0; i < lines.size(); ++i) {
            canvas_.text(centre, baseline_in(footer_top - static_cast<double>(i) * line, k_footer), lines[i], k_footer,
                         Align::center);
        }
    }

    void number_pages() {
        const int count = canvas_.page_count();
        if (count < 2) return;
        for (int page = 0; page < count; ++page) {
            canvas_.select_page(page);
            canvas_.text(right(), k_page_number_baseline, std::to_string(page + 1) + " / " + std::to_string(count),
                         k_page_number, Align::right);
        }
    }

    Canvas& canvas_;
    const InvoiceDocument& invoice_;
    double page_width_ = 0, page_height_ = 0;
    double y_ = 0;  // top of the free space on the current page
    std::array<Column, k_column_count> columns_{};
};

}  // namespace

std::string render_invoice_pdf(const InvoiceDocument& invoice) {
    Canvas canvas;
    canvas.set_info(document_reference(invoice), invoice.salon_name, "salonbox");
    InvoiceLayout(canvas, invoice).render();
    return canvas.save();
}

}  // namespace salonbox::pdf
