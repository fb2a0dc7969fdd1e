/* A plain C interface to the parts of poppler-cpp Triage uses: open a PDF from memory, read a
 * page's text layer, render a page to 8-bit grey for OCR. No C++ type and no exception crosses
 * it: every call catches everything and answers with a status. */
#ifndef TRIAGE_CPOPPLER_H
#define TRIAGE_CPOPPLER_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* What a call did. */
typedef enum {
    TRIAGE_PDF_OK = 0,
    /* The bytes are not a PDF poppler can open (corrupt, truncated, not a PDF). */
    TRIAGE_PDF_DAMAGED = 1,
    /* The PDF is encrypted and needs a user password. */
    TRIAGE_PDF_LOCKED = 2,
    /* A page could not be loaded, read or rendered. */
    TRIAGE_PDF_BAD_PAGE = 3,
    /* Memory ran out. */
    TRIAGE_PDF_NO_MEMORY = 4,
    /* Any other failure (an exception poppler threw). */
    TRIAGE_PDF_FAILED = 5
} triage_pdf_status;

/* An open PDF document. */
typedef struct triage_pdf triage_pdf;

/* Opens a PDF from a copy of `data`. On success *pdf is a handle for triage_pdf_close. On failure
 * *pdf is NULL and `message` (capacity bytes, may be NULL) receives a NUL-terminated reason. */
triage_pdf_status triage_pdf_open(const void *data, size_t length, triage_pdf **pdf, char *message, size_t capacity);

/* Closes a handle; NULL is allowed. */
void triage_pdf_close(triage_pdf *pdf);

/* The number of pages. */
int triage_pdf_page_count(const triage_pdf *pdf);

/* The reason of the last failed call on `pdf` (empty when none); valid until the next call. */
const char *triage_pdf_last_error(const triage_pdf *pdf);

/* The text layer of page `index` (from 0) in reading order, as UTF-8 in a buffer from malloc
 * (free it with triage_pdf_free); *length excludes the terminating NUL. */
triage_pdf_status triage_pdf_page_text(triage_pdf *pdf, int index, char **text, size_t *length);

/* The size of page `index`'s crop box in points (1/72 inch). */
triage_pdf_status triage_pdf_page_size(triage_pdf *pdf, int index, double *width, double *height);

/* Renders page `index` at `dpi` to 8-bit grey (0 black, 255 white) into a buffer from malloc
 * (free it with triage_pdf_free): *height rows of *stride bytes, the first *width of each used. */
triage_pdf_status triage_pdf_render_gray(
    triage_pdf *pdf, int index, double dpi, unsigned char **pixels, int *width, int *height, int *stride);

/* Frees a buffer returned by this interface; NULL is allowed. */
void triage_pdf_free(void *pointer);

#ifdef __cplusplus
}
#endif

#endif
