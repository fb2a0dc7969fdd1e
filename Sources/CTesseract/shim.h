#include <stdio.h>
#include <tesseract/capi.h>
#include <leptonica/allheaders.h>
