#include "build_info.h"
#ifndef INSPECTD_COMMIT
#define INSPECTD_COMMIT "development build"
#endif
const char *inspectd_build_commit(void) { return INSPECTD_COMMIT; }
