// The C interface of CPoppler.h over poppler-cpp. Every entry point catches every exception.
#include "CPoppler.h"

#include <poppler/cpp/poppler-document.h>
#include <poppler/cpp/poppler-global.h>
#include <poppler/cpp/poppler-image.h>
#include <poppler/cpp/poppler-page-renderer.h>
#include <poppler/cpp/poppler-page.h>

#include <cstdlib>
#include <cstring>
#include <memory>
#include <mutex>
#include <new>
#include <string>

struct triage_pdf {
    std::unique_ptr<poppler::document> document;
    std::string error;
};

namespace {

// poppler reports syntax errors of damaged files on standard error; the caller gets a status
// instead, so they are dropped.
void ignore_message(const std::string &, void *) {}

void quiet_poppler() {
    static std::once_flag once;
    std::call_once(once, [] { poppler::set_debug_error_function(ignore_message, nullptr); });
}

void copy_message(const char *text, char *message, size_t capacity) {
    if (message == nullptr || capacity == 0) return;
    std::strncpy(message, text, capacity - 1);
    message[capacity - 1] = '\0';
}

// Runs `body`, turning exceptions into statuses and recording why in pdf->error.
template <typename Body>
triage_pdf_status guarded(triage_pdf *pdf, Body body) {
    try {
        pdf->error.clear();
        return body();
    } catch (const std::bad_alloc &) {
        pdf->error = "out of memory";
        return TRIAGE_PDF_NO_MEMORY;
    } catch (const std::exception &exception) {
        pdf->error = exception.what();
        return TRIAGE_PDF_FAILED;
    } catch (...) {
        pdf->error = "unknown exception";
        return TRIAGE_PDF_FAILED;
    }
}

// The page at `index`, or nullptr with pdf->error set.
std::unique_ptr<poppler::page> load_page(triage_pdf *pdf, int index) {
    if (index < 0 || index >= pdf->document->pages()) {
        pdf->error = "page " + std::to_string(index + 1) + " does not exist";
        return nullptr;
    }
    std::unique_ptr<poppler::page> page(pdf->document->create_page(index));
    if (!page) pdf->error = "page " + std::to_string(index + 1) + " cannot be loaded";
    return page;
}

}  // namespace

extern "C" triage_pdf_status triage_pdf_open(
    const void *data, size_t length, triage_pdf **pdf, char *message, size_t capacity) {
    *pdf = nullptr;
    try {
        quiet_poppler();
        if (length > static_cast<size_t>(INT32_MAX)) {
            copy_message("the file is larger than 2 GiB", message, capacity);
            return TRIAGE_PDF_DAMAGED;
        }
        poppler::byte_array bytes(static_cast<const char *>(data), static_cast<const char *>(data) + length);
        // load_from_data takes the bytes over (it swaps the vector), so they live as long as the document.
        std::unique_ptr<poppler::document> document(poppler::document::load_from_data(&bytes));
        if (!document) {
            copy_message("poppler cannot open it as a PDF (damaged, truncated or not a PDF)", message, capacity);
            return TRIAGE_PDF_DAMAGED;
        }
        if (document->is_locked()) {
            copy_message("the PDF is encrypted and needs a password to open", message, capacity);
            return TRIAGE_PDF_LOCKED;
        }
        auto handle = std::make_unique<triage_pdf>();
        handle->document = std::move(document);
        *pdf = handle.release();
        return TRIAGE_PDF_OK;
    } catch (const std::bad_alloc &) {
        copy_message("out of memory", message, capacity);
        return TRIAGE_PDF_NO_MEMORY;
    } catch (const std::exception &exception) {
        copy_message(exception.what(), message, capacity);
        return TRIAGE_PDF_FAILED;
    } catch (...) {
        copy_message("unknown exception", message, capacity);
        return TRIAGE_PDF_FAILED;
    }
}

extern "C" void triage_pdf_close(triage_pdf *pdf) {
    try {
        delete pdf;
    } catch (...) {
    }
}

extern "C" int triage_pdf_page_count(const triage_pdf *pdf) {
    try {
        return pdf->document->pages();
    } catch (...) {
        return 0;
    }
}

extern "C" const char *triage_pdf_last_error(const triage_pdf *pdf) { return pdf->error.c_str(); }

extern "C" triage_pdf_status triage_pdf_page_text(triage_pdf *pdf, int index, char **text, size_t *length) {
    *text = nullptr;
    *length = 0;
    return guarded(pdf, [&]() -> triage_pdf_status {
        auto page = load_page(pdf, index);
        if (!page) return TRIAGE_PDF_BAD_PAGE;
        // Reading order (neither raw stream order nor physical layout), as pdftotext does by default.
        poppler::byte_array utf8 = page->text(poppler::rectf(), poppler::page::non_raw_non_physical_layout).to_utf8();
        char *buffer = static_cast<char *>(std::malloc(utf8.size() + 1));
        if (buffer == nullptr) {
            pdf->error = "out of memory";
            return TRIAGE_PDF_NO_MEMORY;
        }
        if (!utf8.empty()) std::memcpy(buffer, utf8.data(), utf8.size());
        buffer[utf8.size()] = '\0';
        *text = buffer;
        *length = utf8.size();
        return TRIAGE_PDF_OK;
    });
}

extern "C" triage_pdf_status triage_pdf_page_size(triage_pdf *pdf, int index, double *width, double *height) {
    *width = 0;
    *height = 0;
    return guarded(pdf, [&]() -> triage_pdf_status {
        auto page = load_page(pdf, index);
        if (!page) return TRIAGE_PDF_BAD_PAGE;
        poppler::rectf box = page->page_rect(poppler::crop_box);
        *width = box.width();
        *height = box.height();
        // A page rotated by a quarter turn is rendered with its sides swapped.
        auto orientation = page->orientation();
        if (orientation == poppler::page::landscape || orientation == poppler::page::seascape) {
            std::swap(*width, *height);
        }
        return TRIAGE_PDF_OK;
    });
}

extern "C" triage_pdf_status triage_pdf_render_gray(
    triage_pdf *pdf, int index, double dpi, unsigned char **pixels, int *width, int *height, int *stride) {
    *pixels = nullptr;
    *width = 0;
    *height = 0;
    *stride = 0;
    return guarded(pdf, [&]() -> triage_pdf_status {
        auto page = load_page(pdf, index);
        if (!page) return TRIAGE_PDF_BAD_PAGE;
        poppler::page_renderer renderer;
        renderer.set_render_hint(poppler::page_renderer::antialiasing, true);
        renderer.set_render_hint(poppler::page_renderer::text_antialiasing, true);
        renderer.set_image_format(poppler::image::format_gray8);
        poppler::image image = renderer.render_page(page.get(), dpi, dpi);
        if (!image.is_valid() || image.format() != poppler::image::format_gray8) {
            pdf->error = "page " + std::to_string(index + 1) + " cannot be rendered";
            return TRIAGE_PDF_BAD_PAGE;
        }
        size_t size = static_cast<size_t>(image.bytes_per_row()) * static_cast<size_t>(image.height());
        unsigned char *buffer = static_cast<unsigned char *>(std::malloc(size == 0 ? 1 : size));
        if (buffer == nullptr) {
            pdf->error = "out of memory";
            return TRIAGE_PDF_NO_MEMORY;
        }
        std::memcpy(buffer, image.const_data(), size);
        *pixels = buffer;
        *width = image.width();
        *height = image.height();
        *stride = image.bytes_per_row();
        return TRIAGE_PDF_OK;
    });
}

extern "C" void triage_pdf_free(void *pointer) { std::free(pointer); }
