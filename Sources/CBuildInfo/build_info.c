#include "build_info.h"
/* The version of the source; scripts/package, scripts/man and the Debian changelog read it here. */
#ifndef INSPECTD_VERSION
#define INSPECTD_VERSION "0.1.0"
#endif
#ifndef INSPECTD_COMMIT
#define INSPECTD_COMMIT "development build"
#endif
const char *inspectd_build_version(void) { return INSPECTD_VERSION; }
const char *inspectd_build_commit(void) { return INSPECTD_COMMIT; }
