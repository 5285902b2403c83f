// OpenBLAS's CBLAS interface (cblas_sgemm, openblas_set_num_threads, openblas_get_config).
// The include path comes from `pkg-config openblas` (Debian: libopenblas-dev).
#include <cblas.h>
