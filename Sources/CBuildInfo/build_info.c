#include "build_info.h"
/* A packaged build's version and commit: scripts/package writes them to this header in a
   directory of its own and adds that directory to the include path — a flag that is the same for
   every version and commit, so that stamping another one recompiles this file alone (a -D flag
   per version changed every compiler command line and rebuilt every module, dependencies too). */
#if defined(__has_include)
#if __has_include(<inspectd_build_stamp.h>)
#include <inspectd_build_stamp.h>
#endif
#endif
/* The version of the source; scripts/package, scripts/man and the Debian changelog read it here. */
#ifndef INSPECTD_VERSION
#define INSPECTD_VERSION "0.1.0"
#endif
#ifndef INSPECTD_COMMIT
#define INSPECTD_COMMIT "development build"
#endif
const char *inspectd_build_version(void) { return INSPECTD_VERSION; }
const char *inspectd_build_commit(void) { return INSPECTD_COMMIT; }
